"""Scoped reads of the area tree and households."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area, Household, Level


def areas_visible_to(user: Actor) -> QuerySet[Area]:
    return visible_to(Area.objects.all(), user)


def area_roots(user: Actor) -> QuerySet[Area]:
    """The top nodes of the part of the tree the user sees."""
    scope = scope_for(user)
    if scope.is_admin:
        return Area.objects.filter(parent__isnull=True).order_by("sort_order", "name", "id")
    return Area.objects.filter(path__in=scope.roots(AREA)).order_by("path")


def area_children(area: Area) -> QuerySet[Area]:
    return Area.objects.filter(parent=area).select_related("estate").order_by("sort_order", "name", "id")


def prefixed(qs: QuerySet[Any], lookup: str, prefixes: list[str]) -> QuerySet[Any]:
    """Rows whose path (through `lookup`) starts with any of the prefixes."""
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(**{f"{lookup}__startswith": prefix})
    return qs.filter(condition)


def count_by_prefix(qs: QuerySet[Any], lookup: str, paths: list[str]) -> dict[str, int]:
    """How many rows fall under each of several same-depth paths, in one grouped query."""
    if not paths:
        return {}
    length = len(paths[0])
    rows = (
        prefixed(qs, lookup, paths)
        .annotate(prefix=Substr(lookup, 1, length))
        .values("prefix")
        .annotate(n=Count("pk"))
        .values_list("prefix", "n")
    )
    return dict(rows)


def resident_model() -> Any:
    """The residents' model, reached through the relation its foreign key to Household defines.

    The people registry sits above this one (a resident lives in a household), so the area tree
    counts residents through that reverse relation instead of importing it.
    """
    return Household._meta.get_field("residents").related_model


def subtree_counts(nodes: list[Area]) -> dict[int, dict[str, int]]:
    """Sub-areas, households and residents under each node: three grouped queries per depth."""
    Resident = resident_model()  # noqa: N806
    result: dict[int, dict[str, int]] = {}
    by_depth: dict[int, list[Area]] = {}
    for node in nodes:
        by_depth.setdefault(len(node.path), []).append(node)
    for same_depth in by_depth.values():
        paths = [n.path for n in same_depth]
        areas = count_by_prefix(Area.objects.all(), "path", paths)
        households = count_by_prefix(lived_in(Household.objects.all()), "area__path", paths)
        residents = count_by_prefix(Resident.objects.all(), "household__area__path", paths)
        for node in same_depth:
            result[node.pk] = {
                "areas": areas.get(node.path, 1) - 1,  # not counting the node itself
                "households": households.get(node.path, 0),
                "residents": residents.get(node.path, 0),
            }
    return result


def with_resident_count(qs: QuerySet[Household]) -> QuerySet[Household]:
    """Residents per household as a correlated subquery, evaluated for the rows of a page only.

    A GROUP BY over the join would count the residents of every household in scope before
    the page is cut, which at district scale costs a hundred times more.
    """
    counts = (
        resident_model().objects.filter(household=OuterRef("pk")).order_by().values("household").annotate(n=Count("pk"))
    )
    return qs.annotate(resident_count=Coalesce(Subquery(counts.values("n")), 0))


def households_visible_to(user: Actor) -> QuerySet[Household]:
    return visible_to(Household.objects.all(), user)


def community_buildings(community: Area) -> list[tuple[int, str]]:
    """The buildings of a community's grids, in tree order, labelled "grid · building" (public forms)."""
    grids = dict(Area.objects.filter(parent=community, level=Level.GRID).values_list("pk", "name"))
    rows = (
        Area.objects.filter(parent_id__in=grids, level=Level.BUILDING)
        .order_by("path")
        .values_list("pk", "name", "parent_id")
    )
    return [(pk, f"{grids[grid]} · {name}") for pk, name, grid in rows]


def building_matches(community: Area, q: str, *, limit: int) -> list[tuple[int, str, str]]:
    """Buildings of a community whose name holds `q`, as (pk, name, grid name): "12" puts 12号楼
    before 112号楼 and 120号楼 (a name that starts with it first, then the shorter name)."""
    rows = list(
        Area.objects.filter(path__startswith=community.path, level=Level.BUILDING, name__icontains=q)
        .order_by("path")
        .values_list("pk", "name", "parent__name", "parent__level")[: limit * 5]
    )
    rows.sort(key=lambda r: (not r[1].startswith(q), len(r[1]), r[1]))
    return [(pk, name, parent if level == Level.GRID else "") for pk, name, parent, level in rows[:limit]]


def lived_in(qs: QuerySet[Household]) -> QuerySet[Household]:
    """The households a figure counts (the home page, the service figures, visit coverage).

    A vacant flat (空置户) is a door in the registry, kept so that it can be let or sold, but
    nobody lives there to serve, visit or count: figures of households are of lived-in ones.
    """
    return qs.exclude(kind=Household.Kind.VACANT)
