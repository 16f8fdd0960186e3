"""Setting grid outlines: on the area edit form (text or file) and with import_grid_outlines."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from tests.html import soup
from tongxin.platform.core.models import AuditEvent
from tongxin.registry.areas.forms import OUTLINE_MAX_CHARS
from tongxin.registry.areas.geo import outline_summary
from tongxin.registry.areas.models import Area
from tongxin.registry.areas.tests.support import BOW_TIE, square

GRID1 = square(116.38, 39.90)


def _post(client, area, **data):
    payload = {"name": area.name, "code": area.code, "sort_order": area.sort_order, "note": area.note, **data}
    return client.post(reverse("areas:edit", args=[area.pk]), payload, headers={"Accept-Language": "en"})


def _errors(response, field="outline"):
    return " ".join(str(e) for e in response.context["form"].errors.get(field, []))


def test_a_secretary_pastes_an_outline_and_the_change_is_audited(world, secretary, client):
    client.force_login(secretary)
    feature = {"type": "Feature", "properties": {"name": "第一网格"}, "geometry": GRID1}
    response = _post(client, world.grid1, name="第一网格（东）", outline=json.dumps(feature))
    assert response.status_code == 302
    world.grid1.refresh_from_db()
    assert (world.grid1.name, world.grid1.outline) == ("第一网格（东）", GRID1)  # stored as plain geometry
    event = AuditEvent.objects.filter(object_type="areas.area", object_id=str(world.grid1.pk)).latest("id")
    assert event.actor == secretary and event.action == "update"
    assert event.changes["outline"] == [None, outline_summary(GRID1)]
    assert event.changes["name"] == ["第一网格", "第一网格（东）"]
    # The edit page shows it back as GeoJSON text; saving it unchanged records no outline change.
    page = soup(client.get(reverse("areas:edit", args=[world.grid1.pk])))
    assert json.loads(page.select_one("textarea[name=outline]").text) == GRID1
    _post(client, world.grid1, name="第一网格", outline=page.select_one("textarea[name=outline]").text)
    assert "outline" not in AuditEvent.objects.latest("id").changes


def test_an_outline_file_replaces_the_text(world, secretary, client):
    client.force_login(secretary)
    upload = SimpleUploadedFile("grid.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": GRID1}]}).encode(), "application/geo+json")  # fmt: skip
    response = _post(client, world.grid1, outline="", outline_file=upload)
    assert response.status_code == 302
    world.grid1.refresh_from_db()
    assert world.grid1.outline == GRID1


def test_clearing_the_outline(world, secretary, client):
    Area.objects.filter(pk=world.grid1.pk).update(outline=GRID1)
    client.force_login(secretary)
    assert _post(client, world.grid1, outline="").status_code == 302
    world.grid1.refresh_from_db()
    assert world.grid1.outline is None
    assert AuditEvent.objects.latest("id").changes["outline"] == [outline_summary(GRID1), None]


@pytest.mark.parametrize(
    "text,words",
    [
        ("{not json", "not valid GeoJSON text"),
        ('{"type": "Polygon", "coordinates": [[[NaN, 39.9], [1, 2], [3, 4], [NaN, 39.9]]]}', "not valid GeoJSON text"),
        ("[" * 50_000 + "]" * 50_000, "not valid GeoJSON text"),
        ('"<script>alert(1)</script>"', "Polygon or MultiPolygon"),
        (json.dumps({"type": "Point", "coordinates": [116.38, 39.9]}), "Polygon or MultiPolygon"),
        (json.dumps(BOW_TIE), "crosses itself"),
        (json.dumps(square(216.38, 39.9)), "WGS 84"),
        (json.dumps({"type": "Polygon", "coordinates": [[["1", "2"], {}, None]]}), "not valid GeoJSON"),
        ("x" * (OUTLINE_MAX_CHARS + 1), "at most"),
    ],
)
def test_hostile_outlines_are_refused_next_to_the_field_and_nothing_is_saved(world, secretary, client, text, words):
    client.force_login(secretary)
    events = AuditEvent.objects.count()
    response = _post(client, world.grid1, name="改了名字", outline=text)
    assert response.status_code == 200
    with translation.override("en"):
        assert words in _errors(response)
    world.grid1.refresh_from_db()
    assert (world.grid1.name, world.grid1.outline) == ("第一网格", None)
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "content,words",
    [
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"{" * 10, "not valid GeoJSON text"),
        (b" " * 1_000_001, "too large"),
    ],
)
def test_hostile_outline_files_are_refused(world, secretary, client, content, words):
    client.force_login(secretary)
    upload = SimpleUploadedFile("grid.geojson", content, "application/geo+json")
    response = _post(client, world.grid1, outline=json.dumps(GRID1), outline_file=upload)
    assert response.status_code == 200
    with translation.override("en"):
        assert words in _errors(response, "outline_file")
    world.grid1.refresh_from_db()
    assert world.grid1.outline is None


def test_only_a_grid_has_an_outline(world, secretary, client):
    client.force_login(secretary)
    page = soup(client.get(reverse("areas:edit", args=[world.building1.pk])))
    assert page.select_one("[name=outline]") is None
    _post(client, world.building1, outline=json.dumps(GRID1))
    world.building1.refresh_from_db()
    assert world.building1.outline is None
    grid_page = soup(client.get(reverse("areas:edit", args=[world.grid1.pk])))
    assert grid_page.select_one("form[enctype='multipart/form-data'] textarea[name=outline]") is not None


def test_a_grid_worker_cannot_set_an_outline(world, grid_worker, neighbour_grid_worker, client):
    client.force_login(grid_worker)
    assert _post(client, world.grid1, outline=json.dumps(GRID1)).status_code == 403
    client.force_login(neighbour_grid_worker)
    assert _post(client, world.grid1, outline=json.dumps(GRID1)).status_code == 404
    world.grid1.refresh_from_db()
    assert world.grid1.outline is None


# --- import_grid_outlines ------------------------------------------------------------------


def _collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def _feature(geometry, **properties):
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _import(tmp_path, collection, *args):
    path = tmp_path / "grids.geojson"
    path.write_text(collection if isinstance(collection, str) else json.dumps(collection), encoding="utf-8")
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("import_grid_outlines", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def coded(world):
    for grid, code in ((world.grid1, "110101001001001"), (world.grid2, "110101001001002")):
        grid.code = code
        grid.save()
    return world


def test_import_by_code_reports_matched_and_unmatched(coded, tmp_path):
    w = coded
    grid2 = square(116.39, 39.90)
    out = _import(
        tmp_path,
        _collection(
            _feature(GRID1, code="110101001001001"),
            _feature(grid2, code="110101001001002"),
            _feature(square(116.5, 39.9), code="999"),
        ),
    )
    assert "Matched 2 grids (2 changed); 1 features matched no grid." in out and "999" in out
    w.grid1.refresh_from_db()
    w.grid2.refresh_from_db()
    assert (w.grid1.outline, w.grid2.outline) == (GRID1, grid2)
    events = AuditEvent.objects.filter(object_type="areas.area", action="update")
    assert {e.object_id for e in events} == {str(w.grid1.pk), str(w.grid2.pk)}
    assert all(e.changes["via"] == "import_grid_outlines" for e in events)
    # Running it again changes nothing.
    assert "(0 changed)" in _import(tmp_path, _collection(_feature(GRID1, code="110101001001001")))


def test_import_by_name_needs_the_community_or_a_subtree_when_names_repeat(world, tmp_path):
    w = world
    w.other_grid.name = "第一网格"
    w.other_grid.save()
    with pytest.raises(CommandError, match="nothing was changed"):
        _import(tmp_path, _collection(_feature(GRID1, name="第一网格")), "--match", "name")
    under = ("--under", str(w.community.pk))
    out = _import(tmp_path, _collection(_feature(GRID1, name="第一网格")), "--match", "name", *under)
    assert "Matched 1 grids" in out
    other = square(116.41, 39.90)
    _import(tmp_path, _collection(_feature(other, name="第一网格", community="乙社区")), "--match", "name")
    w.grid1.refresh_from_db()
    w.other_grid.refresh_from_db()
    assert (w.grid1.outline, w.other_grid.outline) == (GRID1, other)


def test_import_is_all_or_nothing(coded, tmp_path):
    w = coded
    collection = _collection(
        _feature(GRID1, code="110101001001001"),
        _feature(BOW_TIE, code="110101001001002"),
    )
    with pytest.raises(CommandError, match="1 features have errors"):
        _import(tmp_path, collection)
    twice = _collection(_feature(GRID1, code="110101001001001"), _feature(GRID1, code="110101001001001"))
    with pytest.raises(CommandError, match="1 features have errors: nothing was changed"):
        _import(tmp_path, twice)
    w.grid1.refresh_from_db()
    assert w.grid1.outline is None
    assert not AuditEvent.objects.filter(object_type="areas.area").exists()


def test_import_dry_run_and_bad_files(coded, tmp_path):
    w = coded
    out = _import(tmp_path, _collection(_feature(GRID1, code="110101001001001")), "--dry-run")
    assert "Matched 1 grids (1 changed)" in out and "Dry run" in out
    w.grid1.refresh_from_db()
    assert w.grid1.outline is None
    for bad, message in [
        ("{", "not valid GeoJSON text"),
        (json.dumps(GRID1), "must be a GeoJSON FeatureCollection"),
        (json.dumps({"type": "FeatureCollection"}), "has no list of features"),
        ("NaN", "not valid GeoJSON text"),
    ]:
        with pytest.raises(CommandError, match=message):
            _import(tmp_path, bad)
    with pytest.raises(CommandError, match="No area"):
        _import(tmp_path, _collection(), "--under", "999999")
    # Messages in English whatever language an earlier test left active in this process.
    with translation.override("en"), pytest.raises(CommandError, match="Cannot read"):
        call_command("import_grid_outlines", str(tmp_path / "missing.geojson"))
