"""GeoReport v2: reading requests back, and what the civic view never shows."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tongxin.grid.cases.models import Case
from tongxin.grid.cases.services import case_report
from tongxin.grid.cases.workflow import State
from tongxin.grid.open311.tests.support import BASE, PHONE, REQUEST_KEYS, assert_error, submit, submitted

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
    from tongxin.grid.open311 import views

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


@pytest.mark.parametrize("path", ["services.xml", "requests.xml", "discovery.xml", "", "services", "a/b/c.json"])
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
