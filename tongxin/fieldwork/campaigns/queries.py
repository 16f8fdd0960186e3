"""Scoped reads of campaigns, and their progress counted in the database.

`campaign_list` annotates each campaign with its targets, checked and problems (the list, the API
and the workbench read the same numbers); `grid_progress` groups a campaign's targets the reader
may see by grid in one query.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from tongxin.fieldwork.campaigns.models import Campaign, InspectionPoint, Target
from tongxin.grid.cases.workflow import OPEN_STATES
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for, visible_to

# The staff's reminder: running campaigns ending within this many days (or already past their end).
ENDING_DAYS = 7


def reads_campaigns(user: Actor) -> bool:
    """Who opens the campaign pages: the office (CAMPAIGN), field workers (VISIT), the subdistrict."""
    scope = scope_for(user)
    return scope.has_perm(Perm.CAMPAIGN) or scope.has_perm(Perm.VISIT) or Role.SUBDISTRICT in scope.roles


def reads_points(user: Actor) -> bool:
    scope = scope_for(user)
    return scope.has_perm(Perm.CAMPAIGN) or Role.SUBDISTRICT in scope.roles


def campaigns_visible_to(user: Actor) -> QuerySet[Campaign]:
    return visible_to(Campaign.objects.all(), user)


def targets_visible_to(user: Actor) -> QuerySet[Target]:
    return visible_to(Target.objects.all(), user)


def points_visible_to(user: Actor) -> QuerySet[InspectionPoint]:
    return visible_to(InspectionPoint.objects.all(), user)


def _count(targets: QuerySet[Target]) -> Coalesce:
    sub = targets.filter(campaign=OuterRef("pk")).order_by().values("campaign").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def with_counts(qs: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Each campaign with `target_count`, `checked_count`, `problem_count` (one query with the list)."""
    all_targets = Target.objects.all()
    return qs.annotate(
        target_count=_count(all_targets),
        checked_count=_count(all_targets.filter(checked_at__isnull=False)),
        problem_count=_count(all_targets.filter(result=Target.Result.PROBLEM)),
    )


def campaign_list(
    user: Actor, *, status: str = "", path: str = "", ending_from: datetime.date | None = None
) -> QuerySet[Campaign]:
    """`ending_from`: only the running ones ending within ENDING_DAYS of that day or already past
    their end (the workbench's count opens exactly these)."""
    qs = campaigns_visible_to(user).select_related("community", "place")
    if status:
        qs = qs.filter(status=status)
    if path:
        qs = qs.filter(community__path__startswith=path)
    if ending_from is not None:
        until = ending_from + datetime.timedelta(days=ENDING_DAYS)
        qs = qs.filter(status=Campaign.Status.RUNNING, ends_on__lte=until)
    return with_counts(qs).order_by("-starts_on", "-id")


def status_counts(qs: QuerySet[Campaign]) -> dict[str, int]:
    counts = qs.order_by().aggregate(
        total=Count("pk"), **{s: Count("pk", filter=Q(status=s)) for s in Campaign.Status.values}
    )
    return {k: int(v or 0) for k, v in counts.items()}


def grid_progress(user: Actor, campaign: Campaign) -> list[dict[str, Any]]:
    """Per grid of the targets the reader may see: total, checked, problems, cases still open."""
    rows = (
        targets_visible_to(user)
        .filter(campaign=campaign)
        .order_by()
        .values("grid_id", "grid__name", "grid__path")
        .annotate(
            total=Count("pk"),
            checked=Count("pk", filter=Q(checked_at__isnull=False)),
            problems=Count("pk", filter=Q(result=Target.Result.PROBLEM)),
            cases_open=Count("pk", filter=Q(case__state__in=OPEN_STATES)),
        )
        .order_by("grid__path")
    )
    result = []
    for r in rows:
        r["percent"] = int(r["checked"] * 100 / r["total"]) if r["total"] else 0
        result.append(r)
    return result


def pending_by_campaign(user: Actor) -> list[dict[str, Any]]:
    """Running campaigns with targets still to check in the user's own place (VISIT), one query."""
    return list(
        visible_to(Target.objects.all(), user, Perm.VISIT)
        .filter(campaign__status=Campaign.Status.RUNNING, checked_at__isnull=True)
        .order_by()
        .values("campaign_id", "campaign__name", "campaign__ends_on")
        .annotate(pending=Count("pk"))
        .order_by("campaign__ends_on", "campaign_id")
    )


def campaign_targets(user: Actor, campaign: Campaign, *, grid: int | None = None) -> QuerySet[Target]:
    qs = targets_visible_to(user).filter(campaign=campaign)
    if grid:
        qs = qs.filter(grid_id=grid)
    return qs.select_related("grid", "case", "checked_by")
