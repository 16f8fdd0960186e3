"""Open311 GeoReport v2: shapes of every endpoint, keys, the civic view, hostile input."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.grid.cases.queries import cases_visible_to
from tongxin.grid.cases.workflow import State
from tongxin.grid.open311.keys import client_for_key, client_issue, client_revoke
from tongxin.grid.open311.models import Open311Client
from tongxin.grid.open311.tests.support import BASE, PHONE, assert_error, submit, submitted
from tongxin.grid.open311.views import location_note

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
        "description": location_note(),
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
    with pytest.raises(CommandError, match="名为“old app”的接入方没有有效密钥"):
        call_command("open311_key", "old app", "--revoke", stdout=io.StringIO())
    with pytest.raises(CommandError, match="接入方名称最多50个字符"):
        call_command("open311_key", "x" * 51, stdout=io.StringIO())


def test_issuing_a_key_is_audited_without_the_key(db):
    from tongxin.platform.core.models import AuditEvent

    key = client_issue(name="审计")
    event = AuditEvent.objects.get(object_type="open311.open311client")
    assert key not in json.dumps(event.changes) and key not in event.object_repr
    assert event.changes["prefix"] == key[:8]
