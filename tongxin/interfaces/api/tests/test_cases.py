"""The cases API: list, one case, reporting and transitions, scoped like the case pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tongxin.grid.cases import services
from tongxin.grid.cases.models import Case, CaseCategory, CaseTransition
from tongxin.grid.cases.workflow import State
from tongxin.interfaces.api.tests.case_world import CATEGORY_CODE, case_category, grid1_case
from tongxin.platform.access.tokens import token_issue
from tongxin.platform.web.testing import assert_error

CASE_KEYS = {
    "id",
    "tracking_code",
    "category",
    "state",
    "level",
    "grid",
    "area",
    "address",
    "description",
    "reported_at",
    "accept_due",
    "resolve_due",
    "assignee",
    "version",
    "allowed_transitions",
}


class Caller:
    """Calls the API as one user with a bearer token (no CSRF: the token is the credential)."""

    def __init__(self, client: Client, user: Any) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token_issue(user=user, name='test')}"} if user else {}

    def get(self, url: str, **params: Any) -> Any:
        return self.client.get(url, params, headers=self.headers)

    def post(self, url: str, body: Any) -> Any:
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(url, data, content_type="application/json", headers=self.headers)

    def move(self, case: Case, to: str, **body: Any) -> Any:
        return self.post(f"/api/v1/cases/{case.pk}/transitions", {"to": to, **body})


@pytest.fixture
def caller(client: Client) -> Any:
    return lambda user: Caller(client, user)


@pytest.fixture
def case(world: Any) -> Case:
    return grid1_case(world)


def codes(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["tracking_code"] for item in response.json()["items"]]


# --- reading ----------------------------------------------------------------------------


def test_list_shape(caller, case, grid_worker, world):
    body = caller(grid_worker).get("/api/v1/cases").json()
    assert set(body) == {"items", "count"} and body["count"] == 1
    item = body["items"][0]
    assert set(item) == CASE_KEYS
    assert item["id"] == case.pk and item["tracking_code"] == case.tracking_code
    assert item["category"] == CATEGORY_CODE and item["state"] == "reported" and item["level"] == "grid"
    assert item["grid"] == world.grid1.pk and item["area"] == world.building1.pk
    assert item["assignee"] is None and item["version"] == 1
    assert item["allowed_transitions"] == ["accepted", "returned", "rejected"]


def test_list_is_scoped(caller, case, grid_worker, neighbour_grid_worker, secretary, outsider, world):
    other = services.case_report(actor=None, category=case_category(), description="x", area=world.building2)
    assert codes(caller(grid_worker).get("/api/v1/cases")) == [case.tracking_code]
    assert codes(caller(neighbour_grid_worker).get("/api/v1/cases")) == [other.tracking_code]
    assert set(codes(caller(secretary).get("/api/v1/cases"))) == {case.tracking_code, other.tracking_code}
    assert codes(caller(outsider).get("/api/v1/cases")) == []
    assert_error(caller(None).get("/api/v1/cases"), 401)


def test_detail(caller, case, grid_worker, building_leader, secretary):
    item = caller(grid_worker).get(f"/api/v1/cases/{case.pk}").json()
    assert set(item) == CASE_KEYS and item["description"] == "夜间噪音"
    assert item["reported_at"] and item["accept_due"] and item["resolve_due"]
    assert item["allowed_transitions"] == ["accepted", "returned", "rejected"]
    # A building leader sees the case but may not act on it.
    assert caller(building_leader).get(f"/api/v1/cases/{case.pk}").json()["allowed_transitions"] == []
    assert caller(secretary).get(f"/api/v1/cases/{case.pk}").json()["allowed_transitions"] == [
        "accepted",
        "returned",
        "rejected",
    ]


def test_detail_out_of_scope_is_404(caller, case, neighbour_grid_worker, grid_worker):
    assert_error(caller(neighbour_grid_worker).get(f"/api/v1/cases/{case.pk}"), 404)
    assert_error(caller(grid_worker).get("/api/v1/cases/999999"), 404)
    assert_error(caller(None).get(f"/api/v1/cases/{case.pk}"), 401)


def test_filters(caller, case, secretary, grid_worker, world):
    other = services.case_report(actor=None, category=case_category(), description="x", area=world.building2)
    services.case_transition(case=other, to_state=State.ACCEPTED, actor=secretary)
    api = caller(secretary)
    assert codes(api.get("/api/v1/cases", state="accepted")) == [other.tracking_code]
    assert codes(api.get("/api/v1/cases", state="reported")) == [case.tracking_code]
    assert codes(api.get("/api/v1/cases", state="closed")) == []
    assert codes(api.get("/api/v1/cases", grid=world.grid1.pk)) == [case.tracking_code]
    assert codes(api.get("/api/v1/cases", grid=world.grid2.pk)) == [other.tracking_code]
    assert codes(api.get("/api/v1/cases", grid=world.building2.pk)) == [other.tracking_code]
    assert codes(api.get("/api/v1/cases", search=case.tracking_code.lower())) == [case.tracking_code]
    assert codes(api.get("/api/v1/cases", search="NOPE2345")) == []
    # A grid outside the caller's scope is 404, not an empty list.
    assert_error(caller(grid_worker).get("/api/v1/cases", grid=world.grid2.pk), 404)
    assert_error(api.get("/api/v1/cases", grid=world.other_grid.pk), 404)
    assert_error(api.get("/api/v1/cases", grid=999999), 404)
    assert_error(api.get("/api/v1/cases", state="nonsense"), 422)


def test_pagination(caller, case, grid_worker, world):
    for i in range(4):
        services.case_report(actor=None, category=case_category(), description=f"第{i}件", area=world.building1)
    body = caller(grid_worker).get("/api/v1/cases", limit=2, offset=1).json()
    assert body["count"] == 5 and len(body["items"]) == 2


def grow(world: Any, n: int) -> None:
    category = case_category()
    for i in range(n):
        area = world.building1 if i % 2 else world.grid1
        case = services.case_report(actor=None, category=category, description=f"事件{i}", area=area)
        if i % 3 == 0:
            services.case_transition(case=case, to_state=State.ACCEPTED, actor=_admin(world))


def _admin(world: Any) -> Any:
    from tongxin.platform.access.models import RoleAssignment, User

    if not hasattr(world, "grow_admin"):
        world.grow_admin = User.objects.create_user("t_grow_admin", password="x")
        RoleAssignment.objects.create(user=world.grow_admin, role="admin", node_id=None)
    return world.grow_admin


@pytest.mark.parametrize("persona", ["grid_worker", "secretary", "admin_user"], indirect=True)
def test_list_query_count_does_not_grow_with_rows(client, world, persona):
    client.force_login(persona)
    client.get("/api/v1/cases")  # warm up: the session and anything cached per process
    grow(world, 3)
    with CaptureQueriesContext(connection) as small:
        small_rows = len(client.get("/api/v1/cases", {"limit": 200}).json()["items"])
    grow(world, 27)
    with CaptureQueriesContext(connection) as large:
        large_rows = len(client.get("/api/v1/cases", {"limit": 200}).json()["items"])
    assert large_rows == small_rows + 27
    assert len(small.captured_queries) == len(large.captured_queries)


def test_filtered_list_query_count_does_not_grow(caller, world, secretary):
    api = caller(secretary)
    api.get("/api/v1/cases")
    grow(world, 3)
    with CaptureQueriesContext(connection) as small:
        api.get("/api/v1/cases", grid=world.grid1.pk, state="reported", limit=200)
    grow(world, 27)
    with CaptureQueriesContext(connection) as large:
        api.get("/api/v1/cases", grid=world.grid1.pk, state="reported", limit=200)
    assert len(small.captured_queries) == len(large.captured_queries)


# --- reporting --------------------------------------------------------------------------


def test_report(caller, world, grid_worker):
    case_category()
    body = {"category": CATEGORY_CODE, "description": "  楼道堆放杂物\n影响通行  ", "area": world.building1.pk}
    response = caller(grid_worker).post("/api/v1/cases", body)
    assert response.status_code == 201, response.content
    item = response.json()
    assert set(item) == CASE_KEYS and item["state"] == "reported" and item["grid"] == world.grid1.pk
    case = Case.objects.get(pk=item["id"])
    assert case.reporter == grid_worker and case.source == Case.Source.GRID
    assert case.description == "楼道堆放杂物\n影响通行"
    assert item["allowed_transitions"] == ["accepted", "returned", "rejected"]


def test_report_out_of_scope_area_is_404(caller, world, grid_worker, outsider):
    case_category()
    for area in (world.building2, world.grid2, world.other_grid):
        body = {"category": CATEGORY_CODE, "description": "x", "area": area.pk}
        assert_error(caller(grid_worker).post("/api/v1/cases", body), 404)
    body = {"category": CATEGORY_CODE, "description": "x", "area": world.building1.pk}
    assert_error(caller(outsider).post("/api/v1/cases", body), 404)
    assert_error(caller(None).post("/api/v1/cases", body), 401)
    assert not Case.objects.exists()


def test_report_refusals_are_400(caller, world, secretary):
    case_category()
    CaseCategory.objects.create(code="t_off", name_zh="停用", is_active=False)
    api = caller(secretary)
    for category in ("nothing", "t_off", "disputes"):
        body = {"category": category, "description": "x", "area": world.building1.pk}
        assert_error(api.post("/api/v1/cases", body), 400)
    # A community is not a place for a case: a grid or a building is.
    body = {"category": CATEGORY_CODE, "description": "x", "area": world.community.pk}
    assert_error(api.post("/api/v1/cases", body), 400)
    assert not Case.objects.exists()


# --- transitions ------------------------------------------------------------------------


def test_transition(caller, case, grid_worker):
    response = caller(grid_worker).move(case, "accepted", comment="收到", version=1)
    assert response.status_code == 200, response.content
    item = response.json()
    assert set(item) == CASE_KEYS
    assert item["state"] == "accepted" and item["version"] == 2 and item["allowed_transitions"] == ["assigned"]
    step = CaseTransition.objects.filter(case=case).last()
    assert step.to_state == State.ACCEPTED and step.actor == grid_worker and step.comment == "收到"


def test_transition_without_version_and_with_assignee(caller, case, secretary, grid_worker):
    api = caller(secretary)
    assert api.move(case, "accepted").status_code == 200
    response = api.move(case, "assigned", assignee=grid_worker.pk, version=2)
    assert response.status_code == 200, response.content
    assert response.json()["assignee"] == grid_worker.pk
    # The assignee may now start the work.
    assert caller(grid_worker).get(f"/api/v1/cases/{case.pk}").json()["allowed_transitions"] == [
        "accepted",
        "in_progress",
    ]
    assert caller(grid_worker).move(case, "in_progress", version=3).json()["state"] == "in_progress"


def test_transition_by_a_role_that_may_not_is_403(caller, case, building_leader):
    assert_error(caller(building_leader).move(case, "accepted", version=1), 403)
    case.refresh_from_db()
    assert case.state == State.REPORTED and case.version == 1


def test_transition_out_of_scope_is_404(caller, case, neighbour_grid_worker, outsider, org_secretary):
    for user in (neighbour_grid_worker, outsider, org_secretary):
        assert_error(caller(user).move(case, "accepted", version=1), 404)
        # An impossible transition too: scope is checked before the workflow's rules.
        assert_error(caller(user).move(case, "closed"), 404)
    assert_error(caller(None).move(case, "accepted"), 401)
    case.refresh_from_db()
    assert case.state == State.REPORTED


def test_transition_with_an_old_version_is_409(caller, case, grid_worker, secretary):
    services.case_transition(case=case, to_state=State.ACCEPTED, actor=secretary)
    message = assert_error(caller(grid_worker).move(case, "assigned", assignee=grid_worker.pk, version=1), 409)
    assert message
    case.refresh_from_db()
    assert case.state == State.ACCEPTED and case.assignee is None


def test_transition_losing_a_race_is_409(caller, case, grid_worker, secretary, monkeypatch):
    """Read, then someone else acts, then our conditional update finds nothing: 409."""
    from tongxin.interfaces.api import cases as api_cases

    stale = Case.objects.select_related("category", "area").get(pk=case.pk)
    services.case_transition(case=case, to_state=State.REJECTED, actor=secretary, comment="重复")
    monkeypatch.setattr(api_cases, "get_for", lambda user, qs, pk: stale)
    assert_error(caller(grid_worker).move(case, "accepted"), 409)
    case.refresh_from_db()
    assert case.state == State.REJECTED


@pytest.mark.parametrize(
    "to,extra",
    [
        ("closed", {}),  # not reachable from reported
        ("reported", {}),
        ("rejected", {}),  # a refusal must say why
        ("rejected", {"comment": "   "}),
    ],
)
def test_refused_transitions_are_400(caller, case, grid_worker, to, extra):
    assert_error(caller(grid_worker).move(case, to, **extra), 400)
    case.refresh_from_db()
    assert case.state == State.REPORTED and case.version == 1


def test_assignment_refusals_are_400(caller, case, secretary, neighbour_grid_worker, outsider):
    api = caller(secretary)
    api.move(case, "accepted")
    assert_error(api.move(case, "assigned"), 400)  # nobody named
    assert_error(api.move(case, "assigned", assignee=999999), 400)  # nobody with that id
    assert_error(api.move(case, "assigned", assignee=neighbour_grid_worker.pk), 400)  # works elsewhere
    assert_error(api.move(case, "assigned", assignee=outsider.pk), 400)
    outsider.is_active = False
    outsider.save()
    assert_error(api.move(case, "assigned", assignee=outsider.pk), 400)
    case.refresh_from_db()
    assert case.state == State.ACCEPTED


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"to": "nonsense"},
        {"to": 1},
        {"to": None},
        {"to": ["accepted"]},
        {"to": "accepted", "version": "x"},
        {"to": "accepted", "version": 0},
        {"to": "accepted", "version": 2**31},
        {"to": "accepted", "version": 10**30},
        {"to": "accepted", "assignee": "abc"},
        {"to": "accepted", "assignee": -1},
        {"to": "accepted", "assignee": 2**63},
        {"to": "accepted", "comment": 5},
        {"to": "accepted", "comment": "x" * 2001},
        {"to": "accepted", "comment": "a\u0000b"},
        {"to": "accepted", "comment": "a\u001bb"},
    ],
)
def test_malformed_transition_bodies_are_422(caller, case, grid_worker, body):
    assert_error(caller(grid_worker).post(f"/api/v1/cases/{case.pk}/transitions", body), 422)
    case.refresh_from_db()
    assert case.state == State.REPORTED


@pytest.mark.parametrize("raw", ["{bad", "[]", "null", "42", '"accepted"', "", "[" * 10_000 + "]" * 10_000])
def test_unparseable_bodies_are_4xx(caller, case, grid_worker, raw):
    response = caller(grid_worker).post(f"/api/v1/cases/{case.pk}/transitions", raw)
    assert 400 <= response.status_code < 500, response.content
    assert_error(response, response.status_code)
    response = caller(grid_worker).post("/api/v1/cases", raw)
    assert 400 <= response.status_code < 500
    assert_error(response, response.status_code)


def test_a_comment_may_have_several_lines(caller, case, grid_worker):
    response = caller(grid_worker).move(case, "returned", comment="请补充：\n\t具体楼层")
    assert response.status_code == 200, response.content
    assert CaseTransition.objects.filter(case=case).last().comment == "请补充：\n\t具体楼层"


# --- session authentication -------------------------------------------------------------


def test_session_posts_need_the_csrf_token(world, case, grid_worker):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(grid_worker)
    url = f"/api/v1/cases/{case.pk}/transitions"
    body = json.dumps({"to": "accepted"})
    assert_error(browser.post(url, body, content_type="application/json"), 403)
    case.refresh_from_db()
    assert case.state == State.REPORTED
    # With the token from the cookie, as a page's script would send it.
    browser.get("/cases/")  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    response = browser.post(url, body, content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 200, response.content
    # Reading needs no token.
    assert browser.get(f"/api/v1/cases/{case.pk}").status_code == 200


def test_openapi_documents_the_cases_operations(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/cases"]) == {"get", "post"}
    assert {"201", "400", "401", "403", "404", "422"} <= set(paths["/api/v1/cases"]["post"]["responses"])
    transition = paths["/api/v1/cases/{case_id}/transitions"]["post"]
    assert {"200", "400", "401", "403", "404", "409", "422"} <= set(transition["responses"])
    assert {p["name"] for p in paths["/api/v1/cases"]["get"]["parameters"]} == {
        "state",
        "grid",
        "search",
        "limit",
        "offset",
    }
    for operation in (paths["/api/v1/cases"]["post"], transition, paths["/api/v1/cases/{case_id}"]["get"]):
        assert {next(iter(s)) for s in operation["security"]} == {"ApiTokenAuth", "SessionAuth"}
