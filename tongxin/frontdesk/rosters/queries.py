"""Scoped reads of the rosters: who is on duty, gaps ahead, missed check-ins, swaps waiting, a
person's own shifts, and the share of shifts covered (the indicator)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from tongxin.frontdesk.rosters.models import GAP_DAYS, MISSED_AFTER, Assignment, Rota, Shift, Swap
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.calendar import SHANGHAI


def reads_front_desk(user: Actor) -> bool:
    """The rota pages: the front desk's staff, and the subdistrict that supervises them (reads only)."""
    scope = scope_for(user)
    return scope.has_perm(Perm.FRONT_DESK) or Role.SUBDISTRICT in scope.roles


def rotas_visible_to(user: Actor) -> QuerySet[Rota]:
    return visible_to(Rota.objects.all(), user)


def shifts_visible_to(user: Actor) -> QuerySet[Shift]:
    return visible_to(Shift.objects.all(), user)


def _people() -> Prefetch[Any]:
    return Prefetch("assignments", queryset=Assignment.objects.select_related("user").order_by("id"))


def with_counts(qs: QuerySet[Shift]) -> QuerySet[Shift]:
    checked = (
        Assignment.objects.filter(shift=OuterRef("pk"), checked_in_at__isnull=False)
        .order_by()
        .values("shift")
        .annotate(n=Count("pk"))
        .values("n")
    )
    assigned = (
        Assignment.objects.filter(shift=OuterRef("pk")).order_by().values("shift").annotate(n=Count("pk")).values("n")
    )
    return qs.annotate(
        assigned=Coalesce(Subquery(assigned, output_field=IntegerField()), Value(0)),
        checked=Coalesce(Subquery(checked, output_field=IntegerField()), Value(0)),
    )


def shift_rows(qs: QuerySet[Shift]) -> QuerySet[Shift]:
    return (
        with_counts(qs.select_related("rota__community"))
        .prefetch_related(_people())
        .order_by("starts", "rota_id", "id")
    )


def on_duty(user: Actor, day: datetime.date, *, path: str = "") -> QuerySet[Shift]:
    """The shifts of the day (the night shift started the day before included, until it ends)."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=SHANGHAI)
    end = start + datetime.timedelta(days=1)
    qs = shifts_visible_to(user).filter(starts__lt=end, ends__gt=start, rota__active=True)
    if path:
        qs = qs.filter(rota__community__path__startswith=path)
    return shift_rows(qs)


def gaps(user: Actor, now: datetime.datetime) -> QuerySet[Shift]:
    """Shifts not over, starting within GAP_DAYS, with fewer people than needed."""
    until = now + datetime.timedelta(days=GAP_DAYS)
    qs = shifts_visible_to(user).filter(ends__gt=now, starts__lte=until, rota__active=True)
    return shift_rows(qs).filter(Q(assigned__lt=F("needed")))


def missed(user: Actor, now: datetime.datetime) -> QuerySet[Assignment]:
    """People not checked in MISSED_AFTER after the start of a shift of the last day."""
    return (
        visible_to(Assignment.objects.all(), user)
        .filter(
            checked_in_at__isnull=True,
            shift__starts__lte=now - MISSED_AFTER,
            shift__starts__gte=now - datetime.timedelta(days=1),
        )
        .select_related("user", "shift__rota")
        .order_by("shift__starts", "id")
    )


def swaps_waiting(user: Actor) -> QuerySet[Swap]:
    """Swaps the other person accepted, waiting for the office's approval."""
    return (
        visible_to(Swap.objects.all(), user)
        .filter(status=Swap.Status.ACCEPTED)
        .select_related("assignment__shift__rota", "from_user", "to_user")
        .order_by("assignment__shift__starts", "id")
    )


def my_assignments(user: Actor, now: datetime.datetime) -> QuerySet[Assignment]:
    """A person's own shifts not over yet, the next first (no scope needed: they are theirs)."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(user_id=user.pk, shift__ends__gt=now)
        .select_related("shift__rota__community")
        .prefetch_related(
            Prefetch(
                "swaps",
                queryset=Swap.objects.filter(status__in=["asked", "accepted"]).select_related("to_user"),
                to_attr="open_swaps",
            )
        )
        .order_by("shift__starts", "id")
    )


def swaps_for_me(user: Actor, area_paths: list[str]) -> QuerySet[Swap]:
    """Swaps asked of this person, and offers of the communities around the places where they
    hold a role (`area_paths`, from their scope: no query)."""
    if not user.is_authenticated:
        return Swap.objects.none()
    around = sorted({a for p in area_paths for a in _ancestors(p)})
    offered = Q(to_user__isnull=True, assignment__shift__rota__community__path__in=around) if around else Q(pk__in=[])
    return (
        Swap.objects.filter(
            Q(to_user_id=user.pk) | offered, status=Swap.Status.ASKED, assignment__shift__starts__gt=timezone.now()
        )
        .exclude(from_user_id=user.pk)
        .select_related("assignment__shift__rota", "from_user")
        .order_by("assignment__shift__starts", "id")
    )


def _ancestors(path: str) -> list[str]:
    step = 9
    return [path[:i] for i in range(step, len(path) + 1, step)]


def covered_by_community(
    place: Any, start: datetime.date, end: datetime.date, now: datetime.datetime
) -> list[dict[str, Any]]:
    """Per community: shifts of the period that have started, and those with at least the
    needed people checked in (one query)."""
    qs = with_counts(
        Shift.objects.filter(
            rota__community__path__startswith=place.path, date__gte=start, date__lte=end, starts__lte=now
        )
    )
    return list(
        qs.order_by()
        .values("rota__community__path")
        .annotate(whole=Count("pk"), part=Count("pk", filter=Q(checked__gte=F("needed"))))
    )
