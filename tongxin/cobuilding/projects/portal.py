"""The unit contact's side on the portal (/unit/): needs open to claim in the unit's community,
and the unit's projects with their next milestone. A fixed number of queries each."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tongxin.cobuilding.projects.models import Need, Project
from tongxin.cobuilding.projects.queries import next_milestone_q, project_rows
from tongxin.platform.access.actor import Actor
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.portal_parts import register_portal_part

SHOWN = 20
# On the portal the needs come after the unit's own work: the first few, the rest one tap away.
NEEDS_ON_PORTAL = 5
NEEDS_ON_PAGE = 100


def open_needs(user: Actor, units: list[ResidentUnit], *, shown: int = NEEDS_ON_PORTAL) -> dict[str, Any] | None:
    """Needs open to claim in the units' communities, those wanted soonest first: two queries."""
    communities = {u.area_id for u in units}
    qs = Need.objects.filter(status=Need.Status.OPEN, open_to_claim=True, community_id__in=communities)
    count = qs.count()
    needs = list(qs.select_related("place").order_by("wanted_by", "-created_at", "-id")[:shown])
    return {"needs": needs, "more": count - len(needs), "count": count}


def our_projects(user: Actor, units: list[ResidentUnit]) -> dict[str, Any] | None:
    qs = Project.objects.filter(unit__in=[u.pk for u in units]).exclude(state=Project.State.CANCELLED)
    projects = list(
        project_rows(qs).annotate(next_milestone=next_milestone_q()).order_by("state", "-created_at")[:SHOWN]
    )
    return {"projects": projects, "today": timezone.localdate()}


def register_parts() -> None:
    # What waits for the unit (its projects, bookings to approve) before what it may take on.
    register_portal_part("projects.ours", "projects/portal_our_projects.html", our_projects, order=10)
    register_portal_part("projects.open_needs", "projects/portal_open_needs.html", open_needs, order=30)
