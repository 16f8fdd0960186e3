"""Scoped reads of needs and projects, the rows of their lists, and the suggested matches.

Who sees what:
- staff who read co-building (Perm.COBUILD holders, the subdistrict above them) see the needs and
  projects of their area subtree (the models' SCOPE through `visible_to`);
- whoever raised a need sees that need (a grid worker who raised it from a visit);
- a unit contact sees the needs open to claim of their units' communities (open, open_to_claim)
  and the needs and projects of their own units — nothing else, and no resident's name or phone
  (the pages hide the source's label for them);
- a party member sees the projects they offered to take on.
Anything outside is a 404 (the detail pages and the API fetch through these querysets).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from tongxin.cobuilding.agreements.models import Agreement, Commitment, CommitmentKind, Delivery
from tongxin.cobuilding.projects.models import Milestone, Need, NeedCategory, Project
from tongxin.cobuilding.resources.models import Resource, ResourceKind
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.models import PATH_STEP
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.queries import units_answered_by


def reads_cobuild(user: Actor) -> bool:
    """The staff pages' gate (403 otherwise): those who run co-building and the subdistrict."""
    scope = scope_for(user)
    return scope.has_perm(Perm.COBUILD) or Role.SUBDISTRICT in scope.roles


def _unit_ids(user: Actor) -> Any:
    return units_answered_by(user).values("pk")


def _unit_communities(user: Actor) -> Any:
    return units_answered_by(user).values("area_id")


def needs_visible_to(user: Actor) -> QuerySet[Need]:
    scope = scope_for(user)
    if scope.user_id is None:
        return Need.objects.none()
    condition = Q(raised_by_id=scope.user_id)
    if reads_cobuild(user):
        condition |= Q(pk__in=visible_to(Need.objects.all(), user).values("pk"))
    condition |= open_to_units_q(user) | Q(pk__in=projects_of_units(user).values("need_id"))
    return Need.objects.filter(condition)


def open_to_units_q(user: Actor) -> Q:
    """The needs a unit contact may claim: open, open to claim, in one of their units' communities."""
    return Q(status=Need.Status.OPEN, open_to_claim=True, community_id__in=_unit_communities(user))


def needs_open_to(user: Actor) -> QuerySet[Need]:
    return Need.objects.filter(open_to_units_q(user))


def projects_visible_to(user: Actor) -> QuerySet[Project]:
    scope = scope_for(user)
    if scope.user_id is None:
        return Project.objects.none()
    condition = Q(unit__in=_unit_ids(user)) | Q(member__user_id=scope.user_id)
    if reads_cobuild(user):
        condition |= Q(pk__in=visible_to(Project.objects.all(), user).values("pk"))
    return Project.objects.filter(condition)


def projects_of_units(user: Actor) -> QuerySet[Project]:
    return Project.objects.filter(unit__in=_unit_ids(user))


def may_act_on(user: Actor, project: Project) -> bool:
    """Who reports a project's milestones and completes it: its community's staff, its unit's contacts."""
    from tongxin.cobuilding.projects.services import may_run

    if may_run(user, project.community):
        return True
    return project.unit_id is not None and units_answered_by(user).filter(pk=project.unit_id).exists()


# Lists


def need_rows(qs: QuerySet[Need]) -> QuerySet[Need]:
    return qs.select_related("community", "place").annotate(
        live_project=Subquery(
            Project.objects.filter(need=OuterRef("pk")).exclude(state=Project.State.CANCELLED).values("pk")[:1]
        )
    )


def need_counts(qs: QuerySet[Need]) -> dict[str, int]:
    found = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    return {s: found.get(s, 0) for s in Need.Status.values}


def project_rows(qs: QuerySet[Project]) -> QuerySet[Project]:
    return qs.select_related("community", "unit", "member").annotate(
        milestones_total=Count("milestones", distinct=True),
        milestones_done=Count("milestones", filter=Q(milestones__done_on__isnull=False), distinct=True),
        rating_avg=Avg("ratings__score"),
        rating_count=Count("ratings", distinct=True),
    )


def project_counts(qs: QuerySet[Project]) -> dict[str, int]:
    found = dict(qs.order_by().values_list("state").annotate(n=Count("id")))
    return {s: found.get(s, 0) for s in Project.State.values}


def rating_summary(project: Project) -> dict[str, Any]:
    return project.ratings.aggregate(avg=Avg("score"), count=Count("id"))


def next_milestone_q() -> Subquery:
    return Subquery(
        Milestone.objects.filter(project=OuterRef("pk"), done_on__isnull=True)
        .order_by("sort_order", "id")
        .values("title")[:1]
    )


# Suggested matches

# Which kinds of resource can meet a category of need. Written down from what the seeds' units
# give: an elderly-care need is met by volunteers (visits, meals), expertise (a hospital's doctors)
# and a venue (a canteen, a day room); repairs by equipment, money and skilled volunteers; a
# family in hardship by money and goods first. The first kind listed is the most usual.
CATEGORY_RESOURCES: dict[str, tuple[str, ...]] = {
    NeedCategory.ELDERLY: (ResourceKind.VOLUNTEERS, ResourceKind.EXPERTISE, ResourceKind.VENUE),
    NeedCategory.CHILDREN: (ResourceKind.VENUE, ResourceKind.VOLUNTEERS, ResourceKind.EXPERTISE),
    NeedCategory.ENVIRONMENT: (ResourceKind.VOLUNTEERS, ResourceKind.EQUIPMENT, ResourceKind.FUNDS),
    NeedCategory.FACILITIES: (ResourceKind.EQUIPMENT, ResourceKind.FUNDS, ResourceKind.EXPERTISE),
    NeedCategory.SAFETY: (ResourceKind.VOLUNTEERS, ResourceKind.EQUIPMENT),
    NeedCategory.CULTURE: (ResourceKind.VENUE, ResourceKind.VOLUNTEERS, ResourceKind.FUNDS),
    NeedCategory.HEALTH: (ResourceKind.EXPERTISE, ResourceKind.VOLUNTEERS, ResourceKind.VENUE),
    NeedCategory.EMPLOYMENT: (ResourceKind.EXPERTISE, ResourceKind.VENUE),
    NeedCategory.HARDSHIP: (ResourceKind.FUNDS, ResourceKind.EQUIPMENT, ResourceKind.VOLUNTEERS),
    NeedCategory.OTHER: tuple(ResourceKind.values),
}

# The agreement commitment a resource kind draws on: its remaining quantity tells whether the
# unit still has something to give under this year's agreement.
RESOURCE_COMMITMENT: dict[str, str] = {
    ResourceKind.VENUE: CommitmentKind.VENUE_HOURS,
    ResourceKind.FUNDS: CommitmentKind.MONEY,
    ResourceKind.EXPERTISE: CommitmentKind.EXPERTISE,
    ResourceKind.VOLUNTEERS: CommitmentKind.VOLUNTEER_HOURS,
    ResourceKind.EQUIPMENT: CommitmentKind.EQUIPMENT,
    ResourceKind.OTHER: CommitmentKind.OTHER,
}

MAX_SUGGESTIONS = 8


def commitments_remaining(unit_ids: list[int], kinds: list[str], today: datetime.date) -> QuerySet[Commitment]:
    """The signed agreements' commitments in force today, each with promised − delivered summed in
    the database."""
    delivered = (
        Delivery.objects.filter(commitment=OuterRef("pk"))
        .order_by()
        .values("commitment")
        .annotate(s=Sum("quantity"))
        .values("s")
    )
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)
    return (
        Commitment.objects.filter(
            agreement__unit_id__in=unit_ids,
            agreement__status=Agreement.Status.SIGNED,
            agreement__starts_on__lte=today,
            agreement__ends_on__gte=today,
            kind__in=kinds,
        )
        .annotate(delivered=Coalesce(Subquery(delivered, output_field=money), Value(Decimal(0)), output_field=money))
        .annotate(remaining=F("quantity") - F("delivered"))
        .select_related("agreement")
        .order_by("agreement__unit_id", "sort_order", "id")
    )


def suggested_matches(user: Actor, need: Need, today: datetime.date) -> list[dict[str, Any]]:
    """Units with resources whose kind fits the need's category, nearest first (the need's own
    community, then the rest of its subdistrict, as far as the user sees it), then those with more
    fitting resources, then those with more left to give under their agreement. Three queries,
    whatever the sizes."""
    kinds = list(CATEGORY_RESOURCES.get(need.category, ()))
    community: Area = need.community
    # The subdistrict's subtree: a community's path minus its own segment.
    parent_path = community.path[:-PATH_STEP]
    resources = list(
        visible_to(Resource.objects.all(), user)
        .filter(
            active=True, kind__in=kinds, unit__isnull=False, community__path__startswith=parent_path or community.path
        )
        .select_related("unit", "community")
        .order_by("unit__name", "kind", "name")[:200]
    )
    by_unit: dict[int, dict[str, Any]] = {}
    for r in resources:
        unit = r.unit
        assert unit is not None  # filtered above
        entry = by_unit.setdefault(
            unit.pk, {"unit": unit, "resources": [], "same_community": unit.area_id == community.pk}
        )
        entry["resources"].append(r)
    wanted = sorted({RESOURCE_COMMITMENT[k] for k in kinds})
    remaining: dict[int, list[Commitment]] = defaultdict(list)
    for c in commitments_remaining(list(by_unit), wanted, today):
        remaining[c.agreement.unit_id].append(c)
    found = []
    for unit_id, entry in by_unit.items():
        entry["commitments"] = remaining[unit_id]
        entry["has_left"] = any(getattr(c, "remaining", 0) > 0 for c in remaining[unit_id])
        found.append(entry)
    found.sort(key=lambda e: (not e["same_community"], -len(e["resources"]), not e["has_left"], e["unit"].name))
    return found[:MAX_SUGGESTIONS]
