"""Every write of a case checks its actor itself: the wrong person is refused in the service."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tongxin.grid.cases import duplicates, handover, services, supervision
from tongxin.grid.cases.models import CaseCategory
from tongxin.grid.cases.workflow import State
from tongxin.platform.core.exceptions import Forbidden


@pytest.fixture
def category(db):
    return CaseCategory.objects.create(code="t_noise", name_zh="噪音扰民", accept_limit=4, resolve_limit=3)


@pytest.fixture
def case(world, grid_worker, secretary, category):
    case = services.case_report(actor=grid_worker, category=category, description="夜间噪音", area=world.building1)
    case = services.case_transition(case=case, to_state=State.ACCEPTED, actor=grid_worker)
    return services.case_transition(case=case, to_state=State.ASSIGNED, actor=secretary, assignee=grid_worker)


@pytest.fixture
def sent(case, world, grid_worker):
    return handover.case_hand_over(case=case, actor=grid_worker, kind="unit", target_id=world.unit.pk, note="请处理")


def _reported(world, category):
    return services.case_report(actor=None, category=category, description="又吵了", area=world.building1)


def _unplaced(world, category):
    """A case waiting at community 甲's office to be placed (位置待核实)."""
    return services.case_report(
        actor=None, category=category, description="又吵了", area=world.community, address="东门外", unplaced=True
    )


WRITES = {
    "case_report": lambda w, c, h, a: services.case_report(
        actor=a, category=c.category, description="x", area=w.building1
    ),
    "case_transition": lambda w, c, h, a: services.case_transition(case=c, to_state=State.IN_PROGRESS, actor=a),
    "case_merge": lambda w, c, h, a: duplicates.case_merge(
        case=_reported(w, c.category), into=_reported(w, c.category), actor=a
    ),
    "case_hand_over": lambda w, c, h, a: handover.case_hand_over(
        case=c, actor=a, kind="unit", target_id=w.unit.pk, note="x"
    ),
    "handover_take": lambda w, c, h, a: handover.handover_take(handover=h, actor=a),
    "handover_send_back": lambda w, c, h, a: handover.handover_send_back(handover=h, actor=a, reason="x"),
    "handover_return": lambda w, c, h, a: handover.handover_return(handover=h, actor=a, answer="x"),
    "handover_withdraw": lambda w, c, h, a: handover.handover_withdraw(handover=h, actor=a, reason="x"),
    "case_supervise": lambda w, c, h, a: supervision.case_supervise(case=c, actor=a, text="x"),
    "case_supervision_respond": lambda w, c, h, a: supervision.case_supervision_respond(case=c, actor=a, text="x"),
    "case_extension_request": lambda w, c, h, a: supervision.case_extension_request(
        case=c, actor=a, days=2, reason="x"
    ),
    "case_extension_decide": lambda w, c, h, a: supervision.case_extension_decide(case=c, actor=a, grant=True),
    "case_place": lambda w, c, h, a: services.case_place(case=_unplaced(w, c.category), actor=a, area=w.building1),
}
# Handover writes need an open handover; the others act on the assigned case.
NEEDS_HANDOVER = {"handover_take", "handover_send_back", "handover_return", "handover_withdraw"}


@pytest.mark.parametrize("wrong", ["neighbour_grid_worker", "outsider", "anonymous"])
@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_wrong_actor_is_refused_by_the_service(request, world, case, write, wrong):
    h = request.getfixturevalue("sent") if write in NEEDS_HANDOVER else None
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, case, h, actor)
    assert info.value.code == "forbidden"


def test_a_too_low_role_in_scope_is_refused(world, case, building_leader):
    # The building leader sees the case (its building) but does not handle or supervise it.
    with pytest.raises(Forbidden):
        services.case_transition(case=case, to_state=State.IN_PROGRESS, actor=building_leader)
    with pytest.raises(Forbidden):
        supervision.case_supervise(case=case, actor=building_leader, text="x")


@pytest.mark.parametrize("wrong", ["grid_worker", "building_leader", "org_secretary", "party_member"])
def test_only_who_dispatches_in_the_office_places_a_case(request, world, category, wrong):
    # The grid's own worker is below the office the case waits at: placing is the office's call.
    case = _unplaced(world, category)
    with pytest.raises(Forbidden):
        services.case_place(case=case, actor=request.getfixturevalue(wrong), area=world.building1)
    case.refresh_from_db()
    assert case.is_unplaced
