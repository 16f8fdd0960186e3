"""Grid outlines: which shapes are accepted, and which grid holds a map point."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from tongxin.platform.access.scope import visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.geo import MAX_VERTICES, grid_at, outline_geometry, outline_shape, parse_geojson
from tongxin.registry.areas.models import Area
from tongxin.registry.areas.tests.support import BOW_TIE, give_outlines, inside, square


@pytest.fixture
def outlined(world):
    give_outlines(world)
    return world


def test_a_point_lands_in_the_grid_that_holds_it(outlined):
    w = outlined
    assert grid_at(*inside("grid1")) == w.grid1
    assert grid_at(*inside("grid2")) == w.grid2
    assert grid_at(*inside("other_grid")) == w.other_grid


def test_a_point_outside_every_grid_lands_nowhere(outlined):
    assert grid_at(39.905, 116.405) is None  # the gap between grid2 and other_grid
    assert grid_at(31.23, 121.47) is None  # Shanghai


def test_a_point_on_an_edge_or_a_corner_belongs_to_a_grid(outlined):
    w = outlined
    # On the edge grid1 and grid2 share: the first in tree order takes it, every time.
    assert grid_at(39.905, 116.390) == w.grid1
    # On grid2's outer east edge and at its north-east corner.
    assert grid_at(39.905, 116.400) == w.grid2
    assert grid_at(39.910, 116.400) == w.grid2


def test_multipolygon_and_hole(world):
    w = world
    w.grid1.outline = {
        "type": "MultiPolygon",
        "coordinates": [square(116.38, 39.90)["coordinates"], square(116.50, 39.90)["coordinates"]],
    }
    w.grid1.save()
    assert grid_at(39.905, 116.505) == w.grid1  # the second, detached part
    ring = square(116.60, 39.90, 0.02)["coordinates"][0]
    hole = [[116.605, 39.905], [116.605, 39.915], [116.615, 39.915], [116.615, 39.905], [116.605, 39.905]]
    w.grid2.outline = outline_geometry({"type": "Polygon", "coordinates": [ring, hole]})
    w.grid2.save()
    assert grid_at(39.91, 116.61) is None  # in the hole (a park that belongs to no grid)
    assert grid_at(39.902, 116.602) == w.grid2


def test_grid_at_only_looks_among_the_grids_it_is_given(outlined, neighbour_grid_worker):
    w = outlined
    assert grid_at(*inside("grid1"), Area.objects.filter(pk=w.grid2.pk)) is None
    mine = visible_to(Area.objects.all(), neighbour_grid_worker)
    assert grid_at(*inside("grid1"), mine) is None
    assert grid_at(*inside("grid2"), mine) == w.grid2


def test_a_broken_stored_outline_never_routes_anything(outlined):
    w = outlined
    Area.objects.filter(pk=w.grid1.pk).update(outline={"type": "Polygon", "coordinates": "nonsense"})
    assert grid_at(*inside("grid1")) is None
    assert grid_at(*inside("grid2")) == w.grid2


def test_accepted_shapes_are_stored_as_plain_geometry():
    polygon = square(116.38, 39.90)
    assert outline_shape(polygon).area == pytest.approx(0.0001)
    feature = {"type": "Feature", "properties": {"name": "x"}, "bbox": [0, 0, 1, 1], "geometry": polygon}
    assert outline_geometry(feature) == polygon
    assert outline_geometry({"type": "FeatureCollection", "features": [feature]}) == polygon
    multi = {"type": "MultiPolygon", "coordinates": [polygon["coordinates"]]}
    assert outline_geometry(multi)["type"] == "MultiPolygon"


NAN, INF = float("nan"), float("inf")
GRID = square(116.38, 39.9)


def _polygon(*ring: list[float]) -> dict:
    return {"type": "Polygon", "coordinates": [list(ring)]}


@pytest.mark.parametrize(
    "geometry,words",
    [
        (None, "Polygon"),
        ("POLYGON((0 0, 1 0, 1 1, 0 0))", "Polygon"),
        ([116.38, 39.9], "Polygon"),
        ({"type": "Point", "coordinates": [116.38, 39.9]}, "Polygon"),
        ({"type": "LineString", "coordinates": [[116.38, 39.9], [116.39, 39.9]]}, "Polygon"),
        ({"type": "Feature", "geometry": None}, "Polygon"),
        ({"type": "Polygon"}, "not valid"),
        ({"type": "Polygon", "coordinates": "nonsense"}, "not valid"),
        ({"type": "Polygon", "coordinates": [[["a", "b"], ["c", "d"], ["e", "f"], ["a", "b"]]]}, "not valid"),
        ({"type": "Polygon", "coordinates": [[[116.38, 39.9], [116.39, 39.9]]]}, "not valid"),
        ({"type": "Polygon", "coordinates": []}, "WGS 84"),
        (BOW_TIE, "crosses itself"),
        (square(200.0, 39.9), "WGS 84"),
        (square(116.38, 95.0), "WGS 84"),
        # Latitude and longitude swapped: 116° is no latitude.
        (_polygon([39.9, 116.38], [39.91, 116.38], [39.91, 116.39], [39.9, 116.38]), "WGS 84"),
        (_polygon([NAN, 39.9], [116.39, 39.9], [116.39, 39.91], [NAN, 39.9]), "not valid"),
        (_polygon([INF, 39.9], [116.39, 39.9], [116.39, 39.91], [INF, 39.9]), "WGS 84"),
        ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": GRID}] * 2}, "exactly one"),
        ({"type": "FeatureCollection", "features": "x"}, "exactly one"),
    ],
)
def test_refused_shapes_say_why(geometry, words):
    with translation.override("en"), pytest.raises(DomainError) as caught:
        outline_geometry(geometry)
    assert words in " ".join(caught.value.messages)
    assert "outline" in caught.value.message_dict


def _ring(points_on_south_edge: int) -> list[list[float]]:
    step = 0.01 / points_on_south_edge
    south = [[round(116.38 + i * step, 9), 39.90] for i in range(points_on_south_edge)]
    return [*south, [116.39, 39.90], [116.39, 39.91], [116.38, 39.91], [116.38, 39.90]]


def test_too_many_vertices_is_refused():
    at_limit = _ring(MAX_VERTICES - 4)
    assert len(at_limit) == MAX_VERTICES
    assert outline_shape({"type": "Polygon", "coordinates": [at_limit]}).is_valid
    with translation.override("en"), pytest.raises(DomainError, match="too many"):
        outline_shape({"type": "Polygon", "coordinates": [_ring(MAX_VERTICES - 3)]})


@pytest.mark.parametrize("text", ["", "{", "NaN", '{"type": "Polygon", "coordinates": [[[NaN, 1]]]}', "[" * 100_000])
def test_broken_geojson_text_is_refused(text):
    with translation.override("en"), pytest.raises(DomainError, match="GeoJSON"):
        parse_geojson(text)


def test_geojson_text_round_trips():
    polygon = square(116.38, 39.90)
    assert parse_geojson(json.dumps(polygon)) == polygon
