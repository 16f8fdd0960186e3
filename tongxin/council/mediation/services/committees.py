"""Writes of committees, mediators and dispute sweeps."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.council.mediation.models import Committee, DisputeKind, Mediator, MediatorKind, Sweep
from tongxin.council.mediation.services._common import check_day, check_mediates, clean
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Level

NAME_MAX = 100
SWEEP_FOUND_MAX = 999


@transaction.atomic
def committee_create(*, actor: Actor, area: Any, name: str, founded_on: datetime.date | None = None) -> Committee:
    """A people's mediation committee of a community or village (one active per place)."""
    check_mediates(actor, area)
    if area.level not in COMMUNITY_LEVELS:
        raise DomainError({"area": _("A mediation committee belongs to a community or a village.")})
    name = clean(name, NAME_MAX, field="name") or _("%(place)s People's Mediation Committee") % {"place": area.name}
    if Committee.objects.filter(area=area, is_active=True).exists():
        raise DomainError({"area": _("This place already has a mediation committee.")}, code="duplicate")
    if founded_on is not None:
        check_day(founded_on, field="founded_on")
    committee = Committee.objects.create(area=area, name=name, founded_on=founded_on)
    audit_record(actor=actor, action="create", obj=committee)
    return committee


@transaction.atomic
def mediator_add(
    *,
    actor: Actor,
    committee: Committee,
    name: str,
    kind: str = MediatorKind.VOLUNTEER,
    speciality: str = "",
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    resident: Any = None,
    user: Any = None,
) -> Mediator:
    check_mediates(actor, committee.area)
    if resident is not None:
        name = name or resident.name
        if not resident.household.area.path.startswith(committee.area.path):
            raise DomainError({"resident": _("This resident does not live in the committee's place.")})
    name = clean(name, 50, field="name", required=True)
    if kind not in MediatorKind.values:
        raise DomainError({"kind": _("Choose one of the listed kinds.")})
    if speciality and speciality not in DisputeKind.values:
        raise DomainError({"speciality": _("Choose one of the listed specialities.")})
    if not isinstance(term_start, datetime.date):
        raise DomainError({"term_start": _("Enter a date.")})
    if term_end is not None and term_end < term_start:
        raise DomainError({"term_end": _("The term ends before it starts.")})
    mediator = Mediator(
        committee=committee,
        kind=kind,
        speciality=speciality,
        resident=resident,
        user=user,
        term_start=term_start,
        term_end=term_end,
    )
    mediator.set_name(name)
    mediator.save()
    audit_record(actor=actor, action="create", obj=mediator, changes={"committee": [None, committee.name]})
    return mediator


@transaction.atomic
def mediator_end(*, actor: Actor, mediator: Mediator, term_end: datetime.date) -> Mediator:
    """The mediator's term ends (a new one is added rather than a term rewritten)."""
    check_mediates(actor, mediator.committee.area)
    if not isinstance(term_end, datetime.date) or term_end < mediator.term_start:
        raise DomainError({"term_end": _("The term ends before it starts.")})
    before = mediator.term_end
    Mediator.objects.filter(pk=mediator.pk).update(term_end=term_end)
    mediator.term_end = term_end
    audit_record(actor=actor, action="update", obj=mediator, changes={"term_end": [before, term_end]})
    return mediator


@transaction.atomic
def sweep_record(
    *, actor: Actor, area: Any, swept_on: datetime.date, swept_by: str, found: int, notes: str = ""
) -> Sweep:
    """A dispute sweep (矛盾纠纷排查) of a grid; each finding may then open a mediation case."""
    check_mediates(actor, area)
    if area.level != Level.GRID:
        raise DomainError({"area": _("A sweep is recorded for a grid.")})
    check_day(swept_on, field="swept_on")
    if not isinstance(found, int) or not 0 <= found <= SWEEP_FOUND_MAX:
        raise DomainError({"found": _("Enter a number from 0 to %(max)d.") % {"max": SWEEP_FOUND_MAX}})
    notes = clean(notes, 4000, field="notes", required=found > 0)
    sweep = Sweep.objects.create(
        area=area,
        swept_on=swept_on,
        swept_by=clean(swept_by, 200, field="swept_by", required=True),
        found=found,
        notes=notes,
        recorded_by=signed_in(actor),
    )
    audit_record(actor=actor, action="create", obj=sweep)
    return sweep
