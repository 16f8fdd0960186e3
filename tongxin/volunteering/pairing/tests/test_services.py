"""Pairing services: every rule refuses whole with a message on the field; audit rows; hours and cases."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.grid.cases.photos import photos_process
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.models import AuditEvent
from tongxin.volunteering.pairing import services
from tongxin.volunteering.pairing.models import Beneficiary, BeneficiaryKind, Pairing, PairingPhoto, PairingVisit
from tongxin.volunteering.pairing.tests.support import D, beneficiary, paired, png, team, visited, volunteer
from tongxin.volunteering.service.models import HoursSource, ServiceHours

TODAY = D(2025, 6, 30)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 6, 30, 10, tzinfo=datetime.UTC), tick=False):
        yield


def _errors(exc: pytest.ExceptionInfo[DomainError]) -> dict[str, list[str]]:
    return {k: [str(m) for e in v for m in e.messages] for k, v in exc.value.error_dict.items()}


# beneficiary_add


def test_add_a_resident_writes_the_row_and_the_audit(world, secretary):
    b = services.beneficiary_add(
        actor=secretary,
        community=world.community,
        kind=BeneficiaryKind.EMPTY_NEST,
        since=D(2025, 1, 1),
        resident=world.zhangsan,
        needs="独居，腿脚不便",
    )
    assert (b.name, b.area, b.household, b.community) == ("张三", world.building1, world.household1, world.community)
    assert AuditEvent.objects.filter(object_type__icontains="beneficiary", object_id=str(b.pk)).exists()


def test_add_a_whole_household_and_a_needy_member(world, secretary):
    h = services.beneficiary_add(
        actor=secretary,
        community=world.community,
        kind=BeneficiaryKind.NEEDY_HOUSEHOLD,
        since=D(2025, 1, 1),
        household=world.household2,
    )
    assert h.resident is None and h.area == world.building2 and "201" in h.name
    m = services.beneficiary_add(
        actor=secretary,
        community=world.community,
        kind=BeneficiaryKind.NEEDY_MEMBER,
        since=D(2025, 1, 1),
        member=world.member2,
    )
    # 钱党员's branch is built in grid 2: that is where the record lives.
    assert m.area == world.grid2 and m.member == world.member2


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"kind": "rich"}, "kind", "请从列表中选择帮扶对象类别"),
        ({"since": D(2025, 7, 1)}, "since", "请填写 1990 年至今天之间的日期"),
        ({"since": "2025-01-01"}, "since", "请填写日期"),
        ({"since": D(1980, 1, 1)}, "since", "请填写 1990 年至今天之间的日期"),
        ({"resident": None}, "resident", "请选择要帮扶的居民、困难党员或家庭"),
        ({"kind": BeneficiaryKind.NEEDY_MEMBER}, "member", "请选择困难党员"),
    ],
)
def test_add_refuses_bad_input(world, secretary, changes, field, message):
    kwargs = {
        "actor": secretary,
        "community": world.community,
        "kind": "disabled",
        "since": D(2025, 1, 1),
        "resident": world.lisi,
    }
    kwargs.update(changes)
    with pytest.raises(DomainError) as exc:
        services.beneficiary_add(**kwargs)
    assert field in _errors(exc)
    assert message in " ".join(_errors(exc)[field])
    assert not Beneficiary.objects.exists()


def test_add_refuses_other_communitys_resident_and_non_needy_member_and_twice(world, secretary):
    with pytest.raises(DomainError, match="该居民不住在本社区") as exc:
        services.beneficiary_add(
            actor=secretary, community=world.community, kind="other", since=D(2025, 1, 1), resident=world.wangwu
        )
    assert "resident" in _errors(exc)
    with pytest.raises(DomainError, match="赵党员 未被标记为困难党员") as exc:
        services.beneficiary_add(
            actor=secretary, community=world.community, kind="needy_member", since=D(2025, 1, 1), member=world.member1
        )
    assert "member" in _errors(exc)
    with pytest.raises(DomainError, match="请选择社区或村") as exc:
        services.beneficiary_add(
            actor=secretary, community=world.grid1, kind="other", since=D(2025, 1, 1), resident=world.zhangsan
        )
    assert "community" in _errors(exc)
    services.beneficiary_add(
        actor=secretary, community=world.community, kind="disabled", since=D(2025, 1, 1), resident=world.lisi
    )
    with pytest.raises(DomainError) as exc:
        services.beneficiary_add(
            actor=secretary, community=world.community, kind="disabled", since=D(2025, 1, 1), resident=world.lisi
        )
    assert "已在帮扶对象名单中" in _errors(exc)["resident"][0]
    assert Beneficiary.objects.count() == 1


# pairing_start


def test_start_one_to_one_and_many_to_one(world, secretary):
    b = beneficiary(world)
    v = volunteer(world.community, "孙志愿")
    t = team(world.community, "为老服务队")
    p = services.pairing_start(
        actor=secretary,
        beneficiary=b,
        helpers=[world.member1, v, t, world.unit],
        goal="每周探望",
        started_on=D(2025, 2, 1),
        visit_interval_days=14,
    )
    assert sorted(p.helpers.values_list("name", flat=True)) == sorted(["赵党员", "孙志愿", "为老服务队", "示范医院"])
    assert p.visit_interval_days == 14 and p.is_open
    assert AuditEvent.objects.filter(object_id=str(p.pk), action="create").exists()


def test_start_refuses_a_second_open_pairing_and_bad_helpers(world, secretary):
    b = beneficiary(world)
    paired(b, world.member1)
    with pytest.raises(DomainError) as exc:
        services.pairing_start(
            actor=secretary, beneficiary=b, helpers=[world.member2], goal="x", started_on=D(2025, 3, 1)
        )
    assert "已有进行中的结对" in _errors(exc)["__all__"][0]
    b2 = beneficiary(world, resident=world.lisi)
    other_v = volunteer(world.other_community, "外社区志愿者")
    cases = [
        ({"helpers": []}, "helpers", "请至少选择一名帮扶人"),
        ({"helpers": [other_v]}, "helpers", "外社区志愿者 不是本社区在册的志愿者或志愿服务队"),
        ({"helpers": [world.other_unit]}, "helpers", "乙社区超市 不是本社区的驻区单位"),
        ({"helpers": [world.member1, world.member1]}, "helpers", "赵党员 被重复选择"),
        ({"goal": "  "}, "goal", "请填写结对目标"),
        ({"started_on": D(2025, 7, 1)}, "started_on", "请填写 1990 年至今天之间的日期"),
        ({"started_on": D(2024, 12, 31)}, "started_on", "结对日期不能早于帮扶起始日期"),
        ({"visit_interval_days": 0}, "visit_interval_days", "走访周期为1至366天"),
        ({"visit_interval_days": "30"}, "visit_interval_days", "走访周期为1至366天"),
    ]
    for changes, field, message in cases:
        kwargs = {
            "actor": secretary,
            "beneficiary": b2,
            "helpers": [world.member1],
            "goal": "探望",
            "started_on": D(2025, 2, 1),
        }
        kwargs.update(changes)
        with pytest.raises(DomainError) as exc:
            services.pairing_start(**kwargs)
        assert field in _errors(exc), changes
        assert message in " ".join(_errors(exc)[field]), changes
    assert not Pairing.objects.filter(beneficiary=b2).exists()


def test_start_refuses_a_closed_beneficiary(world, secretary):
    b = beneficiary(world, closed_on=D(2025, 3, 1))
    with pytest.raises(DomainError, match="张三 已不再是本社区的帮扶对象"):
        services.pairing_start(
            actor=secretary, beneficiary=b, helpers=[world.member1], goal="x", started_on=D(2025, 2, 1)
        )


# pairing_visit_log


def test_visit_with_money_photos_and_a_case(world, secretary):
    category = CaseCategory.objects.create(code="t_repair", name_zh="房屋维修")
    p = paired(beneficiary(world), world.member1)
    photos = photos_process([png()])
    v = services.pairing_visit_log(
        actor=secretary,
        pairing=p,
        visited_on=D(2025, 6, 1),
        help_kind="money",
        amount="500",
        helper=p.helpers.get(),
        note="春节慰问金",
        photos=photos,
        problem="厨房水管漏水",
        category=category,
    )
    assert v.amount == Decimal("500.00") and v.by_name == "赵党员" and v.by_user == secretary
    assert PairingPhoto.objects.filter(visit=v).count() == 1
    case = Case.objects.get()
    assert v.case == case and case.household == world.household1 and case.description == "厨房水管漏水"
    assert AuditEvent.objects.filter(object_id=str(v.pk), action="create").exists()


def test_visit_of_a_volunteer_credits_hours_once_and_a_helper_entry_waits(world, secretary, party_member):
    v = volunteer(world.community, "孙志愿")
    p = paired(beneficiary(world), v)
    visit = services.pairing_visit_log(
        actor=secretary, pairing=p, visited_on=D(2025, 6, 1), help_kind="service", hours="2.5", helper=p.helpers.get()
    )
    row = ServiceHours.objects.get()
    assert (row.volunteer, row.hours, row.source, row.source_id, row.area) == (
        v,
        Decimal("2.5"),
        HoursSource.PAIRING,
        visit.pk,
        world.community,
    )
    assert row.confirmed_at is not None
    # A team helper's hours go to the team member who logs the visit, waiting for confirmation.
    mine = volunteer(world.community, "赵党员", user=party_member, member=world.member1)
    t = team(world.community, "为老服务队", mine)
    p2 = paired(beneficiary(world, resident=world.lisi), t)
    visit2 = services.pairing_visit_log(
        actor=party_member,
        pairing=p2,
        visited_on=D(2025, 6, 2),
        help_kind="visit",
        hours="1",
        helper=p2.helpers.get(),
        confirmed=False,
    )
    row2 = ServiceHours.objects.get(source_id=visit2.pk)
    assert (row2.volunteer, row2.team, row2.confirmed_at) == (mine, t, None)


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"visited_on": D(2025, 7, 1)}, "visited_on", "请填写 1990 年至今天之间的日期"),
        ({"visited_on": D(2025, 1, 31)}, "visited_on", "走访日期不能早于结对日期"),
        ({"visited_on": None}, "visited_on", "请填写日期"),
        ({"help_kind": "hug"}, "help_kind", "请选择帮扶方式"),
        ({"help_kind": "money"}, "amount", "请填写金额（元）或物品折价"),
        ({"help_kind": "goods", "amount": "-3"}, "amount", "请填写金额（元）或物品折价"),
        ({"help_kind": "goods", "amount": "1.001"}, "amount", "请填写金额（元），精确到分"),
        ({"help_kind": "goods", "amount": "nan"}, "amount", "请填写金额（元）或物品折价"),
        ({"amount": "10"}, "amount", "只有资金或物资帮扶才填写金额"),
        ({"hours": "0.2"}, "hours", "一天的服务时长须在 0.5 至 24 小时之间"),
        ({"hours": "25"}, "hours", "一天的服务时长须在 0.5 至 24 小时之间"),
        ({"hours": "abc"}, "hours", "一天的服务时长须在 0.5 至 24 小时之间"),
        (
            {"hours": "1"},
            "hours",
            "服务时长只能计入志愿者",
        ),  # a member helper with no volunteer record: nobody to credit
        ({"help_kind": "other"}, "note", "请填写帮扶内容"),
        ({"problem": "漏水"}, "category", "请选择问题类别"),
    ],
)
def test_visit_refuses_bad_input(world, secretary, changes, field, message):
    p = paired(beneficiary(world), world.member1)
    kwargs = {
        "actor": secretary,
        "pairing": p,
        "visited_on": D(2025, 6, 1),
        "help_kind": "visit",
        "helper": p.helpers.get(),
    }
    kwargs.update(changes)
    with pytest.raises(DomainError) as exc:
        services.pairing_visit_log(**kwargs)
    assert field in _errors(exc)
    assert message in " ".join(_errors(exc)[field])
    assert not PairingVisit.objects.exists() and not ServiceHours.objects.exists()


def test_visit_refuses_a_closed_pairing_and_another_pairings_helper(world, secretary):
    b = beneficiary(world)
    closed = paired(b, world.member1, closed_on=D(2025, 5, 1))
    with pytest.raises(DomainError, match="该结对已结束，不能再记录走访") as exc:
        services.pairing_visit_log(actor=secretary, pairing=closed, visited_on=D(2025, 4, 1), help_kind="visit")
    assert "__all__" in _errors(exc)
    other = paired(beneficiary(world, resident=world.lisi), world.member2)
    open_ = paired(b, world.member1)
    with pytest.raises(DomainError, match="请选择本结对的帮扶人") as exc:
        services.pairing_visit_log(
            actor=secretary, pairing=open_, visited_on=D(2025, 6, 1), help_kind="visit", helper=other.helpers.get()
        )
    assert "helper" in _errors(exc)


def test_a_failed_visit_leaves_no_photo_file(world, party_member, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    p = paired(beneficiary(world), world.member1)
    category = CaseCategory.objects.create(code="t_x", name_zh="其他")
    # The helper (赵党员) may log the visit but not report a case where they hold no role: the
    # whole visit is refused.
    with pytest.raises(DomainError, match="只能上报您负责范围内的事件"):
        services.pairing_visit_log(
            actor=party_member,
            helper=p.helpers.get(),
            pairing=p,
            visited_on=D(2025, 6, 1),
            help_kind="visit",
            photos=photos_process([png()]),
            problem="漏水",
            category=category,
        )
    assert not PairingVisit.objects.exists() and not PairingPhoto.objects.exists()
    assert not any(f.is_file() for f in tmp_path.rglob("*"))


# pairing_close


def test_close_with_outcome_and_a_death_closes_the_beneficiary(world, secretary):
    p = paired(beneficiary(world), world.member1)
    visited(p, D(2025, 3, 1))
    services.pairing_close(actor=secretary, pairing=p, closed_on=D(2025, 4, 1), outcome="achieved", note="已就业")
    p.refresh_from_db()
    assert (p.closed_on, p.outcome, p.closing_note) == (D(2025, 4, 1), "achieved", "已就业")
    assert p.beneficiary.closed_on is None
    p2 = paired(p.beneficiary, world.member1, started_on=D(2025, 4, 2))
    services.pairing_close(actor=secretary, pairing=p2, closed_on=D(2025, 6, 1), outcome="died")
    p2.beneficiary.refresh_from_db()
    assert p2.beneficiary.closed_on == D(2025, 6, 1)


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"outcome": ""}, "outcome", "请选择结对结果"),
        ({"outcome": "won"}, "outcome", "请选择结对结果"),
        ({"outcome": "other"}, "note", "请说明结对如何结束"),
        ({"closed_on": D(2025, 1, 1)}, "closed_on", "结束日期不能早于结对日期"),
        ({"closed_on": D(2025, 2, 15)}, "closed_on", "该日期之后还有走访记录"),  # a visit on 1 March comes after
        ({"closed_on": D(2025, 7, 1)}, "closed_on", "请填写 1990 年至今天之间的日期"),
    ],
)
def test_close_refuses_bad_input(world, secretary, changes, field, message):
    p = paired(beneficiary(world), world.member1)
    visited(p, D(2025, 3, 1))
    kwargs = {"actor": secretary, "pairing": p, "closed_on": D(2025, 4, 1), "outcome": "partly"}
    kwargs.update(changes)
    with pytest.raises(DomainError) as exc:
        services.pairing_close(**kwargs)
    assert field in _errors(exc)
    assert message in " ".join(_errors(exc)[field])
    p.refresh_from_db()
    assert p.closed_on is None


def test_close_twice_is_refused(world, secretary):
    p = paired(beneficiary(world), world.member1, closed_on=D(2025, 4, 1))
    with pytest.raises(DomainError, match="该结对已经结束"):
        services.pairing_close(actor=secretary, pairing=p, closed_on=D(2025, 5, 1), outcome="achieved")
