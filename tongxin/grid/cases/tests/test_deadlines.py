"""The deadline job against a hand-made case whose every deadline is worked out by hand."""

from __future__ import annotations

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from tongxin.grid.cases import services
from tongxin.grid.cases.deadlines import run_deadlines
from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent
from tongxin.grid.cases.workflow import State

SH = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=SH)


@pytest.fixture
def category(db):
    # 4 working hours to accept, 2 working days to resolve.
    return CaseCategory.objects.create(
        code="t_leak", name_zh="屋顶漏水", accept_limit=4, accept_unit="hours", resolve_limit=2, resolve_unit="days"
    )


@pytest.fixture
def case(world, grid_worker, category):
    # Monday 2026-11-16 09:00 → accept by 13:00 the same day; resolve by Wed 18th 17:30.
    return services.case_report(
        actor=grid_worker, category=category, description="顶楼漏水", area=world.building1, at=at(16, 9)
    )


def kinds(case):
    return sorted(CaseEvent.objects.filter(case=case).values_list("kind", "key"))


def test_deadlines_of_the_hand_made_case(case):
    assert case.accept_due == at(16, 13)
    assert case.resolve_due == at(18, 17, 30)


def test_warning_then_overdue_then_yellow_card_for_acceptance(case):
    run_deadlines(at=at(16, 10))  # 1 of 4 hours gone: nothing yet
    assert kinds(case) == []
    run_deadlines(at=at(16, 12, 30))  # less than 20 % of the time left
    assert kinds(case) == [("accept_warning", "")]
    run_deadlines(at=at(16, 13, 1))
    assert kinds(case) == [("accept_overdue", ""), ("accept_warning", ""), ("yellow_card", "accept")]


def test_the_job_is_idempotent(case):
    for _ in range(3):
        run_deadlines(at=at(19, 9))
    counts = CaseEvent.objects.filter(case=case).values_list("kind", flat=True)
    assert sorted(counts) == ["accept_overdue", "escalated", "red_card", "resolve_overdue", "yellow_card"]


def test_second_missed_limit_is_a_red_card_and_the_case_climbs_the_ladder(case):
    run_deadlines(at=at(16, 14))  # acceptance missed: yellow
    run_deadlines(at=at(18, 18))  # resolution missed too: red, and up to the community
    case.refresh_from_db()
    assert case.level == Case.Level.COMMUNITY
    assert ("red_card", "resolve-0") in kinds(case)
    # A whole resolution period later (18th 17:30 + (18th 17:30 − 16th 09:00)) → subdistrict.
    run_deadlines(at=at(20, 23))
    case.refresh_from_db()
    assert case.level == Case.Level.COMMUNITY
    run_deadlines(at=at(21, 2, 1))
    case.refresh_from_db()
    assert case.level == Case.Level.SUBDISTRICT
    escalations = CaseEvent.objects.filter(case=case, kind="escalated").values_list("data", flat=True)
    assert [(e["from_level"], e["to_level"]) for e in escalations] == [
        ("grid", "community"),
        ("community", "subdistrict"),
    ]


def test_accepted_in_time_and_resolved_in_time_gets_nothing(case, grid_worker, secretary):
    steps = [
        (State.ACCEPTED, grid_worker, {}, at(16, 10)),
        (State.ASSIGNED, secretary, {"assignee": grid_worker}, at(16, 11)),
        (State.IN_PROGRESS, grid_worker, {}, at(16, 14)),
        (State.RESOLVED, grid_worker, {"comment": "已修复"}, at(17, 10)),
    ]
    for to, actor, extra, when in steps:
        case = services.case_transition(case=case, to_state=to, actor=actor, at=when, **extra)
    run_deadlines(at=at(25, 9))
    assert kinds(case) == []


def test_command_runs_for_a_given_moment_and_refuses_nonsense(case):
    out = io.StringIO()
    call_command("run_deadlines", "--at", "2026-11-16T13:30:00+08:00", stdout=out)
    assert "accept_overdue 1" in out.getvalue()
    call_command("run_deadlines", "--at", "2026-11-16T13:30:00", stdout=io.StringIO())  # naive: Asia/Shanghai
    with pytest.raises(CommandError, match="--at must be an ISO date and time"):
        call_command("run_deadlines", "--at", "next tuesday", stdout=io.StringIO())


def test_deadlines_task_runs_the_job(case, settings):
    from tongxin.grid.cases.tasks import deadlines_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = deadlines_task.enqueue()
    assert "T" in result.return_value
