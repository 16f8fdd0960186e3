from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.models import AuditEvent
from tongxin.volunteering.service.models import HoursSource, ServiceHours, Volunteer
from tongxin.volunteering.service.queries import may_lead, teams_led_by, teams_visible_to, volunteers_visible_to
from tongxin.volunteering.service.services import (
    hours_confirm,
    hours_confirm_many,
    hours_credit_apply,
    hours_reject,
    volunteer_for_user,
)
from tongxin.volunteering.service.tests.support import join, served, team, volunteer

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False):
        yield


def credit(v, **kw):
    args = dict(
        volunteer=v,
        area=v.area,
        served_on=TODAY,
        hours=Decimal("2.5"),
        description="修水管",
        source=HoursSource.ACTIVITY,
        source_id=7,
        actor=None,
    )
    args.update(kw)
    return hours_credit_apply(**args)  # the ledger step other capabilities call


def test_credit_writes_one_row_and_audit(world, secretary):
    v = volunteer(world.community, "孙志愿")
    row = credit(v, actor=secretary)
    assert row.hours == Decimal("2.5") and row.confirmed_at is None and row.created_by == secretary
    assert AuditEvent.objects.filter(object_type="service.servicehours", object_id=str(row.pk)).exists()


def test_credit_is_idempotent_per_source_and_updates_while_pending(world):
    v = volunteer(world.community, "孙志愿")
    first = credit(v)
    second = credit(v, hours=Decimal("3"))
    assert first.pk == second.pk and ServiceHours.objects.count() == 1
    assert ServiceHours.objects.get().hours == Decimal("3")
    # another volunteer, same source: another row
    other = volunteer(world.community, "周志愿")
    credit(other)
    assert ServiceHours.objects.count() == 2


def test_credit_refuses_a_confirmed_row(world, secretary):
    v = volunteer(world.community, "孙志愿")
    credit(v, confirmed=True, actor=secretary)
    with pytest.raises(DomainError, match="孙志愿的这条时长已确认，不能再修改"):
        credit(v, hours=Decimal("1"))
    assert ServiceHours.objects.get().hours == Decimal("2.5")


def test_manual_rows_without_source_id_are_separate(world):
    v = volunteer(world.community, "孙志愿")
    credit(v, source=HoursSource.MANUAL, source_id=None)
    credit(v, source=HoursSource.MANUAL, source_id=None)
    assert ServiceHours.objects.count() == 2


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"hours": Decimal("0")}, "hours", "请填写时长：大于0，最多24小时"),
        ({"hours": Decimal("-1")}, "hours", "请填写时长：大于0，最多24小时"),
        ({"hours": Decimal("24.5")}, "hours", "请填写时长：大于0，最多24小时"),
        ({"hours": "abc"}, "hours", "请填写时长：大于0，最多24小时"),
        ({"hours": Decimal("1.234")}, "hours", "时长最多保留两位小数"),
        ({"served_on": TODAY + datetime.timedelta(days=1)}, "served_on", "不能为将来的日期登记时长"),
        ({"served_on": "2026-01-01"}, "served_on", "请填写日期"),
        ({"description": "   "}, "description", "请填写服务内容"),
        ({"source": "nonsense"}, "source", "时长来源无效"),
        ({"people_served": -1}, "people_served", "请填写服务人次（0或以上）"),
    ],
)
def test_credit_refuses_bad_input(world, changes, field, message):
    v = volunteer(world.community, "孙志愿")
    with pytest.raises(DomainError) as exc:
        credit(v, **changes)
    assert field in exc.value.message_dict
    assert message in " ".join(exc.value.message_dict[field])
    assert not ServiceHours.objects.exists()


def test_credit_accepts_24_hours_and_string_hours(world):
    v = volunteer(world.community, "孙志愿")
    assert credit(v, hours="24").hours == Decimal("24")


def test_confirm_and_reject(world, secretary):
    v = volunteer(world.community, "孙志愿")
    row = credit(v)
    hours_confirm(hours=row, actor=secretary)
    row.refresh_from_db()
    assert row.confirmed_at is not None and row.confirmed_by == secretary
    with pytest.raises(DomainError, match="这条时长已确认"):
        hours_confirm(hours=row, actor=secretary)
    with pytest.raises(DomainError, match="这条时长已确认"):
        hours_reject(hours=row, actor=secretary, reason="没来")
    pending = credit(v, source_id=8)
    with pytest.raises(DomainError, match="请说明退回原因"):
        hours_reject(hours=pending, actor=secretary, reason=" ")
    hours_reject(hours=pending, actor=secretary, reason="没来")
    assert not ServiceHours.objects.filter(pk=pending.pk).exists()
    event = AuditEvent.objects.get(object_type="service.servicehours", object_id=str(pending.pk), action="delete")
    assert event.changes["reason"] == "没来"


def test_confirm_many_skips_confirmed(world, secretary):
    v = volunteer(world.community, "孙志愿")
    rows = [credit(v, source_id=i) for i in (1, 2, 3)]
    hours_confirm(hours=rows[0], actor=secretary)
    assert hours_confirm_many(rows=rows, actor=secretary) == 2
    assert ServiceHours.objects.filter(confirmed_at__isnull=True).count() == 0


def test_volunteer_for_user_creates_once_and_links_the_member(world, party_member):
    v = volunteer_for_user(user=party_member, area=world.grid1)
    assert v.area == world.community and v.member == world.member1 and v.name == "赵党员"
    assert volunteer_for_user(user=party_member, area=world.community).pk == v.pk
    assert Volunteer.objects.count() == 1


def test_volunteer_for_user_adopts_the_members_record(world, party_member):
    existing = volunteer(world.community, "赵党员", member=world.member1)
    assert volunteer_for_user(user=party_member, area=world.community).pk == existing.pk
    existing.refresh_from_db()
    assert existing.user == party_member


def test_volunteer_for_user_without_member_uses_display_name(world, outsider):
    outsider.display_name = "吴邻居"
    outsider.save()
    v = volunteer_for_user(user=outsider, area=world.other_community)
    assert v.name == "吴邻居" and v.member is None and v.area == world.other_community


def test_queries_scope_and_leadership(world, secretary, grid_worker, outsider, party_member):
    mine = team(world.community, "甲维修队")
    theirs = team(world.other_community, "乙维修队")
    assert set(teams_visible_to(secretary)) == {mine}
    assert set(teams_visible_to(outsider)) == set()
    leader = volunteer(world.other_community, "赵党员", user=party_member)
    theirs.leader = leader
    theirs.save()
    assert set(teams_led_by(party_member)) == {theirs}
    assert may_lead(party_member, theirs) and not may_lead(party_member, mine)
    assert may_lead(secretary, mine) and not may_lead(secretary, theirs)
    assert not may_lead(grid_worker, mine)
    assert set(teams_visible_to(party_member)) == {theirs}
    member_v = volunteer(world.community, "钱志愿", user=outsider)
    join(mine, member_v)
    assert set(teams_visible_to(outsider)) == {mine}
    assert set(volunteers_visible_to(secretary)) == {member_v}
    served(member_v, TODAY, "1")
