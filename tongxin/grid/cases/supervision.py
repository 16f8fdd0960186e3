"""Supervision (督办) by hand, the assignee's answer, and extensions of the resolution limit."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.grid.cases.deadlines import UNRESOLVED
from tongxin.grid.cases.exceptions import CaseChanged, TransitionForbidden
from tongxin.grid.cases.models import Case, CaseEvent
from tongxin.grid.cases.notices import handlers_of, responsible
from tongxin.grid.cases.services import roles_on_case
from tongxin.grid.cases.workflow import HANDLERS, SUPERVISORS
from tongxin.platform import calendar
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.inbox.services import notify

# 12345 practice: an extension of at most 10 working days, with approval.
MAX_EXTENSION_DAYS = 10


def _require(actor: Any, case: Case, roles: frozenset[str] | set[str]) -> None:
    if not roles_on_case(actor, case) & set(roles):
        raise TransitionForbidden(_("Your role may not do this to this case."))


def pending_supervision(case: Case, events: list[CaseEvent] | None = None) -> CaseEvent | None:
    """The oldest 督办 not answered yet. `events`: the case's events in order, if already read."""
    if events is None:
        events = list(case.events.filter(kind__in=[CaseEvent.Kind.SUPERVISION, CaseEvent.Kind.SUPERVISION_RESPONSE]))
    answered = {e.key for e in events if e.kind == CaseEvent.Kind.SUPERVISION_RESPONSE}
    return next((e for e in events if e.kind == CaseEvent.Kind.SUPERVISION and e.key not in answered), None)


def pending_extension(case: Case, events: list[CaseEvent] | None = None) -> CaseEvent | None:
    """The first extension request not decided yet. `events`: as for pending_supervision."""
    kinds = [CaseEvent.Kind.EXTENSION_REQUESTED, CaseEvent.Kind.EXTENSION_GRANTED, CaseEvent.Kind.EXTENSION_REFUSED]
    if events is None:
        events = list(case.events.filter(kind__in=kinds))
    decided = {e.key for e in events if e.kind in kinds[1:]}
    return next((e for e in events if e.kind == CaseEvent.Kind.EXTENSION_REQUESTED and e.key not in decided), None)


def _next_key(case: Case, kind: str) -> str:
    return str(case.events.filter(kind=kind).count() + 1)


def _clean_text(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError({"text": _("Write the %(what)s.") % {"what": what}})
    return text[:2000]


@transaction.atomic
def case_supervise(*, case: Case, actor: Any, text: str, at: datetime.datetime | None = None) -> CaseEvent:
    """A supervisor pushes a case (督办); the assignee must answer."""
    _require(actor, case, SUPERVISORS)
    if case.state not in UNRESOLVED:
        raise DomainError(_("Only a case still being handled can be put under supervision."), code="state")
    event = CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.SUPERVISION,
        key=_next_key(case, CaseEvent.Kind.SUPERVISION),
        at=at or timezone.now(),
        actor=actor,
        text=_clean_text(text, _("supervision notice")),
    )
    notify(
        recipients=handlers_of(case),
        kind="supervision",
        title=f"{case.tracking_code} {case.category}: " + _("supervision notice, please answer"),
        topic=_("supervision notice, please answer"),
        body=event.text,
        url=reverse("cases:detail", args=[case.pk]),
        case_id=case.pk,
    )
    return event


@transaction.atomic
def case_supervision_respond(*, case: Case, actor: Any, text: str, at: datetime.datetime | None = None) -> CaseEvent:
    _require(actor, case, {"assignee", *HANDLERS})
    notice = pending_supervision(case)
    if notice is None:
        raise DomainError(_("There is no supervision notice waiting for an answer."), code="state")
    event = CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.SUPERVISION_RESPONSE,
        key=notice.key,
        at=at or timezone.now(),
        actor=actor,
        text=_clean_text(text, _("answer")),
    )
    if notice.actor is not None:
        notify(
            recipients=[notice.actor],
            kind="supervision",
            title=f"{case.tracking_code}: " + _("the supervision notice was answered"),
            body=event.text,
            url=reverse("cases:detail", args=[case.pk]),
            case_id=case.pk,
        )
    return event


@transaction.atomic
def case_extension_request(
    *, case: Case, actor: Any, days: int, reason: str, at: datetime.datetime | None = None
) -> CaseEvent:
    _require(actor, case, {"assignee", *HANDLERS})
    if case.state not in UNRESOLVED:
        raise DomainError(_("Only a case still being handled can be extended."), code="state")
    if not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise DomainError({"days": _("Ask for 1 to %(n)d working days.") % {"n": MAX_EXTENSION_DAYS}})
    if pending_extension(case) is not None:
        raise DomainError(_("An extension request is already waiting for a decision."), code="state")
    event = CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.EXTENSION_REQUESTED,
        key=_next_key(case, CaseEvent.Kind.EXTENSION_REQUESTED),
        at=at or timezone.now(),
        actor=actor,
        text=_clean_text(reason, _("reason")),
        data={"days": days},
    )
    notify(
        recipients=responsible(case, Case.Level.COMMUNITY),
        kind="extension",
        title=f"{case.tracking_code}: " + _("asks for %(n)d more working days") % {"n": days},
        body=event.text,
        url=reverse("cases:detail", args=[case.pk]),
        case_id=case.pk,
    )
    return event


@transaction.atomic
def case_extension_decide(
    *, case: Case, actor: Any, grant: bool, comment: str = "", at: datetime.datetime | None = None
) -> Case:
    _require(actor, case, SUPERVISORS)
    request = pending_extension(case)
    if request is None:
        raise DomainError(_("There is no extension request waiting for a decision."), code="state")
    when = at or timezone.now()
    kind = CaseEvent.Kind.EXTENSION_GRANTED if grant else CaseEvent.Kind.EXTENSION_REFUSED
    if grant:
        new_due = calendar.add_working_days(case.resolve_due, request.data["days"])
        moved = Case.objects.filter(pk=case.pk, version=case.version).update(
            resolve_due=new_due, version=F("version") + 1
        )
        if not moved:
            raise CaseChanged(
                _("Someone else has just acted on this case. Reload it to see what changed."), code="changed"
            )
    CaseEvent.objects.create(case=case, kind=kind, key=request.key, at=when, actor=actor, text=comment[:2000])
    if request.actor is not None:
        notify(
            recipients=[request.actor],
            kind="extension",
            title=f"{case.tracking_code}: " + (_("extension granted") if grant else _("extension refused")),
            body=comment[:2000],
            url=reverse("cases:detail", args=[case.pk]),
            case_id=case.pk,
        )
    case.refresh_from_db()
    return case
