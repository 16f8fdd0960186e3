"""Scoped reads of the shared resources and their bookings."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tongxin.cobuilding.resources.models import Booking, Resource
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.scope import visible_to
from tongxin.registry.cobuild.models import ResidentUnit

LIVE = (Booking.Status.REQUESTED, Booking.Status.APPROVED)


def resources_visible_to(user: Actor) -> QuerySet[Resource]:
    return visible_to(Resource.objects.all(), user)


def bookings_visible_to(user: Actor) -> QuerySet[Booking]:
    return visible_to(Booking.objects.all(), user)


def resource_list(
    user: Actor,
    *,
    path: str = "",
    kind: str = "",
    unit: int | None = None,
    bookable: bool | None = None,
    now: datetime.datetime | None = None,
) -> QuerySet[Resource]:
    qs = resources_visible_to(user).select_related("unit", "community")
    if path:
        qs = qs.filter(community__path__startswith=path)
    if kind:
        qs = qs.filter(kind=kind)
    if unit:
        qs = qs.filter(unit_id=unit)
    if bookable is not None:
        qs = qs.filter(bookable=bookable)
    since = now or timezone.now()
    return qs.annotate(
        upcoming=Count("bookings", filter=Q(bookings__status__in=LIVE, bookings__starts_at__gte=since))
    ).order_by("community__path", "kind", "name", "id")


def week_bookings(resource: Resource, monday: datetime.date) -> QuerySet[Booking]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time.min, tzinfo=tz)
    return resource.bookings.filter(
        status__in=LIVE, starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=7)
    ).order_by("starts_at", "id")


def waiting_for_units(units: Iterable[ResidentUnit]) -> QuerySet[Booking]:
    """Requested bookings of the units' venues, waiting for their contact (soonest first)."""
    return (
        Booking.objects.filter(resource__unit__in=[u.pk for u in units], status=Booking.Status.REQUESTED)
        .select_related("resource")
        .order_by("starts_at", "id")
    )


def to_record(units: Iterable[ResidentUnit], now: datetime.datetime) -> QuerySet[Booking]:
    """Approved bookings of the units' venues that are over and have no attendance yet."""
    return (
        Booking.objects.filter(
            resource__unit__in=[u.pk for u in units],
            status=Booking.Status.APPROVED,
            ends_at__lte=now,
            attended__isnull=True,
        )
        .select_related("resource")
        .order_by("-starts_at", "id")
    )
