from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from tongxin.grid.cases import services
from tongxin.grid.cases.deadlines import run_deadlines
from tongxin.grid.cases.models import CaseCategory
from tongxin.grid.cases.workflow import State
from tongxin.platform.inbox.models import Notification

SH = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.datetime(2026, 11, 16, 9, 0, tzinfo=SH)


@pytest.fixture
def case(world, grid_worker, secretary):
    category = CaseCategory.objects.create(code="t_leak", name_zh="屋顶漏水", accept_limit=4, resolve_limit=2)
    return services.case_report(
        actor=None,
        category=category,
        description="顶楼漏水",
        area=world.building1,
        source="public",
        reporter_phone="13912345678",
        at=MONDAY,
    )


def inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_assignee_is_told_and_reporter_gets_a_text(
    case, grid_worker, secretary, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.case_transition(case=case, to_state=State.ACCEPTED, actor=secretary)
        services.case_transition(case=case, to_state=State.ASSIGNED, actor=secretary, assignee=grid_worker)
    assert inbox(grid_worker) == ["assignment"]
    assert [m.phone for m in outbox] == ["13912345678"]
    assert case.tracking_code in outbox[0].text


def test_overdue_tells_the_grid_and_escalation_tells_the_community(case, grid_worker, neighbour_grid_worker, secretary):
    run_deadlines(at=datetime.datetime(2026, 11, 16, 13, 30, tzinfo=SH))
    assert inbox(grid_worker) == ["overdue"]
    assert inbox(neighbour_grid_worker) == []
    run_deadlines(at=datetime.datetime(2026, 11, 25, 9, 0, tzinfo=SH))
    assert "escalation" in inbox(secretary)
