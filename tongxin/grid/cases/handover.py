"""Handing a case over to someone outside the grid's line, and its way back (首接负责).

A grid worker who finds that the leaking pipe belongs to the hospital next door sends the case
to the hospital (a co-building unit); the hospital's contact takes it on — or sends it back
within CASE_SEND_BACK_DAYS working days if it was not theirs — and returns it resolved, with an
answer. Until a handover is taken on, whoever received the case first stays responsible for it.

The target is a generic link (content type + id). Each kind of target registers how to find the
targets for a case, who answers for a target, and which handovers a user answers for; the
consultation-council and volunteer-team modules register their own kinds the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.grid.cases.exceptions import CaseChanged, TransitionForbidden, TransitionNotAllowed
from tongxin.grid.cases.models import Case, CaseEvent, CaseHandover
from tongxin.grid.cases.notices import handlers_of
from tongxin.grid.cases.services import roles_on_case
from tongxin.grid.cases.workflow import HANDLERS, SUPERVISORS, State
from tongxin.platform import calendar
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.trees import ORG
from tongxin.platform.inbox.services import notify
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact

Status = CaseHandover.Status
# A case can be handed over while it is being handled, not before it is accepted.
HANDOVER_STATES = frozenset({State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS, State.REOPENED})
ACTIVE = (Status.SENT, Status.TAKEN)


@dataclass(frozen=True)
class TargetKind:
    """One kind of place a case can be handed to."""

    kind: str
    model: type[models.Model]
    # The targets the sender may choose for this case (names only are shown).
    choices: Callable[[Any, Case], QuerySet[Any]]
    # Does this user answer for this target (take on, send back, return)?
    answers_for: Callable[[Any, Any], bool]
    # Handovers this user answers for, as a filter on CaseHandover.
    answered_by_q: Callable[[Any], Q | None]
    # Whom to tell about a new handover.
    recipients: Callable[[Any], list[Any]]


TARGETS: dict[str, TargetKind] = {}


def register(target: TargetKind) -> None:
    TARGETS[target.kind] = target


# --- co-building units ----------------------------------------------------------------------


def _unit_model() -> type[models.Model]:

    return ResidentUnit


def _unit_choices(actor: Any, case: Case) -> QuerySet[Any]:
    # The units of the case's community (and of the subdistrict above it); their names only.
    return _unit_model()._default_manager.filter(area_id__in=case.area.ancestor_ids()).order_by("name")


def _unit_contact_paths(user: Any) -> list[str]:
    return [path for role, tree, path in scope_for(user).grants if role == Role.UNIT_CONTACT and tree == ORG]


def _unit_answers_for(user: Any, unit: Any) -> bool:

    org_path = unit.org.path if unit.org_id else None
    if org_path and any(org_path.startswith(p) for p in _unit_contact_paths(user)):
        return True
    return UnitContact.objects.filter(unit=unit, user_id=user.pk).exists()


def _unit_answered_by_q(user: Any) -> Q | None:

    paths = _unit_contact_paths(user)
    units = Q(pk__in=UnitContact.objects.filter(user_id=user.pk).values("unit_id"))
    for path in paths:
        units |= Q(org__path__startswith=path)
    if not paths and not UnitContact.objects.filter(user_id=user.pk).exists():
        return None
    return Q(
        target_type=ContentType.objects.get_for_model(ResidentUnit),
        target_id__in=ResidentUnit.objects.filter(units).values("pk"),
    )


def _unit_recipients(unit: Any) -> list[Any]:
    ids = set(unit.contacts.exclude(user=None).values_list("user_id", flat=True))
    if unit.org_id:
        nodes = [*unit.org.ancestor_ids(), unit.org_id]
        ids |= set(
            RoleAssignment.objects.filter(role=Role.UNIT_CONTACT, node_id__in=nodes).values_list("user_id", flat=True)
        )
    return list(User.objects.filter(pk__in=ids, is_active=True))


register(
    TargetKind(
        kind=CaseHandover.Kind.UNIT,
        model=_unit_model(),
        choices=_unit_choices,
        answers_for=_unit_answers_for,
        answered_by_q=_unit_answered_by_q,
        recipients=_unit_recipients,
    )
)


# --- reads ------------------------------------------------------------------------------------


def handovers_answered_by(user: Any) -> QuerySet[CaseHandover]:
    """The handovers this user answers for (as a unit contact, a council clerk …)."""
    if not getattr(user, "is_authenticated", False):
        return CaseHandover.objects.none()
    condition = Q(pk__in=[])
    any_kind = False
    for target in TARGETS.values():
        q = target.answered_by_q(user)
        if q is not None:
            condition |= q
            any_kind = True
    if not any_kind:
        return CaseHandover.objects.none()
    return CaseHandover.objects.filter(condition)


def cases_handed_to_q(user: Any) -> Q:
    """Cases a user may see because a handover they answer for is (or was) open on them.

    Only for users who may receive a case: a unit contact, or someone with no staff role (or
    only a party member's) who leads or serves in a volunteer team. Staff get an always-false
    condition, so their scoping costs nothing more.
    """
    roles = scope_for(user).roles
    if Role.UNIT_CONTACT not in roles and not roles <= {Role.PARTY_MEMBER}:
        return Q(pk__in=[])
    return Q(pk__in=handovers_answered_by(user).values("case_id"))


def active_handover(case: Case) -> CaseHandover | None:
    return case.handovers.filter(status__in=ACTIVE).order_by("-sent_at", "-id").first()


def owner_name(case: Case, handover: CaseHandover | None) -> str:
    """Who answers for the case now: a taken-on handover's target, else the first receiver."""
    if handover is not None and (handover.status == Status.TAKEN or handover.send_back_due < timezone.now()):
        return handover.target_name
    # A case not placed yet (位置待核实) is the office's.
    return case.grid.name if case.grid is not None else case.area.name


def may_hand_over(actor: Any, case: Case) -> bool:
    return case.state in HANDOVER_STATES and bool(roles_on_case(actor, case) & {"assignee", *HANDLERS})


def answers_for(actor: Any, handover: CaseHandover) -> bool:
    """The receiver's contacts — or a supervisor of the case recording the answer for them."""
    target = TARGETS.get(handover.kind)
    if target is not None and handover.target is not None and target.answers_for(actor, handover.target):
        return True
    return bool(roles_on_case(actor, handover.case) & SUPERVISORS)


# --- writes -----------------------------------------------------------------------------------


def _text(text: str, *, required: bool, field: str = "note") -> str:
    text = (text or "").strip()
    if required and not text:
        raise DomainError({field: _("Say why: the other side will read it.")})
    if len(text) > 2000:
        raise DomainError({field: _("At most 2000 characters.")})
    return text


def _notify_case_side(case: Case, title: str) -> None:
    notify(
        recipients=handlers_of(case),
        kind="status",
        title=f"{case.tracking_code} {case.category}: {title}",
        url=reverse("cases:detail", args=[case.pk]),
        case_id=case.pk,
    )


@transaction.atomic
def case_hand_over(
    *, case: Case, actor: Actor, kind: str, target_id: Any, note: str = "", at: datetime.datetime | None = None
) -> CaseHandover:
    """Send the case to a target of `kind`; one open handover at a time."""
    if not may_hand_over(actor, case):
        if case.state not in HANDOVER_STATES:
            raise TransitionNotAllowed(
                _("A case that is %(state)s cannot be handed over.") % {"state": State(case.state).label},
                code="transition",
            )
        raise TransitionForbidden(_("Your role may not do this to this case."))
    target_kind = TARGETS.get(kind)
    if target_kind is None:
        raise DomainError({"kind": _("Choose where to send the case.")})
    target = target_kind.choices(actor, case).filter(pk=target_id).first() if str(target_id).isdigit() else None
    if target is None:
        raise DomainError({"target": _("Choose one of the listed units.")})
    return handover_apply(case=case, actor=actor, kind=kind, target=target, note=_text(note, required=True), at=at)


def handover_apply(
    *,
    case: Case,
    actor: Actor | None,
    kind: str,
    target: Any,
    note: str,
    at: datetime.datetime | None = None,
    body: str | None = None,
) -> CaseHandover:
    """The rows a handover writes — the handover, its timeline event, the audit row, the notice.

    `case_hand_over` calls it after checking its actor; the system calls it with no actor (a
    resident's service request handed to the team asked), so the rows are written in one place.
    The notice's `body` is the note unless the caller has better words for the receiver.
    """
    # Lock the case row: two people handing the same case over at once make one handover.
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if case.handovers.filter(status__in=ACTIVE).exists():
        raise CaseChanged(_("The case has already been handed over. Reload it to see to whom."), code="changed")
    return handover_record(
        case=case,
        kind=kind,
        target=target,
        actor=actor,
        at=at or timezone.now(),
        note=note,
        body=note[:200] if body is None else body,
    )


def handover_record(
    *, case: Case, kind: str, target: Any, actor: Any, at: datetime.datetime, note: str, body: str
) -> CaseHandover:
    """The rows a handover writes once it is allowed: the handover, its event on the case's timeline,
    the audit row and the notice (``body``) to whoever answers for the target. ``actor`` None: the system."""
    target_kind = TARGETS[kind]
    handover = CaseHandover.objects.create(
        case=case,
        kind=kind,
        target_type=ContentType.objects.get_for_model(target_kind.model),
        target_id=target.pk,
        target_name=str(target)[:150],
        sent_by=actor,
        sent_at=at,
        note=note,
        send_back_due=calendar.deadline(at, settings.CASE_SEND_BACK_DAYS, "days"),
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.HANDED_OVER,
        key=str(handover.pk),
        at=at,
        actor=actor,
        text=_("To %(target)s: %(note)s") % {"target": handover.target_name, "note": note},
        data={"handover": handover.pk},
    )
    audit_record(actor=actor, action="update", obj=case, changes={"handed_over_to": [None, handover.target_name]})
    what = _("handed over to %(target)s") % {"target": handover.target_name}
    notify(
        recipients=target_kind.recipients(target),
        kind="assignment",
        title=f"{case.tracking_code} {case.category}: {what}",
        body=body,
        url=reverse("cases:detail", args=[case.pk]),
        case_id=case.pk,
    )
    return handover


def _answer(
    handover: CaseHandover,
    *,
    actor: Any,
    to: str,
    allowed_from: tuple[str, ...],
    event: str,
    text: str,
    at: datetime.datetime | None,
) -> CaseHandover:
    when = at or timezone.now()
    if handover.status not in allowed_from:
        raise CaseChanged(
            _("This handover is already %(status)s. Reload the case to see what changed.")
            % {"status": Status(handover.status).label},
            code="changed",
        )
    moved = CaseHandover.objects.filter(pk=handover.pk, status=handover.status).update(
        status=to, answered_by=actor, answered_at=when, answer=text
    )
    if not moved:
        raise CaseChanged(_("Someone else has just answered this handover. Reload the case."), code="changed")
    CaseEvent.objects.create(
        case=handover.case,
        kind=event,
        key=str(handover.pk),
        at=when,
        actor=actor,
        text=text,
        data={"handover": handover.pk},
    )
    audit_record(actor=actor, action="update", obj=handover.case, changes={"handover": [handover.status, to]})
    handover.refresh_from_db()
    return handover


def _require_receiver(actor: Any, handover: CaseHandover) -> None:
    if not answers_for(actor, handover):
        raise TransitionForbidden(_("Only the receiver may answer this handover."))


@transaction.atomic
def handover_take(*, handover: CaseHandover, actor: Any, at: datetime.datetime | None = None) -> CaseHandover:
    """The receiver takes the case on: from now on it answers for it."""
    _require_receiver(actor, handover)
    done = _answer(
        handover,
        actor=actor,
        to=Status.TAKEN,
        allowed_from=(Status.SENT,),
        event=CaseEvent.Kind.HANDOVER_TAKEN,
        text="",
        at=at,
    )
    _notify_case_side(handover.case, _("taken on by %(target)s") % {"target": handover.target_name})
    return done


@transaction.atomic
def handover_send_back(
    *, handover: CaseHandover, actor: Any, reason: str, at: datetime.datetime | None = None
) -> CaseHandover:
    """Not ours: the receiver sends the case back, within the limit (首接负责 after that)."""
    _require_receiver(actor, handover)
    when = at or timezone.now()
    if handover.status == Status.SENT and when > handover.send_back_due:
        raise DomainError(
            _(
                "The time to send this case back ended on %(due)s: it is yours now (首接负责). "
                "Return it with an answer when it is done."
            )
            % {"due": timezone.localtime(handover.send_back_due).strftime("%Y-%m-%d %H:%M")},
            code="late",
        )
    done = _answer(
        handover,
        actor=actor,
        to=Status.SENT_BACK,
        allowed_from=(Status.SENT,),
        event=CaseEvent.Kind.HANDOVER_SENT_BACK,
        text=_text(reason, required=True, field="text"),
        at=when,
    )
    _notify_case_side(handover.case, _("sent back by %(target)s") % {"target": handover.target_name})
    return done


@transaction.atomic
def handover_return(
    *, handover: CaseHandover, actor: Any, answer: str, at: datetime.datetime | None = None
) -> CaseHandover:
    """Done: the receiver returns the case with what it did; the grid checks and resolves it."""
    _require_receiver(actor, handover)
    return handover_return_apply(handover=handover, actor=actor, answer=answer, at=at)


def handover_return_apply(
    *, handover: CaseHandover, actor: Any, answer: str, at: datetime.datetime | None = None
) -> CaseHandover:
    """The rows a return writes. `handover_return` calls it after checking its actor; the system
    calls it with no actor (a council's topic carried out returns the case it came from)."""
    done = _answer(
        handover,
        actor=actor,
        to=Status.RETURNED,
        allowed_from=ACTIVE,
        event=CaseEvent.Kind.HANDOVER_RETURNED,
        text=_text(answer, required=True, field="text"),
        at=at,
    )
    _notify_case_side(handover.case, _("came back resolved from %(target)s") % {"target": handover.target_name})
    return done


@transaction.atomic
def handover_withdraw(
    *, handover: CaseHandover, actor: Any, reason: str, at: datetime.datetime | None = None
) -> CaseHandover:
    """The sending side takes the case back (sent to the wrong place, or done another way)."""
    if not may_hand_over(actor, handover.case):
        raise TransitionForbidden(_("Your role may not do this to this case."))
    return _answer(
        handover,
        actor=actor,
        to=Status.WITHDRAWN,
        allowed_from=ACTIVE,
        event=CaseEvent.Kind.HANDOVER_WITHDRAWN,
        text=_text(reason, required=True, field="text"),
        at=at,
    )
