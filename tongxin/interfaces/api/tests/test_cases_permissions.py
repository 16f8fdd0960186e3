"""The writes of the cases API × every persona (API_MATRIX covers the reads, by GET).

A case in building 1 (grid 1): those who see it and handle cases there may act; a building
leader sees it but may not (403); everyone else gets 404, as for a case that does not exist.
"""

from __future__ import annotations

import json

import pytest

from conftest import PERSONAS
from tongxin.grid.cases.models import Case
from tongxin.interfaces.api.tests.case_world import CATEGORY_CODE, case_category, grid1_case
from tongxin.platform.access.tokens import token_issue

# adm str sec grd nbr ldr ors mem unt out anon
TRANSITION = "200 200 200 200 404 403 404 404 404 404 401"
REPORT_IN_BUILDING1 = "201 201 201 201 404 201 404 404 404 404 401"
REPORT_IN_GRID2 = "201 201 201 404 201 404 404 404 404 404 401"


def _rows(codes: str) -> list[tuple[str, int]]:
    return list(zip(PERSONAS, [int(c) for c in codes.split()], strict=True))


def _post(client, persona, url, body):
    headers = {"Authorization": f"Bearer {token_issue(user=persona)}"} if persona is not None else {}
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


@pytest.mark.parametrize("persona,expected", _rows(TRANSITION), indirect=["persona"])
def test_transition_matrix(client, world, persona, expected):
    case = grid1_case(world)
    response = _post(client, persona, f"/api/v1/cases/{case.pk}/transitions", {"to": "accepted", "version": 1})
    assert response.status_code == expected, response.content
    case.refresh_from_db()
    assert case.state == ("accepted" if expected == 200 else "reported")


@pytest.mark.parametrize("persona,expected", _rows(TRANSITION), indirect=["persona"])
def test_transition_matrix_by_session(client, world, persona, expected):
    """The same table with the browser session (the test client does not enforce CSRF)."""
    case = grid1_case(world)
    if persona is not None:
        client.force_login(persona)
    url = f"/api/v1/cases/{case.pk}/transitions"
    response = client.post(url, json.dumps({"to": "accepted"}), content_type="application/json")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    "persona,expected,place",
    [(p, c, "building1") for p, c in _rows(REPORT_IN_BUILDING1)] + [(p, c, "grid2") for p, c in _rows(REPORT_IN_GRID2)],
    indirect=["persona"],
)
def test_report_matrix(client, world, persona, expected, place):
    case_category()
    area = getattr(world, place)
    body = {"category": CATEGORY_CODE, "description": "楼道堆物", "area": area.pk}
    response = _post(client, persona, "/api/v1/cases", body)
    assert response.status_code == expected, response.content
    assert Case.objects.count() == (1 if expected == 201 else 0)
