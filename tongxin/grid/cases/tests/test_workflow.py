from __future__ import annotations

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from tongxin.grid.cases import services
from tongxin.grid.cases.exceptions import CaseChanged, TransitionNotAllowed
from tongxin.grid.cases.models import Case, CaseCategory, CaseTransition
from tongxin.grid.cases.workflow import TRANSITIONS, State
from tongxin.platform.core.exceptions import DomainError

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Monday morning in an ordinary week of 2026.
MONDAY = datetime.datetime(2026, 11, 16, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def category(db):
    return CaseCategory.objects.create(
        code="t_sewage", name_zh="污水外溢", accept_limit=4, accept_unit="hours", resolve_limit=3, resolve_unit="days"
    )


@pytest.fixture
def case(world, grid_worker, category):
    return services.case_report(
        actor=grid_worker, category=category, description="3号楼下水道返水", area=world.building1, at=MONDAY
    )


def test_report_lands_in_the_grid_with_deadlines(case, world):
    assert case.grid == world.grid1 and case.state == State.REPORTED
    assert case.accept_due == datetime.datetime(2026, 11, 16, 13, 0, tzinfo=SHANGHAI)  # 4 office hours
    assert case.resolve_due == datetime.datetime(2026, 11, 19, 17, 30, tzinfo=SHANGHAI)  # 3rd working day after
    assert len(case.tracking_code) == 8
    assert [t.to_state for t in case.transitions.all()] == [State.REPORTED]


def test_cannot_report_outside_own_grid(world, grid_worker, category):
    with pytest.raises(DomainError, match="只能上报您负责范围内的事件"):
        services.case_report(actor=grid_worker, category=category, description="x", area=world.building2, at=MONDAY)


def test_the_whole_road_to_closed(case, grid_worker, secretary):
    services.case_transition(case=case, to_state=State.ACCEPTED, actor=grid_worker)
    services.case_transition(case=case, to_state=State.ASSIGNED, actor=secretary, assignee=grid_worker)
    services.case_transition(case=case, to_state=State.IN_PROGRESS, actor=grid_worker)
    services.case_transition(case=case, to_state=State.RESOLVED, actor=grid_worker, comment="已疏通")
    services.case_transition(case=case, to_state=State.VERIFIED, actor=secretary)
    services.case_transition(case=case, to_state=State.CLOSED, actor=secretary)
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.closed_at is not None and case.version == 7
    timeline = list(case.transitions.values_list("from_state", "to_state", "actor_name"))
    assert [t[1] for t in timeline] == [
        "reported", "accepted", "assigned", "in_progress", "resolved", "verified", "closed",
    ]  # fmt: skip
    assert timeline[4][2] == "t_grid1"


@pytest.mark.parametrize("frm,to", list(TRANSITIONS))
def test_every_transition_is_possible_for_a_supervisor(world, case, secretary, grid_worker, frm, to):
    Case.objects.filter(pk=case.pk).update(state=frm)
    case.refresh_from_db()
    assignee = grid_worker if to == State.ASSIGNED else None
    moved = services.case_transition(case=case, to_state=to, actor=secretary, comment="理由", assignee=assignee)
    assert moved.state == to


def test_refusals(case, grid_worker, neighbour_grid_worker, building_leader, secretary):
    # Not a step of the workflow.
    with pytest.raises(TransitionNotAllowed, match="处于“已上报”状态的事件不能转为“已结案”"):
        services.case_transition(case=case, to_state=State.CLOSED, actor=secretary)
    with pytest.raises(TransitionNotAllowed, match="您的角色无权对该事件执行此操作"):  # another grid's worker
        services.case_transition(case=case, to_state=State.ACCEPTED, actor=neighbour_grid_worker)
    # A building leader reports, does not dispatch.
    with pytest.raises(TransitionNotAllowed, match="您的角色无权对该事件执行此操作"):
        services.case_transition(case=case, to_state=State.ACCEPTED, actor=building_leader)
    with pytest.raises(DomainError, match="请说明理由：上报人和督办人都会看到"):  # a rejection must say why
        services.case_transition(case=case, to_state=State.REJECTED, actor=grid_worker)
    services.case_transition(case=case, to_state=State.ACCEPTED, actor=grid_worker)
    with pytest.raises(DomainError, match="请选择承办人"):  # assigning needs somebody, and somebody in scope
        services.case_transition(case=case, to_state=State.ASSIGNED, actor=secretary)
    with pytest.raises(DomainError, match="此人不负责事件所在地"):
        services.case_transition(case=case, to_state=State.ASSIGNED, actor=secretary, assignee=neighbour_grid_worker)
    assert Case.objects.get(pk=case.pk).state == State.ACCEPTED
    assert CaseTransition.objects.filter(case=case).count() == 2


def test_a_stale_view_is_told_the_case_changed(case, grid_worker, secretary):
    stale = Case.objects.get(pk=case.pk)
    services.case_transition(case=case, to_state=State.ACCEPTED, actor=grid_worker)
    with pytest.raises(CaseChanged, match="其他人刚刚处理了该事件"):
        services.case_transition(case=stale, to_state=State.RETURNED, actor=secretary, comment="请补充照片")


@pytest.mark.django_db(transaction=True)
def test_two_people_at_the_same_moment_exactly_one_wins(world, grid_worker, secretary, category):
    case = services.case_report(
        actor=grid_worker, category=category, description="噪音扰民", area=world.building1, at=MONDAY
    )
    results: list[str] = []
    barrier = threading.Barrier(2)

    def act(actor, to, comment):
        mine = Case.objects.get(pk=case.pk)
        barrier.wait()
        try:
            services.case_transition(case=mine, to_state=to, actor=actor, comment=comment)
            results.append("ok")
        except CaseChanged:
            results.append("changed")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(grid_worker, State.ACCEPTED, "")),
        threading.Thread(target=act, args=(secretary, State.REJECTED, "不属于本社区")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["changed", "ok"]
    assert CaseTransition.objects.filter(case=case).count() == 2
