"""The map of open cases by grid: scoped GeoJSON, counts in the database, the page and its table."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.html import soup
from tongxin.grid.cases import services
from tongxin.grid.cases.mapping import SHADES, map_geojson, shade_of
from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.platform.core.tree_ops import node_insert
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.areas.tests.support import give_outlines, inside, square

DATA = reverse("cases:map_data")
PAGE = reverse("cases:map")


@pytest.fixture
def category(db):
    return CaseCategory.objects.create(code="t_litter", name_zh="垃圾堆放", name_en="Litter")


def _case(area, category, point=None, *, days_ago=0, state=None):
    at = timezone.now() - datetime.timedelta(days=days_ago)
    lat, lon = point or (None, None)
    case = services.case_report(
        actor=None, category=category, description="楼下垃圾", area=area, latitude=lat, longitude=lon, at=at
    )
    if state:
        Case.objects.filter(pk=case.pk).update(state=state)
    return case


@pytest.fixture
def mapped(world, category):
    """grid1: two open cases (one overdue) and a closed one; grid2: one; other_grid: one."""
    give_outlines(world)
    world.fresh = _case(world.building1, category, inside("grid1"))
    world.late = _case(world.building1, category, inside("grid1"), days_ago=40)
    world.closed = _case(world.grid1, category, inside("grid1"), state="closed")
    world.second = _case(world.grid2, category, inside("grid2"))
    world.far = _case(world.other_grid, category)  # no map point
    return world


def _data(client, user, **params):
    client.force_login(user)
    response = client.get(DATA, params)
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def _grids(data):
    return {f["properties"]["name"]: f for f in data["features"] if f["properties"]["kind"] == "grid"}


def _communities(data):
    return {f["properties"]["name"]: f for f in data["features"] if f["properties"]["kind"] == "community"}


def _codes(data):
    return {f["properties"]["tracking_code"] for f in data["features"] if f["properties"]["kind"] == "case"}


def test_the_secretary_sees_the_community_grids_with_counts_and_markers(mapped, secretary, client):
    w = mapped
    data = _data(client, secretary)
    grids = _grids(data)
    assert set(grids) == {"第一网格", "第二网格"}
    one = grids["第一网格"]
    assert one["geometry"] == square(116.38, 39.90)
    assert (one["properties"]["open"], one["properties"]["overdue"]) == (2, 1)
    assert one["properties"]["colour"] == SHADES[shade_of(2)][1]
    assert one["properties"]["url"] == reverse("areas:detail", args=[w.grid1.pk])
    assert grids["第二网格"]["properties"]["open"] == 1
    assert _codes(data) == {w.fresh.tracking_code, w.late.tracking_code, w.second.tracking_code}
    late = next(f for f in data["features"] if f["properties"].get("tracking_code") == w.late.tracking_code)
    assert late["geometry"]["coordinates"] == [inside("grid1")[1], inside("grid1")[0]]
    assert late["properties"]["overdue"] is True
    assert late["properties"]["url"] == reverse("cases:detail", args=[w.late.pk])
    assert data["meta"] == {
        "open": 3,
        "overdue": 1,
        "grids": 2,
        "grids_without_outline": 0,
        "markers": 3,
        "markers_max": 500,
        "truncated": False,
    }


def test_a_grid_worker_sees_only_their_grid_never_the_neighbours(mapped, grid_worker, neighbour_grid_worker, client):
    w = mapped
    data = _data(client, grid_worker)
    assert set(_grids(data)) == {"第一网格"}
    assert _codes(data) == {w.fresh.tracking_code, w.late.tracking_code}
    neighbour = _data(client, neighbour_grid_worker)
    # The community line around what the neighbour sees is their own grid's, nothing more.
    lons = [lon for lon, _lat in _communities(neighbour)["甲社区"]["geometry"]["coordinates"]]
    assert (min(lons), max(lons)) == (116.39, 116.40)
    assert set(_grids(neighbour)) == {"第二网格"}
    assert _codes(neighbour) == {w.second.tracking_code}
    # Asking for the other grid by id is a 404 on the data and on the page, as for any record.
    for url in (DATA, PAGE):
        assert client.get(url, {"node": w.grid1.pk}).status_code == 404
    client.force_login(grid_worker)
    assert client.get(DATA, {"node": w.other_grid.pk}).status_code == 404


def test_the_street_officer_sees_the_subdistrict_and_may_narrow_it(mapped, street_officer, client):
    w = mapped
    data = _data(client, street_officer)
    assert set(_grids(data)) == {"第一网格", "第二网格", "乙第一网格"}
    assert _grids(data)["乙第一网格"]["properties"]["open"] == 1
    # Each community's boundary comes as a line around its grids.
    communities = _communities(data)
    assert set(communities) == {"甲社区", "乙社区"}
    assert communities["甲社区"]["geometry"]["type"] == "LineString"
    lons = [lon for lon, _lat in communities["甲社区"]["geometry"]["coordinates"]]
    assert (min(lons), max(lons)) == (116.38, 116.40)  # grid1 and grid2 together
    narrowed = _data(client, street_officer, node=w.other_community.pk)
    assert set(_grids(narrowed)) == {"乙第一网格"}
    assert _codes(narrowed) == set()  # its one case has no map point
    assert _data(client, street_officer, node="x")["meta"]["grids"] == 3  # a malformed node is ignored


def test_a_building_leader_gets_counts_for_their_cases_but_no_outline(mapped, building_leader, client):
    data = _data(client, building_leader)
    grid = _grids(data)["第一网格"]
    assert grid["geometry"] is None and grid["properties"]["url"] == ""
    assert grid["properties"]["open"] == 2
    assert _communities(data) == {}


@pytest.mark.parametrize("name", ["outsider", "party_member", "unit_contact"])
def test_people_without_a_view_role_are_refused(mapped, client, request, name):
    client.force_login(request.getfixturevalue(name))
    assert client.get(DATA).status_code == 403
    assert client.get(PAGE).status_code == 403


def test_anonymous_is_sent_to_sign_in(mapped, client):
    for url in (DATA, PAGE):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_markers_are_capped_most_urgent_first(mapped, secretary):
    w = mapped
    data = map_geojson(secretary, limit=2)
    assert _codes(data) == {w.late.tracking_code, w.fresh.tracking_code}
    assert data["meta"]["truncated"] is True and data["meta"]["open"] == 3
    assert map_geojson(secretary, limit=3)["meta"]["truncated"] is False


def test_the_data_costs_the_same_queries_at_two_sizes(mapped, street_officer, category, client):
    client.force_login(street_officer)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = (count(DATA), count(PAGE))
    community = mapped.community
    for i in range(15):
        grid = node_insert(
            Area(parent=community, level=Level.GRID, name=f"新网格{i}", outline=square(116.5 + i * 0.01, 39.9))
        )
        for _ in range(3):
            _case(grid, category, (39.905, 116.505 + i * 0.01))
    assert (count(DATA), count(PAGE)) == small
    assert len(_grids(_data(client, street_officer))) == 18


def test_the_page_has_the_map_the_legend_and_the_table_behind_it(mapped, secretary, client):
    w = mapped
    Area.objects.filter(pk=w.grid2.pk).update(outline=None)
    client.force_login(secretary)
    page = soup(client.get(PAGE, headers={"Accept-Language": "en"}))
    assert page.select_one("#case-map[role=region]") is not None
    config = json.loads(page.select_one("#case-map-config").string)
    assert config["dataUrl"] == DATA and config["tiles"] is None
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any(src.endswith("vendor/leaflet/leaflet.js") for src in scripts)
    assert all(src.startswith("/") for src in scripts)  # served by the app, never a CDN
    rows = {
        tr.select_one("td").get_text(" ", strip=True): [td.get_text(strip=True) for td in tr.select("td")[1:]]
        for tr in page.select(".map-table tbody tr")
    }
    assert rows == {"第一网格": ["甲社区", "2", "1"], "第二网格 no outline": ["甲社区", "1", "0"]}
    assert len(page.select(".map-legend .swatch")) == len(SHADES)
    assert "1 grid has no outline" in page.select_one("#map-note").get_text()
    # Reached from the queue page and from the navigation.
    queue = soup(client.get(reverse("cases:list")))
    assert queue.select_one(f".page-head a[href='{PAGE}']") is not None
    assert queue.select_one(f".sidenav a[href='{PAGE}']") is not None


def test_the_page_focused_on_a_grid_asks_for_that_grid(mapped, secretary, client):
    client.force_login(secretary)
    page = soup(client.get(PAGE, {"node": mapped.grid1.pk}))
    config = json.loads(page.select_one("#case-map-config").string)
    assert config["dataUrl"] == f"{DATA}?node={mapped.grid1.pk}"
    assert [tr["data-grid"] for tr in page.select(".map-table tbody tr")] == [str(mapped.grid1.pk)]


def test_a_tile_server_is_used_only_when_configured(mapped, secretary, client, settings, monkeypatch):
    client.force_login(secretary)
    settings.MAP_TILE_URL = "https://tiles.intranet.example/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "区测绘院"
    page = soup(client.get(PAGE))
    config = json.loads(page.select_one("#case-map-config").string)
    assert config["tiles"] == {"url": settings.MAP_TILE_URL, "attribution": "区测绘院"}

    from tongxin.settings import envtileurl

    for bad in ["ftp://x/{z}/{x}/{y}", "https://tiles.example/tile.png", "javascript:{z}{x}{y}"]:
        monkeypatch.setenv("MAP_TILE_URL", bad)
        with pytest.raises(ImproperlyConfigured, match="MAP_TILE_URL must be an http"):
            envtileurl("MAP_TILE_URL")
    monkeypatch.setenv("MAP_TILE_URL", "")
    assert envtileurl("MAP_TILE_URL") == ""


def test_an_empty_scope_teaches(world, org_secretary, client):
    client.force_login(org_secretary)
    page = soup(client.get(PAGE))
    assert page.select_one("#case-map") is None and page.select_one("p.empty") is not None
    assert _data(client, org_secretary)["features"] == []
