"""Open311 GeoReport v2: shapes of every endpoint, keys, the civic view, hostile input."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tongxin.cases.models import Case, CaseCategory
from tongxin.cases.queries import cases_visible_to
from tongxin.cases.services import case_report
from tongxin.cases.workflow import State
from tongxin.open311.keys import client_for_key, client_issue, client_revoke
from tongxin.open311.models import Open311Client

BASE = "/open311/v2"
REQUEST_KEYS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "lat",
    "long",
    "media_url",
}
PHONE = "13812345678"


@pytest.fixture
def categories(db: Any) -> dict[str, CaseCategory]:
    roads = CaseCategory.objects.create(code="t_roads", name_zh="道路设施")
    return {
        "roads": roads,
        "pothole": CaseCategory.objects.create(code="t_pothole", name_zh="路面坑洼", parent=roads, sort_order=-2),
        "lamp": CaseCategory.objects.create(code="t_lamp", name_zh="路灯不亮", parent=roads, sort_order=-1),
        "retired": CaseCategory.objects.create(code="t_retired", name_zh="已停用", parent=roads, is_active=False),
    }


@pytest.fixture
def key(db: Any) -> str:
    return client_issue(name="市民通")


def assert_error(response: Any, status: int) -> str:
    """The GeoReport error shape: `[{"code": status, "description": "…"}]` with that status."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    assert set(body[0]) == {"code", "description"}
    assert body[0]["code"] == status
    assert isinstance(body[0]["description"], str) and body[0]["description"]
    return str(body[0]["description"])


def submit(client: Client, key: str, **data: Any) -> Any:
    params = {"api_key": key, "service_code": "t_pothole", "description": "路面有坑"}
    params.update(data)
    return client.post(f"{BASE}/requests.json", {k: v for k, v in params.items() if v is not None})


def submitted(client: Client, key: str, **data: Any) -> Case:
    response = submit(client, key, **data)
    assert response.status_code == 201, response.content
    return Case.objects.get(tracking_code=response.json()[0]["service_request_id"])


# --- services ---------------------------------------------------------------------------


def test_services_lists_active_leaves_with_their_group(client, categories):
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    services = response.json()
    by_code = {s["service_code"]: s for s in services}
    assert by_code["t_pothole"] == {
        "service_code": "t_pothole",
        "service_name": "路面坑洼",
        "description": "",
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": "道路设施",
    }
    assert by_code["t_lamp"]["group"] == "道路设施"
    # The group itself is not a service, nor is a retired category.
    assert "t_roads" not in by_code and "t_retired" not in by_code
    # Every leaf, including the default categories the migrations install.
    expected = set(CaseCategory.objects.filter(is_active=True, children__isnull=True).values_list("code", flat=True))
    assert set(by_code) == expected
    assert [s["service_code"] for s in services][:2] == ["t_pothole", "t_lamp"]  # sort order first


def test_service_definition(client, categories):
    response = client.get(f"{BASE}/services/t_pothole.json")
    assert response.status_code == 200
    assert response.json() == {"service_code": "t_pothole", "attributes": []}


@pytest.mark.parametrize("code", ["nothing", "t_roads", "t_retired", "x" * 500, "%00", "a%20b", "张三", "..%2F.."])
def test_unknown_service_definition_is_a_georeport_404(client, categories, code):
    assert_error(client.get(f"{BASE}/services/{code}.json"), 404)


# --- POST requests.json -----------------------------------------------------------------


def test_post_creates_a_case_in_grid_1_that_its_worker_sees(client, world, categories, key, grid_worker):
    response = submit(
        client, key, address_id=world.building1.pk, first_name="张", last_name="三", phone=PHONE, email="z@example.cn"
    )
    assert response.status_code == 201
    body = response.json()
    assert len(body) == 1 and set(body[0]) == {"service_request_id", "token", "service_notice"}
    assert body[0]["token"] is None and body[0]["service_notice"] == ""
    case = Case.objects.get(tracking_code=body[0]["service_request_id"])
    assert case.source == Case.Source.OPEN311 and case.state == State.REPORTED
    assert case.grid == world.grid1 and case.area == world.building1 and case.category.code == "t_pothole"
    assert case.reporter is None and case.reporter_name == "市民通"  # the client, never the person
    assert case.phone_hash == "" and case.phone_masked == ""  # the phone given was not kept
    assert case in cases_visible_to(grid_worker)
    # …and through the project API, as the grid worker.
    client.force_login(grid_worker)
    codes = [item["tracking_code"] for item in client.get("/api/v1/cases").json()["items"]]
    assert case.tracking_code in codes


def test_post_in_grid_1_is_not_seen_by_the_neighbouring_grid(client, world, categories, key, neighbour_grid_worker):
    case = submitted(client, key, address_id=world.grid1.pk)
    assert case.area == world.grid1
    assert case not in cases_visible_to(neighbour_grid_worker)


def test_post_accepts_a_json_body(client, world, categories, key):
    body = {"api_key": key, "service_code": "t_lamp", "description": "路灯坏了", "address_id": world.building2.pk}
    response = client.post(f"{BASE}/requests.json", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    case = Case.objects.get(tracking_code=response.json()[0]["service_request_id"])
    assert case.grid == world.grid2 and case.category.code == "t_lamp"


def test_post_takes_the_key_from_the_query_string_too(client, world, categories, key):
    data = {"service_code": "t_lamp", "description": "路灯坏了", "address_id": world.building1.pk}
    assert client.post(f"{BASE}/requests.json?api_key={key}", data).status_code == 201


def test_post_keeps_lat_long_given_with_an_address(client, world, categories, key):
    case = submitted(client, key, address_id=world.building1.pk, lat="31.2304161", long="121.4737")
    assert float(case.latitude) == 31.230416 and float(case.longitude) == 121.4737
    detail = client.get(f"{BASE}/requests/{case.tracking_code}.json").json()[0]
    assert detail["lat"] == 31.230416 and detail["long"] == 121.4737


def test_lat_long_without_an_address_is_refused_clearly(client, world, categories, key):
    data = {"api_key": key, "service_code": "t_pothole", "description": "x", "lat": "31.23", "long": "121.47"}
    response = client.post(f"{BASE}/requests.json", data, headers={"Accept-Language": "en"})
    message = assert_error(response, 400)
    assert "grid" in message and "address_id" in message
    assert not Case.objects.exists()


def test_session_does_not_need_csrf_for_a_keyed_post(world, categories, key, grid_worker):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(grid_worker)
    assert submit(browser, key, address_id=world.building1.pk).status_code == 201


@pytest.mark.parametrize(
    "data,status",
    [
        ({"api_key": None}, 403),
        ({"api_key": ""}, 403),
        ({"api_key": "not-a-key"}, 403),
        ({"api_key": "x" * 10_000}, 403),
        ({"service_code": None}, 400),
        ({"service_code": "nothing"}, 400),
        ({"service_code": "t_roads"}, 400),  # a group, not a service
        ({"service_code": "t_retired"}, 400),
        ({"description": None}, 400),
        ({"description": "   "}, 400),
        ({"description": "x" * 4001}, 400),
        ({"description": "a\x00b"}, 400),
        ({"address_id": None}, 400),
        ({"address_id": "abc"}, 400),
        ({"address_id": "-1"}, 400),
        ({"address_id": "9" * 30}, 400),
        ({"address_id": "999999"}, 400),
        ({"lat": "91", "long": "121"}, 400),
        ({"lat": "nan", "long": "121"}, 400),
        ({"lat": "31"}, 400),
    ],
)
def test_post_errors(client, world, categories, key, data, status):
    data.setdefault("address_id", world.building1.pk)
    assert_error(submit(client, key, **data), status)
    assert not Case.objects.exists()


def test_address_must_be_a_grid_or_a_building(client, world, categories, key):
    for area in (world.community, world.subdistrict, world.district):
        assert_error(submit(client, key, address_id=area.pk), 400)


# --- keys -------------------------------------------------------------------------------


def test_a_key_works_and_a_revoked_one_does_not(client, world, categories):
    key = client_issue(name="网格通")
    assert submit(client, key, address_id=world.building1.pk).status_code == 201
    assert client_revoke(name="网格通") == 1
    assert_error(submit(client, key, address_id=world.building1.pk), 403)
    assert Case.objects.count() == 1


def test_the_command_prints_a_key_that_is_stored_only_hashed(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("open311_key", "区12345平台", stdout=out, stderr=err)
    key = out.getvalue().strip()
    client = Open311Client.objects.get()
    assert len(key) >= 40 and client.name == "区12345平台"
    assert client.key_hash == Open311Client.hash_key(key) != key and client.prefix == key[:8]
    assert client_for_key(key) == client
    assert err.getvalue()  # the reminder goes to stderr, so scripts can capture the key alone


def test_the_command_revokes_keys(db):
    key = client_issue(name="old app")
    out = io.StringIO()
    call_command("open311_key", "old app", "--revoke", stdout=out)
    assert client_for_key(key) is None and Open311Client.objects.get().revoked
    with pytest.raises(CommandError):
        call_command("open311_key", "old app", "--revoke", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("open311_key", "x" * 51, stdout=io.StringIO())


def test_issuing_a_key_is_audited_without_the_key(db):
    from tongxin.core.models import AuditEvent

    key = client_issue(name="审计")
    event = AuditEvent.objects.get(object_type="open311.open311client")
    assert key not in json.dumps(event.changes) and key not in event.object_repr
    assert event.changes["prefix"] == key[:8]


# --- GET requests -----------------------------------------------------------------------


def _set(case: Case, **fields: Any) -> None:
    Case.objects.filter(pk=case.pk).update(**fields)


def codes_of(response: Any) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["service_request_id"] for item in response.json()}


def test_request_shape(client, world, categories, key):
    case = submitted(client, key, address_id=world.building1.pk)
    item = client.get(f"{BASE}/requests/{case.tracking_code}.json").json()
    assert len(item) == 1
    item = item[0]
    assert set(item) == REQUEST_KEYS
    case.refresh_from_db()
    assert item["service_request_id"] == case.tracking_code
    assert item["status"] == "open" and item["status_notes"]
    assert item["service_name"] == "路面坑洼" and item["service_code"] == "t_pothole"
    assert item["description"] == "路面有坑"
    assert item["address"] == "第一网格 · 1号楼" and item["address_id"] == world.building1.pk
    assert item["lat"] is None and item["long"] is None and item["media_url"] is None
    assert datetime.datetime.fromisoformat(item["requested_datetime"]) == case.reported_at.replace(microsecond=0)
    assert datetime.datetime.fromisoformat(item["expected_datetime"]) == case.resolve_due
    assert datetime.datetime.fromisoformat(item["updated_datetime"]) == case.updated_at.replace(microsecond=0)
    assert item["requested_datetime"].endswith("+08:00")
    # The list shows the same object; lower-case ids are found too.
    assert client.get(f"{BASE}/requests.json").json() == [item]
    assert client.get(f"{BASE}/requests/{case.tracking_code.lower()}.json").json() == [item]


def test_request_filed_at_a_grid_has_the_grid_as_address(client, world, categories, key):
    case = submitted(client, key, address_id=world.grid1.pk)
    assert client.get(f"{BASE}/requests/{case.tracking_code}.json").json()[0]["address"] == "第一网格"


@pytest.mark.parametrize("request_id", ["NOPE2345", "x" * 500, "%00", "a%20b", "张三", "..%2F.."])
def test_unknown_request_is_a_georeport_404(client, world, categories, request_id):
    assert_error(client.get(f"{BASE}/requests/{request_id}.json"), 404)


def test_status_filter_and_closed_means_closed_or_rejected(client, world, categories, key):
    open_case = submitted(client, key, address_id=world.building1.pk)
    closed = submitted(client, key, address_id=world.building1.pk)
    rejected = submitted(client, key, address_id=world.building1.pk)
    resolved = submitted(client, key, address_id=world.building1.pk)
    _set(closed, state=State.CLOSED)
    _set(rejected, state=State.REJECTED)
    _set(resolved, state=State.RESOLVED)  # resolved but not yet verified: still open
    everything = {c.tracking_code for c in (open_case, closed, rejected, resolved)}
    url = f"{BASE}/requests.json"
    assert codes_of(client.get(url, {"status": "open"})) == {open_case.tracking_code, resolved.tracking_code}
    assert codes_of(client.get(url, {"status": "closed"})) == {closed.tracking_code, rejected.tracking_code}
    assert codes_of(client.get(url, {"status": "open,closed"})) == everything
    assert codes_of(client.get(url)) == everything
    statuses = {i["service_request_id"]: i["status"] for i in client.get(url).json()}
    assert statuses[rejected.tracking_code] == "closed" and statuses[resolved.tracking_code] == "open"
    assert_error(client.get(url, {"status": "pending"}), 400)


def test_service_code_filter(client, world, categories, key):
    pothole = submitted(client, key, address_id=world.building1.pk, service_code="t_pothole")
    lamp = submitted(client, key, address_id=world.building1.pk, service_code="t_lamp")
    url = f"{BASE}/requests.json"
    assert codes_of(client.get(url, {"service_code": "t_pothole"})) == {pothole.tracking_code}
    assert codes_of(client.get(url, {"service_code": "t_lamp"})) == {lamp.tracking_code}
    assert codes_of(client.get(url, {"service_code": "t_lamp,t_pothole"})) == {
        lamp.tracking_code,
        pothole.tracking_code,
    }
    assert codes_of(client.get(url, {"service_code": "nothing"})) == set()


def test_date_filters_and_the_90_day_default(client, world, categories, key):
    now = timezone.now()
    recent = submitted(client, key, address_id=world.building1.pk)
    month_ago = submitted(client, key, address_id=world.building1.pk)
    old = submitted(client, key, address_id=world.building1.pk)
    _set(month_ago, reported_at=now - datetime.timedelta(days=30))
    _set(old, reported_at=now - datetime.timedelta(days=200))
    url = f"{BASE}/requests.json"
    # By default the last 90 days.
    assert codes_of(client.get(url)) == {recent.tracking_code, month_ago.tracking_code}
    start = (now - datetime.timedelta(days=365)).isoformat()
    assert len(codes_of(client.get(url, {"start_date": start}))) == 3
    end = (now - datetime.timedelta(days=10)).isoformat()
    assert codes_of(client.get(url, {"start_date": start, "end_date": end})) == {
        month_ago.tracking_code,
        old.tracking_code,
    }
    # Only an end date: the 90 days before it.
    assert codes_of(client.get(url, {"end_date": end})) == {month_ago.tracking_code}
    # A zone written "Z", or "+08:00" sent unencoded (the plus arrives as a space).
    since = timezone.localtime(now - datetime.timedelta(days=40)).strftime("%Y-%m-%dT%H:%M:%S")
    assert len(codes_of(client.get(f"{url}?start_date={since}+08:00"))) == 2
    utc = (now - datetime.timedelta(days=40)).astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert len(codes_of(client.get(url, {"start_date": utc}))) == 2
    # A date alone is midnight in Shanghai.
    assert len(codes_of(client.get(url, {"start_date": (now - datetime.timedelta(days=40)).date().isoformat()}))) == 2


@pytest.mark.parametrize(
    "value",
    ["yesterday", "2026-13-40", "2026-02-30T00:00:00Z", "99999-01-01", "0001-01-01T00:00:00+14:00", "x" * 5000, "\x00"],
)
@pytest.mark.parametrize("param", ["start_date", "end_date"])
def test_bad_dates_are_400(client, world, categories, param, value):
    assert_error(client.get(f"{BASE}/requests.json", {param: value}), 400)


def test_service_request_id_list_overrides_other_filters(client, world, categories, key):
    a = submitted(client, key, address_id=world.building1.pk)
    b = submitted(client, key, address_id=world.building1.pk)
    c = submitted(client, key, address_id=world.building1.pk)
    _set(a, reported_at=timezone.now() - datetime.timedelta(days=400), state=State.CLOSED)
    ids = f"{a.tracking_code},{b.tracking_code.lower()}, NOPE2345"
    response = client.get(f"{BASE}/requests.json", {"service_request_id": ids, "status": "open"})
    assert codes_of(response) == {a.tracking_code, b.tracking_code}
    assert c.tracking_code not in codes_of(response)


def test_at_most_1000_requests(client, world, categories, key, monkeypatch):
    from tongxin.open311 import views

    monkeypatch.setattr(views, "MAX_REQUESTS", 2)
    for _ in range(3):
        submitted(client, key, address_id=world.building1.pk)
    assert len(client.get(f"{BASE}/requests.json").json()) == 2


# --- the civic view ---------------------------------------------------------------------


def test_no_personal_data_in_any_response(client, world, categories, key):
    other_phone = "13900001111"
    description = f"路面有坑，联系{other_phone}，身份证110101198001010037"
    response = submit(
        client,
        key,
        address_id=world.building1.pk,
        description=description,
        first_name="王",
        last_name="小明",
        phone=PHONE,
        email="wxm@example.cn",
        device_id="device-42",
    )
    assert response.status_code == 201
    code = response.json()[0]["service_request_id"]
    outputs = [
        response.content.decode(),
        client.get(f"{BASE}/requests.json").content.decode(),
        client.get(f"{BASE}/requests/{code}.json").content.decode(),
        client.get(f"{BASE}/requests.json", {"service_request_id": code}).content.decode(),
        client.get(f"{BASE}/services.json").content.decode(),
    ]
    for text in outputs:
        for secret in (PHONE, other_phone, "110101198001010037", "小明", "wxm@example.cn", "device-42", "市民通"):
            assert secret not in text
    item = client.get(f"{BASE}/requests/{code}.json").json()[0]
    assert item["description"] == "路面有坑，联系***，身份证***"
    # Nothing but the documented fields: no reporter, household or phone field sneaks in.
    assert set(item) == REQUEST_KEYS


def test_cases_from_other_channels_are_not_published(client, world, categories, key, grid_worker):
    staff_case = case_report(
        actor=grid_worker,
        category=categories["pothole"],
        description="独居老人家中漏水",
        area=world.building1,
        reporter_name="张三",
        reporter_phone=PHONE,
    )
    public_case = case_report(
        actor=None, category=categories["pothole"], description="楼道堆物", area=world.building1, source="public"
    )
    published = submitted(client, key, address_id=world.building1.pk)
    listed = client.get(f"{BASE}/requests.json").content.decode()
    assert published.tracking_code in listed
    for case in (staff_case, public_case):
        assert case.tracking_code not in listed and case.description not in listed
        assert_error(client.get(f"{BASE}/requests/{case.tracking_code}.json"), 404)
    assert client.get(f"{BASE}/requests.json", {"service_request_id": staff_case.tracking_code}).json() == []


def test_request_list_costs_a_fixed_number_of_queries(client, world, categories, key):
    for _ in range(2):
        submitted(client, key, address_id=world.building1.pk)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(f"{BASE}/requests.json").json()) == 2
    for _ in range(10):
        submitted(client, key, address_id=world.building2.pk, service_code="t_lamp")
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(f"{BASE}/requests.json").json()) == 12
    assert len(small.captured_queries) == len(large.captured_queries)


# --- tokens, methods, unknown paths -----------------------------------------------------


def test_tokens_are_not_issued(client, db):
    assert_error(client.get(f"{BASE}/tokens/abc.json"), 404)
    assert_error(client.get(f"{BASE}/tokens/{'x' * 1000}.json"), 404)


@pytest.mark.parametrize(
    "method,path,allow",
    [
        ("delete", "services.json", "GET, HEAD"),
        ("post", "services.json", "GET, HEAD"),
        ("put", "requests.json", "GET, HEAD, POST"),
        ("post", "requests/ABC.json", "GET, HEAD"),
        ("post", "tokens/abc.json", "GET, HEAD"),
    ],
)
def test_other_methods_are_405_in_the_error_format(client, db, method, path, allow):
    response = getattr(client, method)(f"{BASE}/{path}")
    assert_error(response, 405)
    assert response["Allow"] == allow


@pytest.mark.parametrize("path", ["services.xml", "requests.xml", "discovery.json", "", "services", "a/b/c.json"])
def test_unknown_paths_are_georeport_404s(client, db, path):
    assert_error(client.get(f"{BASE}/{path}"), 404)


# --- hostile input ----------------------------------------------------------------------

HOSTILE = [
    "x" * 10_000,
    "张" * 10_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "\x00",
    "a\x00b",
    "\x1f",
    "😀🏠",
    "{{ 7*7 }}",
    "[]",
    "-1",
    "0",
    "1.5",
    "9" * 30,
    "null",
    "true",
    " ",
    ",,,",
    ",".join(["ABCDEFGH"] * 2000),
]


@pytest.mark.parametrize(
    "param", ["service_request_id", "service_code", "start_date", "end_date", "status", "jurisdiction_id"]
)
def test_hostile_query_parameters(client, world, categories, key, param):
    submitted(client, key, address_id=world.building1.pk)
    for value in HOSTILE:
        response = client.get(f"{BASE}/requests.json", {param: value})
        assert response.status_code < 500, (param, value[:20])
        if response.status_code >= 400:
            assert "<script>" not in assert_error(response, response.status_code)
        else:
            assert isinstance(response.json(), list)


@pytest.mark.parametrize(
    "field", ["api_key", "service_code", "description", "address_id", "lat", "long", "phone", "email", "first_name"]
)
def test_hostile_form_fields(client, world, categories, key, field):
    for value in HOSTILE:
        data = {"address_id": world.building1.pk, field: value}
        response = submit(client, key, **data)
        assert response.status_code < 500, (field, value[:20])
        if response.status_code != 201:
            assert_error(response, response.status_code)


@pytest.mark.parametrize(
    "body",
    [
        {"api_key": 123},
        {"api_key": None},
        {"api_key": ["k"]},
        {"service_code": 12},
        {"service_code": {"a": 1}},
        {"description": 123},
        {"description": ["路面有坑"]},
        {"description": "a\u0000b"},
        {"address_id": True},
        {"address_id": 1.5},
        {"address_id": [1]},
        {"address_id": {"id": 1}},
        {"address_id": -5},
        {"address_id": 10**40},
        {"lat": "x", "long": 1},
        {"lat": True, "long": False},
        {"lat": 1e400, "long": 1},
        {"lat": [1], "long": {}},
    ],
)
def test_wrong_json_types_are_4xx(client, world, categories, key, body):
    data: dict[str, Any] = {"api_key": key, "service_code": "t_pothole", "description": "x"}
    data["address_id"] = world.building1.pk
    data.update(body)
    response = client.post(f"{BASE}/requests.json", json.dumps(data), content_type="application/json")
    assert 400 <= response.status_code < 500, (body, response.content)
    assert_error(response, response.status_code)


@pytest.mark.parametrize(
    "raw",
    [b"{bad", b"[]", b"null", b"42", b'"text"', b"\xff\xfe", b"[" * 100_000 + b"]" * 100_000, b"", b"{}"],
)
def test_malformed_json_bodies_are_4xx(client, world, categories, key, raw):
    response = client.post(f"{BASE}/requests.json", raw, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert_error(response, response.status_code)


def test_a_body_too_large_is_400(client, world, categories, key, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"api_key": key, "description": "x" * 5000})
    assert_error(client.post(f"{BASE}/requests.json", body, content_type="application/json"), 400)
    assert_error(client.post(f"{BASE}/requests.json", {"api_key": key, "description": "x" * 5000}), 400)


def test_too_many_form_fields_is_400(client, world, categories, key, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    data = {f"f{i}": "x" for i in range(50)}
    data["api_key"] = key
    assert_error(client.post(f"{BASE}/requests.json", data), 400)
