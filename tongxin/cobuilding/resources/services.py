"""Writes to the shared resources and their booking calendar.

A booking request takes its BookingSlot rows in the same transaction as the booking; the unique
constraint on (resource, start) decides between two requests for the same slot at the same
moment, and the loser is told "该时段已被预约" (never a 500). Refusing or cancelling frees the
slots; recording attendance after the use writes the booked hours as a delivery against the
commitment the resource counts toward (source=booking, once per booking).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.cobuilding.agreements.models import Commitment, Delivery
from tongxin.cobuilding.agreements.services import (
    answers_for,
    check_runs,
    clean,
    clean_quantity,
    may_run,
    record_delivery,
)
from tongxin.cobuilding.resources.models import (
    BOOK_AHEAD_DAYS,
    SLOT_MINUTES,
    Booking,
    BookingSlot,
    Resource,
    ResourceKind,
)
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.places.models import Place


class SlotTaken(DomainError):
    """Another booking holds one of the slots asked for."""


def may_edit(actor: Actor, community: Area, unit: ResidentUnit | None) -> bool:
    """Staff of the community, or a contact of the unit for its own resources."""
    return may_run(actor, community) or (unit is not None and answers_for(actor, unit))


def _aligned(t: datetime.time) -> bool:
    return t.second == 0 and t.microsecond == 0 and t.minute % SLOT_MINUTES == 0


@transaction.atomic
def resource_save(
    *,
    actor: Actor,
    resource: Resource | None = None,
    community: Area,
    unit: ResidentUnit | None,
    kind: str,
    name: str,
    description: str = "",
    availability: str = "",
    conditions: str = "",
    location: str = "",
    quantity: Any = None,
    measure: str = "",
    bookable: bool = False,
    capacity: int | None = None,
    opens_at: datetime.time | None = None,
    closes_at: datetime.time | None = None,
    open_weekdays: str = "1234567",
    commitment: Commitment | None = None,
    place: Place | None = None,
    active: bool = True,
) -> Resource:
    if resource is not None:
        community, unit = resource.community, resource.unit
    if not may_edit(actor, community, unit):
        raise Forbidden(_("Only the community's co-building staff or the unit's contact may do this."))
    if unit is not None and not unit.area.path.startswith(community.path):
        raise DomainError({"unit": _("This unit is not a resident unit of the community.")})
    if kind not in ResourceKind.values:
        raise DomainError({"kind": _("Choose from the list.")})
    weekdays = "".join(sorted(set(open_weekdays or "")))
    if bookable:
        if opens_at is None or closes_at is None:
            raise DomainError({"opens_at": _("A resource that can be booked has opening hours.")})
        if closes_at <= opens_at:
            raise DomainError({"closes_at": _("It closes after it opens.")})
        if not (_aligned(opens_at) and _aligned(closes_at)):
            raise DomainError({"opens_at": _("Opening hours are on the hour or half hour.")})
        if not weekdays or any(d not in "1234567" for d in weekdays):
            raise DomainError({"open_weekdays": _("Choose the days it opens.")})
        if not capacity or capacity < 1:
            raise DomainError({"capacity": _("Enter how many people it takes.")})
    if commitment is not None and (unit is None or commitment.agreement.unit_id != unit.pk):
        raise DomainError({"commitment": _("The commitment is not one of this unit's agreements.")})
    if place is not None and not (
        place.area.path.startswith(community.path) or community.path.startswith(place.area.path)
    ):
        raise DomainError({"place": _("The place is not one of the community's places.")})
    values = {
        "kind": kind,
        "name": clean(name, 100, field="name", required=True),
        "description": clean(description, 2000, field="description"),
        "availability": clean(availability, 200, field="availability"),
        "conditions": clean(conditions, 300, field="conditions"),
        "location": clean(location, 200, field="location"),
        "quantity": clean_quantity(quantity) if quantity not in (None, "") else None,
        "measure": clean(measure, 20, field="measure"),
        "bookable": bool(bookable),
        "capacity": capacity or None,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "open_weekdays": weekdays or "1234567",
        "commitment": commitment,
        "place": place,
        "active": bool(active),
    }
    created = resource is None
    if resource is None:
        resource = Resource(community=community, unit=unit, **values)
    else:
        for key, value in values.items():
            setattr(resource, key, value)
    resource.save()
    audit_record(actor=actor, action="create" if created else "update", obj=resource, changes={"name": resource.name})
    return resource


def _slot_starts(start: datetime.datetime, end: datetime.datetime) -> list[datetime.datetime]:
    step = datetime.timedelta(minutes=SLOT_MINUTES)
    starts, t = [], start
    while t < end:
        starts.append(t)
        t += step
    return starts


def check_times(resource: Resource, day: Any, start: Any, end: Any, *, now: datetime.datetime) -> None:
    """The booking rules, each refusal next to its field."""
    if not isinstance(day, datetime.date):
        raise DomainError({"day": _("Enter a date.")})
    if not isinstance(start, datetime.time) or not isinstance(end, datetime.time):
        raise DomainError({"starts": _("Enter a time, e.g. 18:00.")})
    if not (_aligned(start) and _aligned(end)):
        raise DomainError({"starts": _("Bookings start and end on the hour or half hour.")})
    if end <= start:
        raise DomainError({"ends": _("It ends after it starts.")})
    if str(day.isoweekday()) not in resource.open_weekdays:
        raise DomainError({"day": _("It does not open on that day.")})
    assert resource.opens_at is not None and resource.closes_at is not None
    if start < resource.opens_at or end > resource.closes_at:
        raise DomainError(
            {
                "starts": _("Outside the opening hours (%(opens)s–%(closes)s).")
                % {"opens": f"{resource.opens_at:%H:%M}", "closes": f"{resource.closes_at:%H:%M}"}
            }
        )
    tz = timezone.get_current_timezone()
    if datetime.datetime.combine(day, start, tzinfo=tz) <= now:
        raise DomainError({"day": _("This time has passed.")})
    if day > timezone.localdate(now) + datetime.timedelta(days=BOOK_AHEAD_DAYS):
        raise DomainError({"day": _("Bookings are taken at most %(days)d days ahead.") % {"days": BOOK_AHEAD_DAYS}})


@transaction.atomic
def booking_request(
    *,
    actor: Actor,
    resource: Resource,
    day: datetime.date,
    starts: datetime.time,
    ends: datetime.time,
    user_group: str,
    purpose: str,
    people: int,
    now: datetime.datetime | None = None,
) -> Booking:
    """Ask for a time on a bookable resource, for a group; the slots are taken at once."""
    check_runs(actor, resource.community)
    if not resource.bookable or not resource.active:
        raise DomainError(_("This resource cannot be booked."))
    now = now or timezone.now()
    check_times(resource, day, starts, ends, now=now)
    if not isinstance(people, int) or people < 1:
        raise DomainError({"people": _("Enter how many people will come.")})
    if resource.capacity and people > resource.capacity:
        raise DomainError({"people": _("It takes at most %(n)d people.") % {"n": resource.capacity}})
    tz = timezone.get_current_timezone()
    start_at = datetime.datetime.combine(day, starts, tzinfo=tz)
    end_at = datetime.datetime.combine(day, ends, tzinfo=tz)
    booking = Booking(
        resource=resource,
        starts_at=start_at,
        ends_at=end_at,
        user_group=clean(user_group, 100, field="user_group", required=True),
        purpose=clean(purpose, 200, field="purpose", required=True),
        people=people,
        requested_by=signed_in(actor),
    )
    try:
        with transaction.atomic():
            booking.save()
            BookingSlot.objects.bulk_create(
                [BookingSlot(resource=resource, booking=booking, starts_at=t) for t in _slot_starts(start_at, end_at)]
            )
    except IntegrityError as exc:
        raise SlotTaken({"starts": _("This time is already booked.")}) from exc
    audit_record(
        actor=actor, action="create", obj=booking, changes={"from": start_at.isoformat(), "resource": resource.pk}
    )
    return booking


def _check_unit(actor: Actor, booking: Booking) -> None:
    """The unit's contact decides for its venues (the community's staff for the community's own);
    the platform admin may act for a unit that has no contact with an account yet."""
    unit = booking.resource.unit
    if scope_for(actor).is_admin:
        return
    if unit is None:
        if not may_run(actor, booking.resource.community):
            raise Forbidden(_("Only the unit's contact may decide on a booking."))
    elif not answers_for(actor, unit):
        raise Forbidden(_("Only the unit's contact may decide on a booking."))


@transaction.atomic
def booking_decide(*, actor: Actor, booking: Booking, approve: bool, note: str = "") -> Booking:
    """The unit's contact approves or refuses a requested booking; refusing frees its slots."""
    _check_unit(actor, booking)
    note = clean(note, 200, field="decision_note")
    if not approve and not note:
        raise DomainError({"decision_note": _("Say why the booking is refused.")})
    to = Booking.Status.APPROVED if approve else Booking.Status.REFUSED
    done = Booking.objects.filter(pk=booking.pk, status=Booking.Status.REQUESTED).update(
        status=to, decided_by=signed_in(actor), decided_at=timezone.now(), decision_note=note, updated_at=timezone.now()
    )
    if not done:
        raise DomainError(_("This booking was already decided or cancelled."))
    if not approve:
        BookingSlot.objects.filter(booking=booking).delete()
    booking.refresh_from_db()
    audit_record(actor=actor, action="update", obj=booking, changes={"status": ["requested", to]})
    return booking


@transaction.atomic
def booking_cancel(*, actor: Actor, booking: Booking, now: datetime.datetime | None = None) -> Booking:
    """Staff who asked (or the unit) cancel a booking not yet used; its slots are freed."""
    if not may_run(actor, booking.resource.community):
        _check_unit(actor, booking)
    if booking.starts_at <= (now or timezone.now()):
        raise DomainError(_("This booking has started: it can no longer be cancelled."))
    done = Booking.objects.filter(pk=booking.pk, status__in=[Booking.Status.REQUESTED, Booking.Status.APPROVED]).update(
        status=Booking.Status.CANCELLED, updated_at=timezone.now()
    )
    if not done:
        raise DomainError(_("This booking was already refused or cancelled."))
    BookingSlot.objects.filter(booking=booking).delete()
    booking.refresh_from_db()
    audit_record(actor=actor, action="update", obj=booking, changes={"status": "cancelled"})
    return booking


@transaction.atomic
def booking_attended(
    *, actor: Actor, booking: Booking, attended: int, now: datetime.datetime | None = None
) -> Delivery | None:
    """After the use: how many came; the booked hours count toward the resource's commitment."""
    if not may_run(actor, booking.resource.community):
        _check_unit(actor, booking)
    if booking.status != Booking.Status.APPROVED:
        raise DomainError(_("Only an approved booking can have its attendance recorded."))
    if booking.ends_at > (now or timezone.now()):
        raise DomainError(_("Record who came after the booking has ended."))
    if not isinstance(attended, int) or attended < 0:
        raise DomainError({"attended": _("Enter how many people came.")})
    Booking.objects.filter(pk=booking.pk).update(attended=attended, updated_at=timezone.now())
    booking.attended = attended
    audit_record(actor=actor, action="update", obj=booking, changes={"attended": attended})
    commitment = booking.resource.commitment
    if commitment is None or commitment.agreement.status == "draft":
        return None
    hours = Decimal((booking.ends_at - booking.starts_at).total_seconds()) / Decimal(3600)
    local = timezone.localtime(booking.starts_at)
    return record_delivery(
        actor=actor,
        commitment=commitment,
        quantity=hours,
        delivered_on=local.date(),
        description=_("%(resource)s used by %(group)s, %(people)d people")
        % {"resource": booking.resource.name, "group": booking.user_group, "people": attended},
        source=Delivery.Source.BOOKING,
        source_id=booking.pk,
    )
