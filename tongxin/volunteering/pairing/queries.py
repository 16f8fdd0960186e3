"""Scoped reads of pairing assistance: the beneficiary list with each one's last visit, a
beneficiary's record, a helper's own pairings, and who may write."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area
from tongxin.volunteering.pairing.models import Beneficiary, Pairing, PairingHelper, PairingVisit, helper_q

DEFAULT_STALE_DAYS = 30
# Filter on the pairing state of a beneficiary.
OPEN, CLOSED, NEVER = "open", "closed", "never"
STATES = (OPEN, CLOSED, NEVER)


def may_manage(user: Actor, community: Area) -> bool:
    """Beneficiaries and pairings are the community's service work (Perm.SERVICE)."""
    return scope_for(user).allows_path(Perm.SERVICE, AREA, community.path)


def helper_of(user: Actor, pairing: Pairing) -> PairingHelper | None:
    """The helper row of `pairing` the user stands for (their member or volunteer record, a team they serve in)."""
    if not user.is_authenticated:
        return None
    return PairingHelper.objects.filter(helper_q(user), pairing=pairing).order_by("id").first()


def beneficiaries_visible_to(user: Actor) -> QuerySet[Beneficiary]:
    return visible_to(Beneficiary.objects.all(), user)


def beneficiary_for(user: Actor, pk: Any, *, manage: bool = False) -> Beneficiary:
    """The beneficiary, or 404 outside the user's scope; with `manage`, 403 without Perm.SERVICE there."""
    row = get_for(
        user,
        Beneficiary.objects.select_related(
            "community", "area", "resident", "member", "member__org", "household", "household__area"
        ),
        pk,
    )
    if manage and not may_manage(user, row.community):
        raise PermissionDenied
    return row


def pairing_for(user: Actor, pk: Any) -> Pairing:
    return get_for(
        user,
        Pairing.objects.select_related(
            "beneficiary",
            "beneficiary__community",
            "beneficiary__household",
            "beneficiary__household__area",
            "beneficiary__resident",
            "beneficiary__resident__household",
            "beneficiary__resident__household__area",
        ),
        pk,
    )


def _last_visit() -> Subquery:
    visits = (
        PairingVisit.objects.filter(pairing__beneficiary=OuterRef("pk"))
        .order_by()
        .values("pairing__beneficiary")
        .annotate(last=Max("visited_on"))
        .values("last")
    )
    return Subquery(visits)


def _open_pairing() -> Subquery:
    return Subquery(Pairing.objects.filter(beneficiary=OuterRef("pk"), closed_on__isnull=True).values("pk")[:1])


def beneficiary_rows(
    user: Actor,
    *,
    community: Area | None = None,
    kind: str = "",
    state: str = "",
    stale_days: int | None = None,
    today: datetime.date,
    include_closed: bool = False,
) -> QuerySet[Beneficiary]:
    """Beneficiaries in scope with their last visit and open pairing, longest unvisited first
    (never visited before all). `stale_days` keeps those not visited in that many days."""
    qs = beneficiaries_visible_to(user)
    if not include_closed:
        qs = qs.filter(closed_on__isnull=True)
    if community is not None:
        qs = qs.filter(area__path__startswith=community.path)
    if kind:
        qs = qs.filter(kind=kind)
    qs = qs.annotate(last_visit=_last_visit(), open_pairing=_open_pairing())
    if state == OPEN:
        qs = qs.filter(open_pairing__isnull=False)
    elif state == CLOSED:
        qs = qs.filter(open_pairing__isnull=True).filter(Exists(Pairing.objects.filter(beneficiary=OuterRef("pk"))))
    elif state == NEVER:
        qs = qs.exclude(Exists(Pairing.objects.filter(beneficiary=OuterRef("pk"))))
    if stale_days is not None:
        qs = qs.filter(Q(last_visit__isnull=True) | Q(last_visit__lte=today - datetime.timedelta(days=stale_days)))
    return qs.select_related("community", "area").order_by(
        F("last_visit").asc(nulls_first=True), "community__path", "name", "id"
    )


def beneficiary_counts(qs: QuerySet[Beneficiary], *, stale_days: int, today: datetime.date) -> dict[str, int]:
    """How many are listed, how many have an open pairing, how many were not visited in
    `stale_days` days (one query over the list's own rows)."""
    cutoff = today - datetime.timedelta(days=stale_days)
    stale = Q(last_visit__isnull=True) | Q(last_visit__lte=cutoff)
    counts = qs.order_by().aggregate(
        total=Count("pk"),
        paired=Count("pk", filter=Q(open_pairing__isnull=False)),
        stale=Count("pk", filter=stale),
    )
    return {key: value or 0 for key, value in counts.items()}


def pairings_of(beneficiary: Beneficiary) -> list[Pairing]:
    """The beneficiary's pairings, newest first, with helpers, visits and the visits' photos (four queries)."""
    visits = (
        PairingVisit.objects.select_related("helper", "case").prefetch_related("photos").order_by("-visited_on", "-id")
    )
    return list(
        beneficiary.pairings.order_by("-started_on", "-id").prefetch_related(
            Prefetch("helpers", queryset=PairingHelper.objects.order_by("id")),
            Prefetch("visits", queryset=visits),
        )
    )


def my_pairings(user: Actor) -> QuerySet[Pairing]:
    """Open pairings where the user is a helper, with the last visit, the longest unvisited first."""
    if not user.is_authenticated:
        return Pairing.objects.none()
    last = (
        PairingVisit.objects.filter(pairing=OuterRef("pk"))
        .order_by()
        .values("pairing")
        .annotate(last=Max("visited_on"))
        .values("last")
    )
    return (
        Pairing.objects.filter(Pairing.scope_self_q(user), closed_on__isnull=True)
        .select_related("beneficiary", "beneficiary__community", "beneficiary__area")
        .annotate(last_visit=Subquery(last), started=F("started_on"))
        .annotate(since=Coalesce("last_visit", "started_on"))
        .order_by("since", "id")
    )
