"""Writes of the hours ledger: credit (by hand, or the step other capabilities call), confirm, reject.

Every source of hours (a leader's entry, a service request, activities, programmes, pairing)
ends in `hours_credit_apply`, the ledger's one write.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, check, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import Area
from tongxin.volunteering.service import queries
from tongxin.volunteering.service.models import (
    MAX_HOURS_A_DAY,
    HoursSource,
    ServiceHours,
    Volunteer,
    VolunteerTeam,
)
from tongxin.volunteering.service.services._common import _leads, _runs_service, _text, community_of

EARLIEST = datetime.date(2000, 1, 1)
DESCRIPTION_MAX = 200


def parse_hours(value: Any) -> Decimal | None:
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        return None
    return hours if hours.is_finite() else None


def _check_hours(hours: Any, served_on: Any, description: str, today: datetime.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    amount = parse_hours(hours)
    if amount is None or amount <= 0 or amount > MAX_HOURS_A_DAY:
        errors.setdefault("hours", []).append(_("Enter the hours: more than 0 and at most 24."))
    elif amount != amount.quantize(Decimal("0.01")):
        errors.setdefault("hours", []).append(_("Enter the hours with at most two decimal places."))
    if not isinstance(served_on, datetime.date) or isinstance(served_on, datetime.datetime):
        errors.setdefault("served_on", []).append(_("Enter a date."))
    elif served_on > today:
        errors.setdefault("served_on", []).append(_("Hours cannot be credited for a day in the future."))
    elif served_on < EARLIEST:
        errors.setdefault("served_on", []).append(_("Enter a date from 2000 up to today."))
    if not description:
        errors.setdefault("description", []).append(_("Say what service was given."))
    return errors


@transaction.atomic
def hours_credit(
    *,
    volunteer: Volunteer,
    area: Area,
    served_on: datetime.date,
    hours: Decimal,
    description: str,
    source: str,
    source_id: int | None,
    team: VolunteerTeam | None = None,
    people_served: int = 0,
    actor: Actor,
    confirmed: bool = False,
) -> ServiceHours:
    """A leader or staff credits hours by hand: the team's leader (or staff over it), or staff
    with SERVICE over the place when no team is named."""
    check(_leads(actor, team) if team is not None else _runs_service(actor, area.path))
    return hours_credit_apply(
        volunteer=volunteer,
        area=area,
        served_on=served_on,
        hours=hours,
        description=description,
        source=source,
        source_id=source_id,
        team=team,
        people_served=people_served,
        actor=actor,
        confirmed=confirmed,
    )


@transaction.atomic
def hours_credit_apply(
    *,
    volunteer: Volunteer,
    area: Area,
    served_on: datetime.date,
    hours: Decimal,
    description: str,
    source: str,
    source_id: int | None,
    team: VolunteerTeam | None = None,
    people_served: int = 0,
    actor: Actor | None,
    confirmed: bool = False,
) -> ServiceHours:
    """Credit service hours to a volunteer (one ledger row), or update the same credit.

    The ledger's one write: `hours_credit` calls it after checking its actor, and so do the
    services of activities, programmes and pairing after checking theirs.

    Idempotent per (source, source_id, volunteer): a second call for the same piece of service
    updates the row while it waits for confirmation, and refuses once it is confirmed.
    `confirmed=True` writes the row confirmed by `actor` (a leader's or staff's own entry).
    """
    today = timezone.localdate()
    description = _text(description, DESCRIPTION_MAX)
    errors = _check_hours(hours, served_on, description, today)
    if source not in HoursSource.values:
        errors.setdefault("source", []).append(_("Unknown source of hours."))
    if not isinstance(people_served, int) or isinstance(people_served, bool) or not 0 <= people_served <= 100000:
        errors.setdefault("people_served", []).append(_("Enter the number of people served (0 or more)."))
    if source_id is not None and (not isinstance(source_id, int) or source_id <= 0):
        errors.setdefault("source", []).append(_("Unknown source of hours."))
    if team is not None and not team.is_active:
        errors.setdefault("team", []).append(_("This team is no longer active."))
    if not volunteer.is_active:
        message = _("%(name)s is no longer an active volunteer.") % {"name": volunteer.name}
        errors.setdefault("volunteer", []).append(message)
    if errors:
        raise DomainError(errors)
    amount = parse_hours(hours)
    now = timezone.now()
    existing = None
    if source_id is not None:
        existing = (
            ServiceHours.objects.select_for_update()
            .filter(source=source, source_id=source_id, volunteer=volunteer)
            .first()
        )
    if existing is not None and existing.confirmed_at is not None:
        raise DomainError(
            _("These hours of %(name)s are already confirmed and cannot be changed.") % {"name": volunteer.name},
            code="confirmed",
        )
    row = existing or ServiceHours(volunteer=volunteer, source=source, source_id=source_id, created_by=signed_in(actor))
    row.team, row.area, row.served_on, row.hours = team, area, served_on, amount
    row.people_served, row.description = people_served, description
    if confirmed:
        row.confirmed_at, row.confirmed_by = now, signed_in(actor)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        # Another request credited the same piece of service at the same moment.
        raise DomainError(_("These hours were just credited; reload the page."), code="duplicate") from exc
    audit_record(
        actor=actor,
        action="update" if existing is not None else "create",
        obj=row,
        changes={
            "volunteer": volunteer.name,
            "team": team.name if team else "",
            "area": area.name,
            "served_on": served_on.isoformat(),
            "hours": str(amount),
            "people_served": people_served,
            "source": source,
            "source_id": source_id,
            "confirmed": confirmed,
        },
    )
    return row


@transaction.atomic
def hours_confirm(*, hours: ServiceHours, actor: Actor) -> ServiceHours:
    """Confirm credited hours: from now on they count in every total."""
    row = ServiceHours.objects.select_for_update(of=("self",)).select_related("volunteer", "area").get(pk=hours.pk)
    check(_may_confirm(actor, row))
    if row.confirmed_at is not None:
        raise DomainError(_("These hours are already confirmed."), code="confirmed")
    if row.served_on > timezone.localdate():
        raise DomainError(_("Hours cannot be credited for a day in the future."), code="future")
    row.confirmed_at, row.confirmed_by = timezone.now(), signed_in(actor)
    row.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(
        actor=actor,
        action="update",
        obj=row,
        changes={"confirmed": True, "volunteer": row.volunteer.name, "hours": str(row.hours)},
    )
    return row


def _may_confirm(actor: Actor, row: ServiceHours) -> bool:
    """Staff with SERVICE over the place the hours were given, or the leader of their team."""
    return bool(getattr(actor, "is_authenticated", False)) and queries.may_confirm(actor, row)


@transaction.atomic
def hours_confirm_many(*, rows: list[ServiceHours], actor: Actor) -> int:
    """Confirm the rows still waiting (rows confirmed meanwhile are skipped); how many were confirmed."""
    count = 0
    for row in ServiceHours.objects.select_for_update().filter(pk__in=[r.pk for r in rows], confirmed_at__isnull=True):
        hours_confirm(hours=row, actor=actor)
        count += 1
    return count


@transaction.atomic
def hours_reject(*, hours: ServiceHours, actor: Actor, reason: str) -> None:
    """Reject credited hours that were not given: the row is removed, the audit keeps it and why."""
    reason = _text(reason, 200)
    row = (
        ServiceHours.objects.select_for_update(of=("self",))
        .select_related("volunteer", "team", "area")
        .filter(pk=hours.pk)
        .first()
    )
    if row is None:
        raise DomainError(_("These hours were already removed."), code="gone")
    check(_may_confirm(actor, row))
    if row.confirmed_at is not None:
        raise DomainError(_("These hours are already confirmed."), code="confirmed")
    if not reason:
        raise DomainError({"reason": [_("Say why these hours are rejected.")]})
    audit_record(
        actor=actor,
        action="delete",
        obj=row,
        changes={
            "volunteer": row.volunteer.name,
            "team": row.team.name if row.team else "",
            "served_on": row.served_on.isoformat(),
            "hours": str(row.hours),
            "source": row.source,
            "source_id": row.source_id,
            "reason": reason,
        },
    )
    row.delete()


@transaction.atomic
def case_hours_credit(
    *,
    actor: Actor,
    team: VolunteerTeam,
    case: Any,
    volunteers: list[Volunteer],
    served_on: datetime.date,
    hours: Decimal,
    confirm_others: bool = True,
) -> list[ServiceHours]:
    """Credit the team members who worked on a service request (a case handed to the team).

    The leader's entry confirms the others' hours; the leader's own wait for staff.
    """
    check(_leads(actor, team))
    if not volunteers:
        raise DomainError({"volunteers": [_("Choose who worked on it.")]})
    description = _("Service request %(code)s") % {"code": case.tracking_code}
    rows = []
    for volunteer in volunteers:
        rows.append(
            hours_credit_apply(
                volunteer=volunteer,
                team=team,
                area=community_of(team.area),
                served_on=served_on,
                hours=hours,
                description=f"{description} {case.category}"[:DESCRIPTION_MAX],
                source=HoursSource.CASE,
                source_id=case.pk,
                actor=actor,
                confirmed=confirm_others and (volunteer.user_id is None or volunteer.user_id != actor.pk),
            )
        )
    return rows
