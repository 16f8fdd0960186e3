"""Demo grid outlines: every grid has one, valid, touching its neighbours and overlapping none."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from django.core.management import call_command
from shapely import unary_union
from shapely.geometry import Point, shape
from shapely.strtree import STRtree

from tongxin.interfaces.demo.seed.config import PLANS
from tongxin.interfaces.demo.seed.outlines import SUB_H, SUB_W, UNIT, inner_point, subdistrict_outlines
from tongxin.registry.areas.geo import grid_at, outline_shape
from tongxin.registry.areas.models import Area, Level

COUNTS = tuple(plan.grids for plan in PLANS)


def _overlaps(geoms: list) -> list[tuple[int, int]]:
    tree = STRtree(geoms)
    return [
        (i, int(j))
        for i, geom in enumerate(geoms)
        for j in tree.query(geom)
        if j > i and geom.intersection(geoms[j]).area > 1e-12
    ]


@pytest.mark.django_db
def test_every_tiny_demo_grid_has_a_valid_outline_and_none_overlap() -> None:
    call_command("seed_demo", scale="tiny", stdout=StringIO())
    grids = list(Area.objects.filter(level=Level.GRID).select_related("parent").order_by("path"))
    assert len(grids) == sum(COUNTS)
    geoms = [outline_shape(grid.outline) for grid in grids]  # raises if any is invalid
    assert not _overlaps(geoms)
    # The subdistrict is one piece, without slivers between grids, around 116.39° E, 39.91° N.
    whole = unary_union(geoms)
    assert whole.geom_type == "Polygon" and not whole.interiors
    assert whole.area == pytest.approx(SUB_W * SUB_H * UNIT * UNIT, rel=1e-3)
    assert whole.contains(Point(116.39, 39.91))
    # A community is one block of its grids.
    for community in {grid.parent for grid in grids}:
        block = unary_union([g for g, grid in zip(geoms, grids, strict=True) if grid.parent == community])
        assert block.geom_type == "Polygon"
    # A point drawn inside a grid is routed back to that grid.
    rng = random.Random(7)
    for grid in grids:
        assert grid_at(*inner_point(grid.outline, rng)) == grid


def test_district_scale_outlines_are_cheap_and_apart() -> None:
    geoms = [
        shape(outline)
        for d in range(2)
        for s in range(10)
        for community in subdistrict_outlines(d, s, COUNTS)
        for outline in community
    ]
    assert len(geoms) == 2 * 10 * sum(COUNTS)
    assert all(g.is_valid for g in geoms)
    assert not _overlaps(geoms)
    assert all(len(g.exterior.coords) < 200 for g in geoms)


def test_outlines_are_deterministic() -> None:
    first = subdistrict_outlines(0, 0, COUNTS)
    subdistrict_outlines.cache_clear()
    assert subdistrict_outlines(0, 0, COUNTS) == first
