"""A topic's life: raised, reviewed (accepted, merged, declined), its procedure's steps in order,
publicity and objections, the raiser's rating.

Every step goes through `topic_step_record`: the step must be the procedure's next one, the
publicity before it over and unopposed, and the conditional UPDATE on `next_position` lets one of
two people recording the same step win; the other is told the topic has changed.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.consultation.exceptions import StepRefused, TopicChanged
from tongxin.council.consultation.models import (
    Council,
    Levy,
    ObjectionStatus,
    Procedure,
    ProcedureStep,
    StepKind,
    Topic,
    TopicSource,
    TopicState,
    TopicStep,
    Vote,
    VoteResult,
)
from tongxin.council.consultation.services._common import check_runs, clean, new_code, tell_raiser
from tongxin.grid.cases.handover import TARGETS
from tongxin.grid.cases.models import CaseHandover
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.crypto import keyed_hash
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.personal import protect_phone
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area

TITLE_MAX = 100
TEXT_MAX = 4000
REVIEWABLE = (TopicState.RAISED,)
IN_PROCEDURE = (TopicState.ACCEPTED, TopicState.DECIDED)
# A carried-out topic may still have its evaluation to record.
STEPPABLE = (*IN_PROCEDURE, TopicState.DONE)
OBJECTION_KIND = "consultation_objection"
TOPIC_KIND = "consultation_topic"


def community_of(area: Area) -> Area:
    """The community or village a place belongs to (itself if it is one)."""
    if area.level in COMMUNITY_LEVELS:
        return area
    found = Area.objects.filter(pk__in=area.ancestor_ids(), level__in=COMMUNITY_LEVELS).first()
    return found or area


# --- raising and review -----------------------------------------------------------------------


@transaction.atomic
def topic_raise(
    *,
    actor: Actor | None,
    area: Area,
    title: str,
    description: str,
    source: str,
    raiser_name: str = "",
    phone: str = "",
    council: Council | None = None,
    case: Any = None,
    handover: Any = None,
    unit: Any = None,
    people_affected: int | None = None,
    ip: str | None = None,
    at: datetime.datetime | None = None,
) -> Topic:
    """A new topic waits for review. A resident raises one without an account (actor None,
    source public, `ip` the address it came from, for the hourly limit); staff, a council member
    or a unit contact raise one signed in."""
    if source not in TopicSource.values:
        raise DomainError({"source": _("Choose who raised the topic.")})
    if source == TopicSource.UNIT:
        _check_unit_raises(actor, area, unit)
    elif actor is not None and source != TopicSource.PUBLIC:
        check_runs(actor, area)
    if (
        council is not None
        and not area.path.startswith(council.area.path)
        and not council.area.path.startswith(community_of(area).path)
    ):
        raise DomainError({"council": _("Choose a council of this place.")})
    if people_affected is not None and not 0 <= people_affected <= 1_000_000:
        raise DomainError({"people_affected": _("Enter a number between 0 and 1,000,000.")})
    topic = Topic(
        area=area,
        council=council,
        title=clean(title, TITLE_MAX, field="title", required=True),
        description=clean(description, TEXT_MAX, field="description", required=True),
        source=source,
        raiser_name=clean(raiser_name, 50, field="raiser_name"),
        raised_by=signed_in(actor),
        case=case,
        handover=handover,
        unit=unit,
        people_affected=people_affected,
        tracking_code=new_code(),
        ip_hash=keyed_hash(TOPIC_KIND, ip) if ip else "",
    )
    if phone:
        topic.set_phone(protect_phone(phone))
    if at is not None:
        topic.created_at = at
    topic.save()
    if at is not None:
        Topic.objects.filter(pk=topic.pk).update(created_at=at, updated_at=at)
    audit_record(actor=signed_in(actor), action="create", obj=topic, changes={"title": topic.title})
    return topic


def _check_unit_raises(actor: Actor | None, area: Area, unit: Any) -> None:
    """A unit's topic: raised by its contact (or by staff on its behalf), about the unit's community."""
    if unit is None:
        raise DomainError({"unit": _("Choose the unit that raises the topic.")})
    if unit.area_id is None or not area.path.startswith(community_of(unit.area).path):
        raise DomainError({"area": _("A unit raises topics about its own community.")})
    if actor is None:
        return  # the system (the demo, an import) records a unit's topic as the unit raised it
    if scope_for(actor).allows_path(Perm.CONSULT, AREA, area.path):
        return
    target = TARGETS.get(CaseHandover.Kind.UNIT)
    if target is None or not target.answers_for(actor, unit):
        raise Forbidden(_("Only the unit's contacts may raise a topic for it."))


def _review(topic: Topic, actor: Actor, at: datetime.datetime | None, **changes: Any) -> Topic:
    check_runs(actor, topic.area)
    when = at or timezone.now()
    moved = Topic.objects.filter(pk=topic.pk, state__in=REVIEWABLE).update(
        reviewed_at=when, reviewed_by=signed_in(actor), updated_at=when, **changes
    )
    if not moved:
        raise TopicChanged(_("This topic has already been reviewed. Reload it to see how."), code="changed")
    audit_record(actor=actor, action="update", obj=topic, changes={"state": [topic.state, changes.get("state")]})
    topic.refresh_from_db()
    return topic


@transaction.atomic
def topic_accept(
    *,
    topic: Topic,
    actor: Actor,
    council: Council,
    procedure: Procedure | None = None,
    at: datetime.datetime | None = None,
) -> Topic:
    """Taken up by a council, to be decided by its procedure (the council kind's usual one by default)."""
    community = community_of(topic.area)
    if not (council.area.path.startswith(community.path) or community.path.startswith(council.area.path)):
        raise DomainError({"council": _("Choose a council of the topic's community or village.")})
    if not council.is_active:
        raise DomainError({"council": _("This council no longer meets.")})
    procedure = procedure or council.kind.procedure
    if not procedure.steps.exists():
        raise DomainError({"procedure": _("This procedure has no steps.")})
    topic = _review(topic, actor, at, state=TopicState.ACCEPTED, council=council, procedure=procedure)
    tell_raiser(topic, _("accepted by %(council)s") % {"council": council.name})
    return topic


@transaction.atomic
def topic_merge(
    *, topic: Topic, actor: Actor, into: Topic, reason: str = "", at: datetime.datetime | None = None
) -> Topic:
    """The same matter as another topic: followed there from now on."""
    if into.pk == topic.pk or into.state not in (TopicState.RAISED, *IN_PROCEDURE):
        raise DomainError({"into": _("Choose another topic that is still open.")})
    if not community_of(into.area).path == community_of(topic.area).path:
        raise DomainError({"into": _("Choose a topic of the same community or village.")})
    note = clean(reason, 2000, field="reason")
    topic = _review(topic, actor, at, state=TopicState.MERGED, merged_into=into, decline_reason=note)
    tell_raiser(topic, _("merged with “%(other)s” (%(code)s)") % {"other": into.title, "code": into.tracking_code})
    return topic


@transaction.atomic
def topic_decline(*, topic: Topic, actor: Actor, reason: str, at: datetime.datetime | None = None) -> Topic:
    """Not a matter for the councils: the raiser reads the reason."""
    note = clean(reason, 2000, field="reason", required=True)
    topic = _review(topic, actor, at, state=TopicState.DECLINED, decline_reason=note)
    tell_raiser(topic, _("declined: %(reason)s") % {"reason": note[:100]})
    return topic


# --- steps ----------------------------------------------------------------------------------------


def live_steps(topic: Topic) -> list[TopicStep]:
    return list(topic.steps.filter(voided_at__isnull=True).select_related("step").order_by("position"))


def next_step(topic: Topic) -> ProcedureStep | None:
    if topic.procedure_id is None or topic.state not in STEPPABLE:
        return None
    return ProcedureStep.objects.filter(procedure_id=topic.procedure_id or 0, position=topic.next_position).first()


def open_publication(topic: Topic) -> TopicStep | None:
    """The publication whose period has not ended, or that objections hold open."""
    last = topic.steps.filter(voided_at__isnull=True).order_by("-position").select_related("step").first()
    if last is None or last.step.kind != StepKind.PUBLISH:
        return None
    return last


def _refuse_during_publicity(topic: Topic, when: datetime.datetime) -> None:
    publication = open_publication(topic)
    if publication is None:
        return
    if publication.objections.filter(status=ObjectionStatus.OPEN).exists():
        raise StepRefused(
            _("An objection to the published decision is waiting for an answer: answer it first."), code="objection"
        )
    if publication.publicity_ends and when < publication.publicity_ends:
        ends = timezone.localtime(publication.publicity_ends)
        raise StepRefused(
            _("The decision is in publicity until %(ends)s: nothing is carried out before then.")
            % {"ends": ends.strftime("%Y-%m-%d %H:%M")},
            code="publicity",
        )


def passed_vote_for(topic: Topic, step: ProcedureStep) -> Vote | None:
    """A closed, passed vote on the topic at a meeting of a council of the step's kinds, not yet used."""
    votes = Vote.objects.filter(item__topic=topic, result=VoteResult.PASSED, closed_at__isnull=False).exclude(
        topic_steps__topic=topic, topic_steps__voided_at__isnull=True
    )
    kinds = step.council_kind_codes()
    votes = (
        votes.filter(item__meeting__council__kind__code__in=kinds)
        if kinds
        else votes.filter(item__meeting__council_id=topic.council_id or 0)
    )
    return votes.select_related("item__meeting").order_by("closed_at", "pk").first()


def _step_name(step: ProcedureStep) -> str:
    return step.name


@transaction.atomic
def topic_step_record(
    *,
    topic: Topic,
    actor: Actor | None,
    step_code: str,
    held_on: datetime.date | None = None,
    participants: str = "",
    decision: str = "",
    at: datetime.datetime | None = None,
    system: bool = False,
) -> TopicStep:
    """Take the procedure's next step. Refused (`StepRefused`, 409 in the API) when it is not the
    next one, during publicity or with an objection open, when a vote step has no passed vote, a
    levy step no plan within the caps, or a carrying-out step open tasks. `system` is for the
    steps the system takes itself (a vote closed, the last task done, the raiser's rating) after
    its own caller was checked."""
    if not system:
        if actor is None:
            raise DomainError(_("Sign in to record a step."))
        check_runs(actor, topic.area)
    when = at or timezone.now()
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    step = next_step(topic)
    if topic.state not in STEPPABLE or step is None:
        raise StepRefused(
            _("This topic is %(state)s: no step can be taken now.") % {"state": TopicState(topic.state).label},
            code="state",
        )
    if step_code != step.code:
        # Only a plausible code is looked up: a NUL byte from the API is a database error on PostgreSQL.
        plausible = step_code.replace("_", "").replace("-", "").isalnum() and step_code.isascii()
        asked = (
            ProcedureStep.objects.filter(procedure_id=topic.procedure_id or 0, code=step_code).first()
            if plausible
            else None
        )
        if asked is None:
            raise StepRefused(_("This procedure has no such step."), code="order")
        raise StepRefused(
            _("“%(asked)s” cannot be taken now: the next step is “%(next)s”.")
            % {"asked": asked.name, "next": step.name},
            code="order",
        )
    _refuse_during_publicity(topic, when)
    row = TopicStep(
        topic=topic,
        step=step,
        position=step.position,
        held_on=held_on or timezone.localdate(when),
        participants=clean(participants, 2000, field="participants"),
        decision=clean(decision, TEXT_MAX, field="decision"),
        recorded_by=signed_in(actor),
        recorded_at=when,
    )
    topic_changes: dict[str, Any] = {"updated_at": when}
    if step.kind == StepKind.RECORD and not row.decision:
        raise DomainError({"decision": _("Write what was decided at this step.")})
    if step.kind == StepKind.VOTE:
        vote = passed_vote_for(topic, step)
        if vote is None:
            kinds = step.council_kind_codes()
            raise StepRefused(
                _("This step needs a vote on the topic, passed at a meeting of %(where)s.")
                % {"where": ", ".join(kinds) if kinds else (topic.council.name if topic.council else "")},
                code="vote",
            )
        row.vote, row.meeting = vote, vote.item.meeting
        row.held_on = held_on or timezone.localdate(vote.item.meeting.starts_at)
        row.decision = row.decision or _("%(question)s: passed, %(yes)d yes, %(no)d no, %(abstain)d abstaining.") % {
            "question": vote.question,
            "yes": vote.yes,
            "no": vote.no,
            "abstain": vote.abstain,
        }
        if not ProcedureStep.objects.filter(
            procedure_id=topic.procedure_id or 0, position__gt=step.position, kind=StepKind.VOTE
        ).exists():
            topic_changes.update(state=TopicState.DECIDED, decided_on=row.held_on, decision=row.decision)
    if step.kind == StepKind.PUBLISH:
        row.publicity_starts = when
        row.publicity_ends = when + datetime.timedelta(days=settings.CONSULTATION_PUBLICITY_DAYS)
        topic_changes["publicity_ends"] = row.publicity_ends
    if step.kind == StepKind.LEVY and not Levy.objects.filter(topic=topic).exists():
        raise StepRefused(_("Enter the money and labour per person first."), code="levy")
    if step.kind == StepKind.EXECUTE:
        if not topic.tasks.exists():
            raise StepRefused(_("Add the tasks that carry the decision out first."), code="tasks")
        if topic.tasks.filter(done_on__isnull=True).exists():
            raise StepRefused(_("Some tasks are not done yet."), code="tasks")
        row.decision = row.decision or _("All tasks done.")
        topic_changes.update(state=TopicState.DONE, done_on=row.held_on, outcome=topic.outcome or row.decision)
    if step.kind == StepKind.EVALUATE and not row.decision:
        raise DomainError({"decision": _("Write how the result was evaluated.")})
    if step.kind not in (StepKind.PUBLISH,):
        topic_changes["publicity_ends"] = None
    moved = Topic.objects.filter(pk=topic.pk, next_position=step.position, state=topic.state).update(
        next_position=F("next_position") + 1, **topic_changes
    )
    if not moved:
        raise TopicChanged(_("Someone else has just recorded a step of this topic. Reload it."), code="changed")
    row.save()
    audit_record(actor=signed_in(actor), action="update", obj=topic, changes={"step": [None, step.code]})
    topic.refresh_from_db()
    if step.kind == StepKind.PUBLISH:
        tell_raiser(
            topic,
            _("decision published until %(ends)s") % {"ends": f"{timezone.localtime(row.publicity_ends):%Y-%m-%d}"},
        )
    if step.kind == StepKind.EXECUTE:
        tell_raiser(topic, _("carried out: %(outcome)s") % {"outcome": topic.outcome[:100]})
        _close_case(topic, actor)
    return row


def _close_case(topic: Topic, actor: Actor | None) -> None:
    """A topic raised from a case closes the case with the outcome (the case's own steps, by the system)."""
    from tongxin.council.consultation.services.cases import case_closed_by_topic

    case_closed_by_topic(topic, actor)


def public_topics_from(ip: str | None, since: datetime.datetime) -> int:
    """Topics raised on the public page from this address since then (the hourly limit)."""
    if not ip:
        return 0
    return Topic.objects.filter(ip_hash=keyed_hash(TOPIC_KIND, ip), created_at__gte=since).count()


# --- the raiser's rating ----------------------------------------------------------------------


@transaction.atomic
def topic_rate(*, topic: Topic, rating: int, comment: str = "", at: datetime.datetime | None = None) -> Topic:
    """The raiser rates the outcome once it is carried out (by tracking code, no account needed);
    an evaluation step next in the procedure is recorded with it."""
    when = at or timezone.now()
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError({"rating": _("Choose from 1 to 5 stars.")})
    note = clean(comment, 500, field="comment")
    moved = Topic.objects.filter(pk=topic.pk, state=TopicState.DONE, rating__isnull=True).update(
        rating=rating, rating_comment=note, rated_at=when
    )
    if not moved:
        raise StepRefused(_("This topic cannot be rated now."), code="state")
    topic.refresh_from_db()
    audit_record(actor=None, action="update", obj=topic, changes={"rating": [None, rating]})
    step = ProcedureStep.objects.filter(procedure_id=topic.procedure_id or 0, position=topic.next_position).first()
    if step is not None and step.kind == StepKind.EVALUATE:
        # The procedure's last step, after it was carried out: recorded on the raiser's word.
        text = _("The raiser rated the outcome %(n)d of 5.") % {"n": rating}
        if note:
            text += f" {note}"
        topic_step_record(topic=topic, actor=None, step_code=step.code, decision=text, at=when, system=True)
        topic.refresh_from_db()
    return topic
