"""Writes to the front desk's errands: register one (for a resident of the registry or a visitor),
the documents received, each step to the result handed back, cancelling with a reason.

Every step is logged (Step: who, when) and audited; the visitor's phone is kept encrypted and
masked like the registry's numbers (platform/core/personal.py), never written to the audit.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.frontdesk.errands.models import KIND_DAYS, NEXT, OPEN, Document, Errand, Kind, Status, Step
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.calendar import SHANGHAI, add_working_days
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.personal import normalize_phone, protect_phone
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area
from tongxin.registry.people.models import Resident

MAX_DOCUMENTS = 30
# The longest deadline the office may set by hand.
MAX_DUE_DAYS = 366


def may_run(actor: Actor, community: Area) -> bool:
    return scope_for(actor).allows_path(Perm.FRONT_DESK, AREA, community.path)


def check_runs(actor: Actor, community: Area) -> None:
    if not may_run(actor, community):
        raise Forbidden(_("Only the community's front-desk staff may do this."))


def clean(value: Any, limit: int, *, field: str, required: bool = False) -> str:
    text = "".join(c for c in str(value or "") if c >= " " or c in "\n\t").replace("\x7f", "").strip()
    if required and not text:
        raise DomainError({field: _("This field is required.")})
    if len(text) > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return text


def default_due(kind: str, received_on: datetime.date) -> datetime.date:
    """The kind's deadline in working days of the official calendar after the day received."""
    start = datetime.datetime.combine(received_on, datetime.time(9, 0), tzinfo=SHANGHAI)
    return add_working_days(start, KIND_DAYS.get(kind, KIND_DAYS[Kind.OTHER])).date()


def _check_day(value: Any, field: str, *, not_before: datetime.date | None = None) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise DomainError({field: _("Enter a date.")})
    if value > timezone.localdate():
        raise DomainError({field: _("This date is in the future.")})
    if not_before is not None and value < not_before:
        raise DomainError({field: _("This date is before the previous step.")})
    return value


def _log(errand: Errand, status: str, on: datetime.date, actor: Actor, note: str = "") -> None:
    Step.objects.create(errand=errand, status=status, on=on, by=signed_in(actor), note=note)


@transaction.atomic
def errand_register(
    *,
    actor: Actor,
    community: Area,
    kind: str,
    description: str,
    office: str = "",
    resident: Resident | None = None,
    visitor_name: str = "",
    visitor_phone: str = "",
    received_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    documents: list[str] | None = None,
) -> Errand:
    check_runs(actor, community)
    if kind not in Kind.values:
        raise DomainError({"kind": _("Choose from the list.")})
    received = _check_day(received_on or timezone.localdate(), "received_on")
    errand = Errand(
        community=community,
        kind=kind,
        description=clean(description, 1000, field="description", required=True),
        office=clean(office, 100, field="office"),
        received_on=received,
        created_by=signed_in(actor),
    )
    if resident is not None:
        if not resident.household.area.path.startswith(community.path):
            raise DomainError({"resident": _("This resident does not live in the community.")})
        errand.resident = resident
    else:
        errand.visitor_name = clean(visitor_name, 50, field="visitor_name", required=True)
        phone = clean(visitor_phone, 30, field="visitor_phone")
        if phone:
            try:
                errand.set_phone(protect_phone(normalize_phone(phone)))
            except ValidationError as exc:
                raise DomainError({"visitor_phone": exc.messages}) from exc
    if due_on is None:
        errand.due_on = default_due(kind, received)
    else:
        if not isinstance(due_on, datetime.date) or due_on < received:
            raise DomainError({"due_on": _("The deadline is on or after the day received.")})
        if (due_on - received).days > MAX_DUE_DAYS:
            raise DomainError({"due_on": _("The deadline is within a year.")})
        errand.due_on = due_on
    names = [clean(n, 100, field="documents") for n in (documents or [])]
    names = [n for n in names if n]
    if len(names) > MAX_DOCUMENTS:
        raise DomainError({"documents": _("At most %(n)d documents.") % {"n": MAX_DOCUMENTS}})
    errand.save()
    Document.objects.bulk_create([Document(errand=errand, name=n, received_on=received) for n in names])
    _log(errand, Status.RECEIVED, received, actor)
    audit_record(actor=actor, action="create", obj=errand, changes={"kind": kind, "documents": len(names)})
    return errand


@transaction.atomic
def document_add(*, actor: Actor, errand: Errand, name: str, received_on: datetime.date | None = None) -> Document:
    check_runs(actor, errand.community)
    if not errand.is_open:
        raise DomainError(_("This errand is closed."))
    if errand.documents.count() >= MAX_DOCUMENTS:
        raise DomainError({"name": _("At most %(n)d documents.") % {"n": MAX_DOCUMENTS}})
    day = _check_day(received_on or timezone.localdate(), "received_on", not_before=errand.received_on)
    document = Document.objects.create(
        errand=errand, name=clean(name, 100, field="name", required=True), received_on=day
    )
    audit_record(actor=actor, action="create", obj=document, changes={"errand": errand.pk})
    return document


@transaction.atomic
def errand_advance(
    *,
    actor: Actor,
    errand: Errand,
    to: str,
    on: datetime.date | None = None,
    handed_back_to: str = "",
    note: str = "",
) -> Errand:
    """One step on: received → submitted → result ready → handed back (with to whom)."""
    check_runs(actor, errand.community)
    current = Errand.objects.select_for_update().get(pk=errand.pk)
    if NEXT.get(current.status) != to:
        raise DomainError(_("This errand is not at the step before that one."))
    last = current.ready_on or current.submitted_on or current.received_on
    day = _check_day(on or timezone.localdate(), "on", not_before=last)
    fields: dict[str, Any] = {"status": to}
    if to == Status.SUBMITTED:
        fields["submitted_on"] = day
    elif to == Status.READY:
        fields["ready_on"] = day
    else:
        fields.update(
            handed_back_on=day,
            handed_back_to=clean(handed_back_to, 50, field="handed_back_to", required=True),
            handed_back_by=signed_in(actor),
        )
    for key, value in fields.items():
        setattr(current, key, value)
    current.save(update_fields=[*fields, "updated_at"])
    _log(current, to, day, actor, clean(note, 300, field="note"))
    audit_record(actor=actor, action="update", obj=current, changes={"status": [errand.status, to]})
    return current


@transaction.atomic
def errand_cancel(*, actor: Actor, errand: Errand, reason: str) -> Errand:
    check_runs(actor, errand.community)
    text = clean(reason, 300, field="reason", required=True)
    done = Errand.objects.filter(pk=errand.pk, status__in=OPEN).update(
        status=Status.CANCELLED, cancel_reason=text, updated_at=timezone.now()
    )
    if not done:
        raise DomainError(_("This errand is closed."))
    errand.refresh_from_db()
    _log(errand, Status.CANCELLED, timezone.localdate(), actor, text)
    audit_record(actor=actor, action="update", obj=errand, changes={"status": "cancelled"})
    return errand
