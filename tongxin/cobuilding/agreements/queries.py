"""Scoped reads of agreements, and delivered-against-promised computed in the database.

`commitment_progress` and `remaining_by_commitment` are what other apps ask (projects' suggested
matches use a unit's remaining commitment): one annotated queryset, never a loop over deliveries.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from tongxin.cobuilding.agreements.models import RENEWAL_NOTICE_DAYS, Agreement, Commitment, Delivery
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.registry.cobuild.models import ResidentUnit

AMOUNT: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)


def reads_cobuild(user: Actor) -> bool:
    """The staff pages: co-building staff, and the subdistrict that supervises them (reads only)."""
    scope = scope_for(user)
    return scope.has_perm(Perm.COBUILD) or Role.SUBDISTRICT in scope.roles


def agreements_visible_to(user: Actor) -> QuerySet[Agreement]:
    return visible_to(Agreement.objects.all(), user)


def _delivered() -> Coalesce:
    total = (
        Delivery.objects.filter(commitment=OuterRef("pk"))
        .order_by()
        .values("commitment")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=AMOUNT), Value(Decimal("0")), output_field=AMOUNT)


def commitment_progress(commitments: QuerySet[Commitment]) -> QuerySet[Any]:
    """Each commitment with `delivered` (Σ deliveries) and `remaining` (never below zero)."""
    qs = commitments.annotate(delivered=_delivered())
    return qs.annotate(
        remaining=ExpressionWrapper(F("quantity") - F("delivered"), output_field=AMOUNT),
    )


def remaining_by_commitment(
    units: Iterable[ResidentUnit] | QuerySet[ResidentUnit], *, on: datetime.date | None = None
) -> QuerySet[Any]:
    """The commitments of the units' signed agreements (in force on `on`, when given) with
    something still to deliver, each with `delivered` and `remaining`, most remaining first."""
    unit_ids = units.values("pk") if isinstance(units, QuerySet) else [u.pk for u in units]
    qs = Commitment.objects.filter(agreement__unit__in=unit_ids, agreement__status=Agreement.Status.SIGNED)
    if on is not None:
        qs = qs.filter(agreement__starts_on__lte=on, agreement__ends_on__gte=on)
    return (
        commitment_progress(qs.select_related("agreement__unit"))
        .filter(remaining__gt=0)
        .order_by("agreement__unit__name", "-remaining", "id")
    )


def agreement_list(
    user: Actor,
    *,
    path: str = "",
    year: int | None = None,
    status: str = "",
    unit_kind: str = "",
    unit: int | None = None,
    ending_from: datetime.date | None = None,
) -> QuerySet[Agreement]:
    """`ending_from`: only the signed ones ending within RENEWAL_NOTICE_DAYS of that day (the
    workbench's count opens exactly these)."""
    qs = agreements_visible_to(user).select_related("unit", "community")
    if ending_from is not None:
        until = ending_from + datetime.timedelta(days=RENEWAL_NOTICE_DAYS)
        qs = qs.filter(status=Agreement.Status.SIGNED, ends_on__gte=ending_from, ends_on__lte=until)
    if path:
        qs = qs.filter(community__path__startswith=path)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if unit_kind:
        qs = qs.filter(unit__kind=unit_kind)
    if unit:
        qs = qs.filter(unit_id=unit)
    return qs.annotate(commitment_count=Count("commitments", distinct=True)).order_by("-year", "unit__name", "id")


def status_counts(qs: QuerySet[Agreement]) -> dict[str, int]:
    counts = qs.order_by().aggregate(
        total=Count("pk"),
        **{s: Count("pk", filter=Q(status=s)) for s in Agreement.Status.values},
    )
    return {k: v or 0 for k, v in counts.items()}


def ending_soon(user: Actor, today: datetime.date) -> QuerySet[Agreement]:
    """Signed agreements ending within RENEWAL_NOTICE_DAYS, the most urgent first."""
    until = today + datetime.timedelta(days=RENEWAL_NOTICE_DAYS)
    return (
        agreements_visible_to(user)
        .filter(status=Agreement.Status.SIGNED, ends_on__gte=today, ends_on__lte=until)
        .select_related("unit")
        .order_by("ends_on", "id")
    )


def drafts(user: Actor) -> QuerySet[Agreement]:
    return agreements_visible_to(user).filter(status=Agreement.Status.DRAFT).select_related("unit").order_by("id")


def running_for(units: Iterable[ResidentUnit], today: datetime.date) -> QuerySet[Agreement]:
    """The units' agreements of this year (the portal's "our agreement this year")."""
    return (
        Agreement.objects.filter(unit__in=[u.pk for u in units], year=today.year)
        .exclude(status=Agreement.Status.ENDED)
        .select_related("unit")
        .order_by("unit__name", "id")
    )


def progress_rows(commitments: QuerySet[Commitment]) -> list[Any]:
    """`commitment_progress` read, each row with `percent` for its bar (0–100, whole)."""
    rows = list(commitment_progress(commitments))
    for c in rows:
        c.percent = min(100, int(c.delivered * 100 / c.quantity)) if c.quantity else 0
    return rows
