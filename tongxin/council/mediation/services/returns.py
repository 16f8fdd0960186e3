"""A mediation that came from a grid case gives the case back when it closes: the handover is
returned with the outcome, and the case is closed step by allowed step on the committee's behalf,
so the case's reporter reads the outcome on the tracking page and is told (as a council's topic
carried out does in consultation)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tongxin.council.mediation.models import MediationCase, Outcome, Performance
from tongxin.grid.cases.handover import ACTIVE, handover_return_apply
from tongxin.grid.cases.models import Case
from tongxin.grid.cases.services import case_transition_apply
from tongxin.grid.cases.workflow import State

# The way from a state a case can be handed over in to closed, one allowed step at a time.
TO_CLOSED = {
    State.ACCEPTED: State.ASSIGNED,
    State.ASSIGNED: State.IN_PROGRESS,
    State.REOPENED: State.IN_PROGRESS,
    State.IN_PROGRESS: State.RESOLVED,
    State.RESOLVED: State.VERIFIED,
    State.VERIFIED: State.CLOSED,
}
ANSWER_MAX = 2000


def outcome_text(case: MediationCase) -> str:
    """The outcome in the words the reporter reads."""
    if case.outcome == Outcome.AGREEMENT:
        done: str = {
            str(Performance.PERFORMED): _("The parties reached an agreement and it has been performed."),
            str(Performance.PARTLY): _("The parties reached an agreement; it has been partly performed."),
            str(Performance.NOT): _("The parties reached an agreement; it has not been performed."),
        }.get(case.performance, _("The parties reached an agreement."))
    else:
        done = str(Outcome(case.outcome).label) if case.outcome else _("The mediation ended.")
    note = (case.followup_note or case.outcome_note or "").strip()
    text = _("Mediation %(code)s: %(done)s") % {"code": case.code, "done": done}
    return f"{text} {note}".strip()[:ANSWER_MAX]


def case_returned(case: MediationCase) -> None:
    """Return the grid case this mediation came from, with the outcome (nothing if none)."""
    handover = case.handover
    if handover is None:
        return
    outcome = outcome_text(case)
    name = case.committee.name
    assignee = handover.answered_by or case.created_by
    if handover.status in ACTIVE:
        handover_return_apply(handover=handover, actor=None, answer=outcome)
    grid_case = Case.objects.select_related("category", "area").get(pk=handover.case_id)
    comments = {
        State.ASSIGNED: _("Taken on by %(committee)s for mediation (%(code)s).")
        % {"committee": name, "code": case.code},
        State.IN_PROGRESS: _("Being mediated by %(committee)s.") % {"committee": name},
        State.RESOLVED: outcome,
        State.VERIFIED: _("Mediation closed by %(committee)s.") % {"committee": name},
        State.CLOSED: outcome,
    }
    while grid_case.state in TO_CLOSED:
        to_state = TO_CLOSED[State(grid_case.state)]
        if to_state == State.ASSIGNED and assignee is None:
            return
        grid_case = case_transition_apply(
            case=grid_case,
            to_state=to_state,
            actor=None,
            actor_name=name,
            comment=comments[to_state],
            assignee=assignee if to_state == State.ASSIGNED else None,
        )
