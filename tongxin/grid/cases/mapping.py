"""The map of open cases by grid: scoped reads, a fixed number of queries whatever the size.

Counts are grouped in the database; outlines come with the grids in one query; case markers
are one capped query, most urgent first. A user sees the grids of their own part of the tree
and the cases they may see — a building leader, whose role sits below the grid, gets the
counts of their cases but not the grid's outline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.urls import reverse
from django.utils import timezone
from shapely import unary_union
from shapely.errors import ShapelyError
from shapely.geometry import mapping, shape

from tongxin.grid.cases.models import Case
from tongxin.grid.cases.queries import cases_visible_to, overdue_q, with_overdue
from tongxin.grid.cases.workflow import OPEN_STATES, State
from tongxin.platform.access.actor import Actor
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.areas.queries import areas_visible_to

MAX_MARKERS = 500
# Shades of the grid polygons by open cases: a grid with at least SHADES[i][0] open cases
# takes shade i. Light to dark blue, so Party red stays for the brand and overdue stays red.
SHADES: tuple[tuple[int, str], ...] = (
    (0, "#f1f5f9"),
    (1, "#c6dbef"),
    (3, "#9ecae1"),
    (6, "#4292c6"),
    (11, "#08519c"),
)


def shade_of(count: int) -> int:
    return max(i for i, (least, _colour) in enumerate(SHADES) if count >= least)


def legend() -> list[dict[str, Any]]:
    rows = []
    for i, (least, colour) in enumerate(SHADES):
        upper = SHADES[i + 1][0] - 1 if i + 1 < len(SHADES) else None
        rows.append({"colour": colour, "least": least, "most": upper, "dark": i >= 3})
    return rows


@dataclass
class GridRow:
    pk: int
    name: str
    community: str
    community_id: int | None
    open: int
    overdue: int
    outline: dict[str, Any] | None
    has_outline: bool = False
    # False for a grid known only through a case the user may see (a building leader's).
    in_scope: bool = True

    @property
    def shade(self) -> int:
        return shade_of(self.open)


def grid_rows(user: Actor, node: Area | None = None, *, outlines: bool = True) -> list[GridRow]:
    """Every grid of the user's part of the tree (under `node`) with its open and overdue cases."""
    now = timezone.now()
    grids = areas_visible_to(user).filter(level=Level.GRID)
    cases = cases_visible_to(user).filter(state__in=OPEN_STATES)
    if node is not None:
        grids = grids.filter(path__startswith=node.path)
        cases = cases.filter(area__path__startswith=node.path)
    fields = ["pk", "name", "parent_id", "parent__name", "has_outline", *(["outline"] if outlines else [])]
    # A case no one has placed yet (位置待核实) has no grid to count it in.
    counts = {
        row["grid_id"]: row
        for row in cases.filter(grid__isnull=False)
        .values("grid_id", "grid__name", "grid__parent_id", "grid__parent__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_q(now)))
        .order_by()
    }
    rows = []
    has_outline = ExpressionWrapper(Q(outline__isnull=False), output_field=BooleanField())
    for grid in grids.annotate(has_outline=has_outline).order_by("path").values(*fields):
        count = counts.pop(grid["pk"], {})
        rows.append(
            GridRow(
                pk=grid["pk"],
                name=grid["name"],
                community=grid["parent__name"] or "",
                community_id=grid["parent_id"],
                open=count.get("open", 0),
                overdue=count.get("overdue", 0),
                outline=grid.get("outline") or None,
                has_outline=grid["has_outline"],
            )
        )
    for grid_id, count in sorted(counts.items(), key=lambda item: (item[1]["grid__parent__name"] or "", item[0])):
        rows.append(
            GridRow(
                pk=grid_id,
                name=count["grid__name"],
                community=count["grid__parent__name"] or "",
                community_id=count["grid__parent_id"],
                open=count["open"],
                overdue=count["overdue"],
                outline=None,
                in_scope=False,
            )
        )
    return rows


def case_markers(user: Actor, node: Area | None = None, *, limit: int = MAX_MARKERS) -> tuple[list[Case], bool]:
    """Open cases with a map point, most urgent first: at most `limit`, and whether more exist."""
    qs = cases_visible_to(user).filter(state__in=OPEN_STATES, latitude__isnull=False, longitude__isnull=False)
    if node is not None:
        qs = qs.filter(area__path__startswith=node.path)
    found = list(
        with_overdue(qs)
        .select_related("category")
        .only(
            "pk",
            "tracking_code",
            "state",
            "latitude",
            "longitude",
            "accept_due",
            "resolve_due",
            "grid_id",
            "category__name_zh",
            "category__name_en",
        )
        .order_by("resolve_due", "id")[: limit + 1]
    )
    return found[:limit], len(found) > limit


def _community_features(rows: list[GridRow]) -> list[dict[str, Any]]:
    """Each community's boundary, the union of its grids' outlines, drawn bolder on the map."""
    shapes: dict[int, list[Any]] = defaultdict(list)
    names: dict[int, str] = {}
    for row in rows:
        if row.in_scope and row.outline and row.community_id is not None:
            try:
                shapes[row.community_id].append(shape(row.outline))
            except (ValueError, TypeError, KeyError, IndexError, AttributeError, ShapelyError):
                continue  # a broken stored outline is left out, as grid_at leaves it out
            names[row.community_id] = row.community
    features = []
    for community_id, parts in shapes.items():
        try:
            boundary = unary_union(parts).boundary
        except ShapelyError:
            continue
        features.append(
            {
                "type": "Feature",
                "id": f"community-{community_id}",
                "geometry": mapping(boundary),
                "properties": {"kind": "community", "id": community_id, "name": names[community_id]},
            }
        )
    return features


def map_geojson(user: Actor, node: Area | None = None, *, limit: int = MAX_MARKERS) -> dict[str, Any]:
    """A FeatureCollection: grids (geometry null when no outline is on record), case points,
    then community boundaries (lines)."""
    rows = grid_rows(user, node)
    markers, truncated = case_markers(user, node, limit=limit)
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "id": f"grid-{row.pk}",
            "geometry": row.outline if row.in_scope else None,
            "properties": {
                "kind": "grid",
                "id": row.pk,
                "name": row.name,
                "community": row.community,
                "open": row.open,
                "overdue": row.overdue,
                "shade": row.shade,
                "colour": SHADES[row.shade][1],
                "url": reverse("areas:detail", args=[row.pk]) if row.in_scope else "",
            },
        }
        for row in rows
    ]
    for case in markers:
        features.append(
            {
                "type": "Feature",
                "id": f"case-{case.pk}",
                "geometry": {"type": "Point", "coordinates": [float(case.longitude), float(case.latitude)]},
                "properties": {
                    "kind": "case",
                    "id": case.pk,
                    "tracking_code": case.tracking_code,
                    "category": str(case.category),
                    "state": case.state,
                    "state_label": str(State(case.state).label),
                    "overdue": case.is_overdue,
                    "grid": case.grid_id,
                    "url": reverse("cases:detail", args=[case.pk]),
                },
            }
        )
    features.extend(_community_features(rows))
    total = sum(row.open for row in rows)
    return {
        "type": "FeatureCollection",
        "features": features,
        "meta": {
            "open": total,
            "overdue": sum(row.overdue for row in rows),
            "grids": len(rows),
            "grids_without_outline": sum(1 for row in rows if not row.has_outline),
            "markers": len(markers),
            "markers_max": limit,
            "truncated": truncated,
        },
    }
