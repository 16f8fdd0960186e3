"""Hostile and malformed input to the cases API: always a 4xx (or an honest 200), never a 500."""

from __future__ import annotations

import json

import pytest

from tongxin.grid.cases.models import Case
from tongxin.grid.cases.workflow import State
from tongxin.interfaces.api.tests.case_world import CATEGORY_CODE, case_category, grid1_case
from tongxin.interfaces.api.tests.test_hostile import HOSTILE
from tongxin.platform.access.tokens import token_issue
from tongxin.platform.web.testing import assert_error


@pytest.fixture
def headers(secretary):
    return {"Authorization": f"Bearer {token_issue(user=secretary)}"}


def _check(response):
    assert response.status_code < 500, response.content[:200]
    if response.status_code >= 400:
        # The message never echoes the input back (it could be 10,000 characters of HTML).
        assert "<script>" not in assert_error(response, response.status_code)
    return response


@pytest.mark.parametrize("param", ["state", "grid", "search", "limit", "offset"])
def test_hostile_query_parameters(client, world, headers, param):
    grid1_case(world)
    for value in HOSTILE:
        response = _check(client.get("/api/v1/cases", {param: value}, headers=headers))
        if response.status_code == 200:
            assert set(response.json()) == {"items", "count"}


def test_hostile_path_ids(client, world, headers):
    case = grid1_case(world)
    for value in ["abc", "-1", "0", "1.5", "9" * 30, "%3Cscript%3E", "%00", "1%20OR%201=1", "😀", "1/2"]:
        body = json.dumps({"to": "accepted"})
        for response in (
            client.get(f"/api/v1/cases/{value}", headers=headers),
            client.post(f"/api/v1/cases/{value}/transitions", body, content_type="application/json", headers=headers),
        ):
            assert 400 <= response.status_code < 500, (value, response.status_code)
            assert_error(response, response.status_code)
    case.refresh_from_db()
    assert case.state == State.REPORTED


@pytest.mark.parametrize("field", ["to", "comment", "assignee", "version"])
def test_hostile_transition_fields(client, world, headers, field):
    case = grid1_case(world)
    url = f"/api/v1/cases/{case.pk}/transitions"
    for value in [*HOSTILE, 10**40, -(10**40), 1.5, True, None, [], {}, ["accepted"], {"$gt": ""}]:
        body = {"to": "returned", "comment": "请补充", field: value}
        response = _check(client.post(url, json.dumps(body), content_type="application/json", headers=headers))
        if response.status_code == 200:
            # Only harmless values get through (a comment of plain text, say); undo for the next one.
            Case.objects.filter(pk=case.pk).update(state=State.REPORTED)
            case.refresh_from_db()


@pytest.mark.parametrize("field", ["category", "description", "area"])
def test_hostile_report_fields(client, world, headers, field):
    case_category()
    for value in [*HOSTILE, 10**40, 1.5, True, None, [], {}, [1]]:
        body = {"category": CATEGORY_CODE, "description": "楼道堆物", "area": world.building1.pk, field: value}
        _check(client.post("/api/v1/cases", json.dumps(body), content_type="application/json", headers=headers))
    # A description of 10,000 characters, or one with NUL, was refused, not stored.
    stored = list(Case.objects.values_list("description", flat=True))
    assert not any("\x00" in d or len(d) > 4000 for d in stored)


def test_form_encoded_and_other_content_types(client, world, headers):
    case = grid1_case(world)
    url = f"/api/v1/cases/{case.pk}/transitions"
    _check(client.post(url, {"to": "accepted"}, headers=headers))
    _check(client.post(url, "to=accepted", content_type="text/plain", headers=headers))
    _check(client.post(url, b"\xff\xfe\x00", content_type="application/json", headers=headers))
    _check(client.post("/api/v1/cases", b"\x00" * 1000, content_type="application/json", headers=headers))
    case.refresh_from_db()
    assert case.state == State.REPORTED


def test_other_methods_are_405_json(client, world, headers):
    case = grid1_case(world)
    for method, url in [
        ("delete", f"/api/v1/cases/{case.pk}"),
        ("put", f"/api/v1/cases/{case.pk}"),
        ("patch", "/api/v1/cases"),
        ("get", f"/api/v1/cases/{case.pk}/transitions"),
        ("delete", f"/api/v1/cases/{case.pk}/transitions"),
    ]:
        assert_error(getattr(client, method)(url, headers=headers), 405)
