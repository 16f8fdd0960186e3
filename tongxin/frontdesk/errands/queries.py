"""Scoped reads of errands: the list with its filters, the counts of a period (received, handed
back, on time), due soon and overdue, and the indicators' groups per community."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from tongxin.frontdesk.errands.models import OPEN, Errand, Status
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.calendar import SHANGHAI, add_working_days

# "Due soon": within this many working days.
SOON_WORKING_DAYS = 2


def reads_front_desk(user: Actor) -> bool:
    scope = scope_for(user)
    return scope.has_perm(Perm.FRONT_DESK) or Role.SUBDISTRICT in scope.roles


def errands_visible_to(user: Actor) -> QuerySet[Errand]:
    return visible_to(Errand.objects.all(), user)


def soon_until(today: datetime.date) -> datetime.date:
    start = datetime.datetime.combine(today, datetime.time(23, 59), tzinfo=SHANGHAI)
    return add_working_days(start, SOON_WORKING_DAYS).date()


def errand_list(
    user: Actor,
    *,
    path: str = "",
    status: str = "",
    kind: str = "",
    due: str = "",
    today: datetime.date | None = None,
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
) -> QuerySet[Errand]:
    """`due`: "overdue" (open, past the deadline) or "soon" (open, due within two working days,
    overdue ones included: the workbench's count opens exactly these)."""
    today = today or timezone.localdate()
    qs = errands_visible_to(user).select_related("resident", "community")
    if path:
        qs = qs.filter(community__path__startswith=path)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if due == "overdue":
        qs = qs.filter(status__in=OPEN, due_on__lt=today)
    elif due == "soon":
        qs = qs.filter(status__in=OPEN, due_on__lte=soon_until(today))
    if received_from:
        qs = qs.filter(received_on__gte=received_from)
    if received_to:
        qs = qs.filter(received_on__lte=received_to)
    return qs.order_by("due_on", "id") if due else qs.order_by("-received_on", "-id")


def period_counts(
    qs: QuerySet[Errand], start: datetime.date, end: datetime.date, today: datetime.date
) -> dict[str, int]:
    """Received in the period, handed back in it, of those on time, and open past the deadline."""
    received = Q(received_on__gte=start, received_on__lte=end)
    back = Q(status=Status.HANDED_BACK, handed_back_on__gte=start, handed_back_on__lte=end)
    counts = qs.order_by().aggregate(
        received=Count("pk", filter=received),
        handed_back=Count("pk", filter=back),
        on_time=Count("pk", filter=back & Q(handed_back_on__lte=F("due_on"))),
        overdue=Count("pk", filter=Q(status__in=OPEN, due_on__lt=today)),
    )
    return {k: v or 0 for k, v in counts.items()}


def received_by_community(place: Any, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    return list(
        Errand.objects.filter(community__path__startswith=place.path, received_on__gte=start, received_on__lte=end)
        .order_by()
        .values("community__path")
        .annotate(n=Count("pk"))
    )


def on_time_by_community(place: Any, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    return list(
        Errand.objects.filter(
            community__path__startswith=place.path,
            status=Status.HANDED_BACK,
            handed_back_on__gte=start,
            handed_back_on__lte=end,
        )
        .order_by()
        .values("community__path")
        .annotate(whole=Count("pk"), part=Count("pk", filter=Q(handed_back_on__lte=F("due_on"))))
    )
