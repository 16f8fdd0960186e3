"""The demo communities of the front desk's errands (a copy of the rosters' choice: the two
apps may not import each other): the first subdistrict's large community and the `secretary`'s."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from tongxin.platform.access.models import RoleAssignment
from tongxin.platform.access.roles import Role
from tongxin.registry.areas.models import Area, Household, Level


def _under(paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return q


def demo_communities(area_roots: Sequence[str]) -> dict[str, Area]:
    """The large community (most households) of the first subdistrict and the `secretary`'s."""
    first_sub = Area.objects.filter(_under(area_roots), level=Level.SUBDISTRICT).order_by("path").first()
    if first_sub is None:
        return {}
    communities = list(Area.objects.filter(path__startswith=first_sub.path, level=Level.COMMUNITY).order_by("path"))
    if not communities:
        return {}
    counts = {c.pk: 0 for c in communities}
    rows = Household.objects.filter(area__path__startswith=first_sub.path).values_list("area__path", flat=True)
    for path in rows.iterator():
        for c in communities:
            if path.startswith(c.path):
                counts[c.pk] += 1
                break
    found = {"large": max(communities, key=lambda c: (counts[c.pk], -c.pk))}
    held = set(
        RoleAssignment.objects.filter(user__username="secretary", role=Role.COMMUNITY).values_list("node_id", flat=True)
    )
    grid = next((c for c in communities if c.pk in held), None)
    if grid is not None and grid.pk != found["large"].pk:
        found["grid"] = grid
    return found
