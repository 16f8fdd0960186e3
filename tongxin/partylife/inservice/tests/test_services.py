"""The rules of reporting in, service entries and help for needy members, against hand-picked dates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tongxin.partylife.inservice import services
from tongxin.partylife.inservice.models import NeedyHelp, ReportIn, ServiceLog
from tongxin.partylife.inservice.tests.support import reported
from tongxin.partylife.points.models import Post
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.models import AuditEvent

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 1)


def errors(exc: pytest.ExceptionInfo[DomainError]) -> dict[str, list[str]]:
    return exc.value.message_dict if hasattr(exc.value, "message_dict") else {"__all__": exc.value.messages}


def staff():
    """A platform admin: the services check who writes, and these tests are about the other rules."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_staff", defaults={"is_superuser": True})[0]


def create(world, actor=None, **kwargs):
    actor = actor or staff()
    args = {"member": world.member1, "community": world.community, "reported_on": D(2026, 1, 10), "today": TODAY}
    args.update(kwargs)
    return services.report_in_create(actor=actor, **args)


# --- reporting in --------------------------------------------------------------------------------


def test_one_active_report_in_per_member(world, secretary):
    first = create(world, secretary, employer=" 示范区税务局 ", post="政策宣传")
    assert (first.active, first.employer, first.post, first.created_by) == (True, "示范区税务局", "政策宣传", secretary)
    assert AuditEvent.objects.filter(object_id=str(first.pk)).exists()
    with pytest.raises(DomainError, match="赵党员 已到 甲社区 报到，请先结束该报到") as exc:
        create(world, community=world.other_community)
    assert "member" in errors(exc)
    # The database holds the line too, should two requests race past the check.
    # The constraint's name on PostgreSQL, the column on SQLite.
    unique = r"reportin_one_active_per_member|UNIQUE constraint failed: inservice_reportin\.member_id"
    with pytest.raises(IntegrityError, match=unique), transaction.atomic():
        ReportIn.objects.create(member=world.member1, community=world.other_community, reported_on=D(2026, 2, 1))
    # Once the first has ended, the member reports in elsewhere.
    services.report_in_end(actor=secretary, report=first, ended_on=D(2026, 2, 1), reason="搬家", today=TODAY)
    second = create(world, community=world.other_community, reported_on=D(2026, 2, 1))
    first.refresh_from_db()
    assert (first.active, first.ended_on, first.end_reason) == (False, D(2026, 2, 1), "搬家")
    assert second.active and ReportIn.objects.filter(member=world.member1).count() == 2


def test_reporting_in_to_a_grid_or_on_a_bad_date_is_refused(world):
    with pytest.raises(DomainError, match="党员须到社区或村报到") as exc:
        create(world, community=world.grid1)
    assert "community" in errors(exc)
    for bad, message in (
        (D(2026, 3, 2), "请填写 1990 年至今天之间的日期"),
        (D(1989, 12, 31), "请填写 1990 年至今天之间的日期"),
        ("2026-01-01", "请填写日期"),
        (None, "请填写日期"),
    ):
        with pytest.raises(DomainError) as exc:
            create(world, reported_on=bad)
        assert "reported_on" in errors(exc), bad
        assert message in " ".join(errors(exc)["reported_on"]), bad
    assert not ReportIn.objects.exists()


def test_claimed_post_must_be_of_the_community(world):
    ours = Post.objects.create(org=world.branch1, kind="claimed", title="楼道清洁认领岗")
    # A resident unit's branch is tied to no place: its posts are not the community's.
    theirs = Post.objects.create(org=world.unit_branch, kind="claimed", title="医院岗")
    with pytest.raises(DomainError, match="请选择党员报到社区设置的岗位") as exc:
        create(world, claimed_post=theirs)
    assert "claimed_post" in errors(exc)
    report = create(world, claimed_post=ours)
    # The post's title names the claim when no words were given.
    assert (report.claimed_post, report.post) == (ours, "楼道清洁认领岗")


def test_ending_a_report_in(world):
    report = create(world)
    services.service_log_record(
        actor=staff(),
        report=report,
        served_on=D(2026, 2, 10),
        hours="2",
        description="巡逻",
        confirmed=True,
        today=TODAY,
    )
    for bad, message in (
        (D(2026, 1, 9), "报到结束日期不能早于报到日期"),
        (D(2026, 3, 2), "请填写 1990 年至今天之间的日期"),
    ):
        with pytest.raises(DomainError, match=message):
            services.report_in_end(actor=staff(), report=report, ended_on=bad, today=TODAY)
    # Service is recorded after the 1st of February: the report-in cannot end before it.
    with pytest.raises(DomainError, match="该日期之后还有服务记录，请选择更晚的日期") as exc:
        services.report_in_end(actor=staff(), report=report, ended_on=D(2026, 2, 1), today=TODAY)
    assert "ended_on" in errors(exc)
    services.report_in_end(actor=staff(), report=report, ended_on=D(2026, 2, 10), today=TODAY)
    with pytest.raises(DomainError, match="该报到已经结束"):
        services.report_in_end(actor=staff(), report=report, ended_on=D(2026, 2, 20), today=TODAY)
    # No more service under an ended report-in.
    report.refresh_from_db()
    with pytest.raises(DomainError, match="该报到已结束，不能再登记服务记录"):
        services.service_log_record(
            actor=staff(),
            report=report,
            served_on=D(2026, 2, 10),
            hours="1",
            description="x",
            confirmed=True,
            today=TODAY,
        )


# --- service entries -----------------------------------------------------------------------------


RANGE = "一天的服务时长须在 0.5 至 24 小时之间"
NUMBER = "请用数字填写时长"


@pytest.mark.parametrize(
    "hours,message",
    [
        *[(hours, RANGE) for hours in ("-1", "0", "0.4", "24.5", "25", "100", "1e3")],
        ("1.25", "时长最多保留一位小数"),
        *[(hours, NUMBER) for hours in ("abc", "", None, "NaN", "Infinity", "-Infinity")],
    ],
)
def test_hostile_hours_are_refused(world, hours, message):
    report = reported(world.branch1, "孙党员", world.community, D(2026, 1, 1))
    with pytest.raises(DomainError) as exc:
        services.service_log_record(
            actor=staff(),
            report=report,
            served_on=D(2026, 2, 1),
            hours=hours,
            description="服务",
            confirmed=True,
            today=TODAY,
        )
    assert "hours" in errors(exc)
    assert message in " ".join(errors(exc)["hours"])
    assert not ServiceLog.objects.exists()


def test_service_dates_and_text(world):
    report = reported(world.branch1, "孙党员", world.community, D(2026, 1, 10))
    for bad, message in (
        (D(2026, 1, 9), "服务日期不能早于报到日期"),
        (D(2026, 3, 2), "请填写 1990 年至今天之间的日期"),
        (D(1900, 1, 1), "请填写 1990 年至今天之间的日期"),
        ("2026-02-01", "请填写日期"),
        (None, "请填写日期"),
    ):
        with pytest.raises(DomainError) as exc:
            services.service_log_record(
                actor=staff(), report=report, served_on=bad, hours="1", description="服务", confirmed=True, today=TODAY
            )
        assert "served_on" in errors(exc), bad
        assert message in " ".join(errors(exc)["served_on"]), bad
    with pytest.raises(DomainError, match="请填写服务内容") as exc:
        services.service_log_record(
            actor=staff(), report=report, served_on=TODAY, hours="1", description="   ", confirmed=True, today=TODAY
        )
    assert "description" in errors(exc)
    log = services.service_log_record(
        actor=staff(), report=report, served_on=TODAY, hours="24", description="抗洪值守", confirmed=False, today=TODAY
    )
    assert (log.hours, log.confirmed, log.member_id) == (Decimal("24"), False, report.member_id)
    # A day has 24 hours, however many entries it is logged in.
    with pytest.raises(DomainError, match="当天已登记 24 小时；一天只有 24 小时") as exc:
        services.service_log_record(
            actor=staff(), report=report, served_on=TODAY, hours="0.5", description="值守", confirmed=True, today=TODAY
        )
    assert "hours" in errors(exc)
    services.service_log_confirm(actor=staff(), log=log)
    log.refresh_from_db()
    assert log.confirmed
    with pytest.raises(DomainError, match="该记录已经确认过了"):
        services.service_log_confirm(actor=staff(), log=log)


def test_hours_constraint_in_the_database(world):
    report = reported(world.branch1, "孙党员", world.community)
    for hours in ("0", "-2", "24.5"):
        with pytest.raises(IntegrityError, match="servicelog_hours_range"), transaction.atomic():
            ServiceLog.objects.create(
                member_id=report.member_id, report_in=report, served_on=D(2026, 1, 1), hours=Decimal(hours)
            )


# --- needy members -------------------------------------------------------------------------------


def test_needy_help_rules(world, secretary):
    needy = world.member2
    help_ = services.needy_help_record(
        actor=secretary,
        member=needy,
        given_on=D(2026, 1, 20),
        kind="material",
        amount=Decimal("500.00"),
        today=TODAY,
    )
    assert help_.amount == Decimal("500.00")
    cases = [
        ({"kind": "material", "amount": None}, "amount", "请填写金额（元）或物品折价"),
        ({"kind": "material", "amount": Decimal("-5")}, "amount", "请填写金额（元）或物品折价"),
        ({"kind": "material", "amount": Decimal("0.001")}, "amount", "请填写金额（元），精确到分"),
        ({"kind": "material", "amount": Decimal("99999999")}, "amount", "请填写金额（元），精确到分"),
        ({"kind": "visit", "amount": Decimal("100")}, "amount", "只有物质帮扶才填写金额"),
        ({"kind": "other", "description": " "}, "description", "请填写帮扶内容"),
        ({"kind": "bribe"}, "kind", "请选择帮扶方式"),
        ({"kind": "visit", "given_on": D(2026, 3, 2)}, "given_on", "请填写 1990 年至今天之间的日期"),
    ]
    for kwargs, field, message in cases:
        args = {"given_on": D(2026, 2, 1), **kwargs}
        with pytest.raises(DomainError) as exc:
            services.needy_help_record(actor=staff(), member=needy, today=TODAY, **args)
        assert field in errors(exc), kwargs
        assert message in " ".join(errors(exc)[field]), kwargs
    # Help is recorded for members marked as needy only.
    with pytest.raises(DomainError, match="赵党员 未被标记为困难党员"):
        services.needy_help_record(
            actor=staff(), member=world.member1, given_on=D(2026, 2, 1), kind="visit", today=TODAY
        )
    assert NeedyHelp.objects.count() == 1
