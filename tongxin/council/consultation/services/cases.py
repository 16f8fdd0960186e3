"""Consultation and the case workflow: a case handed over to a council becomes a topic; the topic
carried out closes the case with its outcome."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.council.consultation.exceptions import StepRefused
from tongxin.council.consultation.models import Council, Topic, TopicSource
from tongxin.council.consultation.services._common import check_runs
from tongxin.council.consultation.services.topics import TEXT_MAX, TITLE_MAX, topic_raise
from tongxin.grid.cases.handover import ACTIVE, handover_return_apply, handover_take
from tongxin.grid.cases.models import Case, CaseHandover
from tongxin.grid.cases.services import case_transition_apply
from tongxin.grid.cases.workflow import State
from tongxin.platform.access.actor import Actor
from tongxin.platform.core.exceptions import DomainError

# The way a case handed to a council goes to closed, one allowed step at a time, from the states
# a case can be handed over in (handover.HANDOVER_STATES).
TO_CLOSED = {
    State.ACCEPTED: State.ASSIGNED,
    State.ASSIGNED: State.IN_PROGRESS,
    State.REOPENED: State.IN_PROGRESS,
    State.IN_PROGRESS: State.RESOLVED,
    State.RESOLVED: State.VERIFIED,
    State.VERIFIED: State.CLOSED,
}
# What the case's reporter gets back: the handover's answer is at most this long.
ANSWER_MAX = 2000


def _council_of(handover: CaseHandover) -> Council:
    council = handover.target if handover.kind == CaseHandover.Kind.COUNCIL else None
    if not isinstance(council, Council):
        raise DomainError(_("This case was not handed over to a council."), code="kind")
    return council


@transaction.atomic
def topic_from_handover(*, handover: CaseHandover, actor: Actor) -> Topic:
    """The council takes the case on as a topic (立为议题): the handover is taken on, the topic is
    raised from the case, and a resident who reported it is its raiser (told by text message).
    Asked twice, the topic made the first time is returned."""
    council = _council_of(handover)
    check_runs(actor, council.area)
    made = Topic.objects.filter(handover=handover).first()
    if made is not None:
        return made
    if handover.status not in ACTIVE:
        raise StepRefused(
            _("This handover is %(status)s: it can no longer become a topic.")
            % {"status": CaseHandover.Status(handover.status).label},
            code="handover",
        )
    if handover.status == CaseHandover.Status.SENT:
        handover = handover_take(handover=handover, actor=actor)
    case: Case = handover.case
    public = case.source == Case.Source.PUBLIC
    return topic_raise(
        actor=actor,
        area=case.area,
        council=council,
        title=f"{case.category}：{case.area.name}"[:TITLE_MAX],
        description=(case.description or str(case.category))[:TEXT_MAX],
        source=TopicSource.CASE,
        raiser_name=case.reporter_name if public else "",
        phone=case.phone_plain() if public and case.phone_enc else "",
        case=case,
        handover=handover,
    )


@transaction.atomic
def case_closed_by_topic(topic: Topic, actor: Actor | None) -> None:
    """Return the handover with the outcome and close the case, step by allowed step, on the
    council's behalf (the system acts: the council's decision is the verification), so the
    case's reporter reads the outcome on the case's tracking page."""
    if topic.case_id is None:
        return
    council_name = topic.council.name if topic.council_id and topic.council else ""
    outcome = (topic.outcome or topic.decision or _("Carried out.")).strip()
    handover = topic.handover
    # Who the case is assigned to while the council carries it out: whoever took it on (read
    # before the return, which records the system as the one who answered).
    assignee = (handover.answered_by if handover is not None else None) or topic.reviewed_by
    if handover is not None and handover.status in ACTIVE:
        handover_return_apply(handover=handover, actor=None, answer=outcome[:ANSWER_MAX])
        council_name = council_name or handover.target_name
    case = Case.objects.select_related("category", "area").get(pk=topic.case_id)
    comments = {
        State.ASSIGNED: _("Taken up by %(council)s as topic %(code)s.")
        % {"council": council_name, "code": topic.tracking_code},
        State.IN_PROGRESS: _("Being carried out as %(council)s decided.") % {"council": council_name},
        State.RESOLVED: outcome,
        State.VERIFIED: _("Carried out as %(council)s decided (topic %(code)s).")
        % {"council": council_name, "code": topic.tracking_code},
        State.CLOSED: outcome,
    }
    while case.state in TO_CLOSED:
        to_state = TO_CLOSED[State(case.state)]
        if to_state == State.ASSIGNED and assignee is None:
            return
        case = case_transition_apply(
            case=case,
            to_state=to_state,
            actor=None,
            actor_name=council_name,
            comment=comments[to_state],
            assignee=assignee if to_state == State.ASSIGNED else None,
        )
