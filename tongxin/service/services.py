"""Writes of volunteer service: the hours ledger every source credits, volunteers, teams.

Each write checks every rule, then writes with an audit record, or refuses whole
(`DomainError` with a message for the user). Who may do it is the views' business.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.areas.models import Area, Level
from tongxin.core.audit import audit_record
from tongxin.core.exceptions import DomainError
from tongxin.service.models import MAX_HOURS_A_DAY, HoursSource, ServiceHours, Volunteer, VolunteerTeam

COMMUNITY_LEVELS = (Level.COMMUNITY, Level.VILLAGE)
EARLIEST = datetime.date(2000, 1, 1)
DESCRIPTION_MAX = 200


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def community_of(area: Area) -> Area:
    """The community (or village) an area lies in: itself, or its ancestor at that level."""
    if area.level in COMMUNITY_LEVELS:
        return area
    found = Area.objects.filter(pk__in=area.ancestor_ids(), level__in=COMMUNITY_LEVELS).first()
    if found is None:
        raise DomainError(_("Choose a community, or a place inside one."), code="not_in_community")
    return found


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
    actor: Any,
    confirmed: bool = False,
) -> ServiceHours:
    """Credit service hours to a volunteer (one ledger row), or update the same credit.

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
    row = existing or ServiceHours(volunteer=volunteer, source=source, source_id=source_id, created_by=_user(actor))
    row.team, row.area, row.served_on, row.hours = team, area, served_on, amount
    row.people_served, row.description = people_served, description
    if confirmed:
        row.confirmed_at, row.confirmed_by = now, _user(actor)
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
def hours_confirm(*, hours: ServiceHours, actor: Any) -> ServiceHours:
    """Confirm credited hours: from now on they count in every total."""
    row = ServiceHours.objects.select_for_update().select_related("volunteer").get(pk=hours.pk)
    if row.confirmed_at is not None:
        raise DomainError(_("These hours are already confirmed."), code="confirmed")
    if row.served_on > timezone.localdate():
        raise DomainError(_("Hours cannot be credited for a day in the future."), code="future")
    row.confirmed_at, row.confirmed_by = timezone.now(), _user(actor)
    row.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(
        actor=actor,
        action="update",
        obj=row,
        changes={"confirmed": True, "volunteer": row.volunteer.name, "hours": str(row.hours)},
    )
    return row


@transaction.atomic
def hours_confirm_many(*, rows: list[ServiceHours], actor: Any) -> int:
    """Confirm the rows still waiting (rows confirmed meanwhile are skipped); how many were confirmed."""
    count = 0
    for row in ServiceHours.objects.select_for_update().filter(pk__in=[r.pk for r in rows], confirmed_at__isnull=True):
        hours_confirm(hours=row, actor=actor)
        count += 1
    return count


@transaction.atomic
def hours_reject(*, hours: ServiceHours, actor: Any, reason: str) -> None:
    """Reject credited hours that were not given: the row is removed, the audit keeps it and why."""
    reason = _text(reason, 200)
    row = ServiceHours.objects.select_for_update().select_related("volunteer", "team").filter(pk=hours.pk).first()
    if row is None:
        raise DomainError(_("These hours were already removed."), code="gone")
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
def volunteer_for_user(*, user: Any, area: Area) -> Volunteer:
    """The volunteer record of an account in a community, created on first use.

    A record already kept for the account's party member is linked to the account rather
    than duplicated. The name is the member's, else the account's display name.
    """
    if not getattr(user, "is_authenticated", False):
        raise DomainError(_("Sign in first."), code="anonymous")
    community = community_of(area)
    found = Volunteer.objects.select_for_update().filter(area=community, user=user).first()
    if found is not None:
        return found
    from tongxin.party.models import PartyMember

    member = PartyMember.objects.filter(user=user).first()
    if member is not None:
        by_member = (
            Volunteer.objects.select_for_update().filter(area=community, member=member, user__isnull=True).first()
        )
        if by_member is not None:
            by_member.user = user
            by_member.save(update_fields=["user", "updated_at"])
            audit_record(actor=user, action="update", obj=by_member, changes={"account": user.get_username()})
            return by_member
    volunteer = Volunteer(
        area=community,
        user=user,
        member=member,
        resident_id=member.resident_id if member is not None else None,
        registered_on=timezone.localdate(),
    )
    volunteer.set_name((member.name if member is not None else str(user))[:50])
    if member is not None:
        volunteer.set_phone(member.protected_phone() if member.phone_enc else None)
    if volunteer.resident_id and Volunteer.objects.filter(area=community, resident_id=volunteer.resident_id).exists():
        volunteer.resident_id = None
    if member is not None and Volunteer.objects.filter(area=community, member=member).exists():
        volunteer.member = None
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError:
        # Registered by a parallel request a moment ago.
        return Volunteer.objects.get(area=community, user=user)
    audit_record(
        actor=user,
        action="create",
        obj=volunteer,
        changes={"name": volunteer.name, "community": community.name, "account": user.get_username()},
    )
    return volunteer
