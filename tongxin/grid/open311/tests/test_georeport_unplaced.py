"""Open311 requests no grid holds: an address text alone, or a point outside the office's grids.

GeoReport v2 allows a request located by `address_string` alone. Such a request, and one whose
point lies in no grid of the key's office, goes to the queue of the office the api_key belongs
to, marked 位置待核实, for a person there to place it (cases.services.case_place).
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.html import soup
from tongxin.grid.cases.models import Case
from tongxin.grid.cases.queries import cases_visible_to
from tongxin.grid.open311.keys import client_for_key, client_issue
from tongxin.grid.open311.tests.support import BASE, assert_error, submit, submitted
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.tests.support import give_outlines, inside

ADDRESS = "甲社区东门外 菜市场北侧路口"


@pytest.fixture
def office_key(world):
    """A key of community 甲's office."""
    return client_issue(name="12345热线", office=world.community)


def test_address_string_alone_is_accepted_into_the_office_queue(client, world, categories, office_key):
    response = submit(client, office_key, address_string=ADDRESS)
    assert response.status_code == 201, response.content
    body = response.json()[0]
    assert "甲社区" in body["service_notice"] and "位置待核实" in body["service_notice"]
    case = Case.objects.get(tracking_code=body["service_request_id"])
    assert (case.grid, case.area, case.address, case.level) == (None, world.community, ADDRESS, Case.Level.COMMUNITY)
    assert case.is_unplaced and case.source == Case.Source.OPEN311
    assert case.transitions.get().to_state == "reported"


def test_the_unplaced_request_is_in_the_office_queue_marked_and_filtered(
    client, world, categories, office_key, secretary, grid_worker
):
    placed = submitted(client, office_key, address_id=world.building1.pk)
    unplaced = submitted(client, office_key, address_string=ADDRESS)
    client.force_login(secretary)
    page = soup(client.get(reverse("cases:list"), {"queue": "ours"}))
    rows = {tr.select_one("td.card-code").text: tr for tr in page.select("table tbody tr")}
    assert rows[unplaced.tracking_code].select_one(".status-unplaced").text == "位置待核实"
    assert ADDRESS in rows[unplaced.tracking_code].text
    # The placed one is in the grid worker's queue ("ours" for the office holds the unplaced one).
    assert placed.tracking_code not in rows
    filtered = soup(client.get(reverse("cases:list"), {"queue": "all", "unplaced": "on"}))
    assert [td.text for td in filtered.select("table tbody td.card-code")] == [unplaced.tracking_code]
    everything = soup(client.get(reverse("cases:list"), {"queue": "all"}))
    assert {td.text for td in everything.select("table tbody td.card-code")} == {
        placed.tracking_code,
        unplaced.tracking_code,
    }
    # The scoping gate: the office's staff see it, a grid worker of the office's grids does not.
    assert unplaced in cases_visible_to(secretary)
    assert unplaced not in cases_visible_to(grid_worker)
    client.force_login(grid_worker)
    assert client.get(reverse("cases:detail", args=[unplaced.pk])).status_code == 404


def test_a_point_outside_every_grid_is_accepted_unplaced_with_its_point(client, world, categories, office_key):
    give_outlines(world)
    case = submitted(client, office_key, lat="31.23", long="121.47", address_string=ADDRESS)
    assert (case.grid, case.area, case.address) == (None, world.community, ADDRESS)
    assert case.latitude is not None and case.longitude is not None
    assert (float(case.latitude), float(case.longitude)) == (31.23, 121.47)
    # A point alone, no address text: still accepted, the point is what the office places it by.
    bare = submitted(client, office_key, lat="31.23", long="121.47")
    assert (bare.grid, bare.area, bare.address) == (None, world.community, "")


def test_a_point_in_another_office_s_grid_waits_at_the_key_s_office(client, world, categories, office_key):
    give_outlines(world)
    lat, long = inside("other_grid")  # community 乙's grid: not one the key's office covers
    case = submitted(client, office_key, lat=str(lat), long=str(long))
    assert (case.grid, case.area) == (None, world.community)
    lat, long = inside("grid2")
    assert submitted(client, office_key, lat=str(lat), long=str(long)).grid == world.grid2


def _post_en(client, key, **data):
    body = {"api_key": key, "service_code": "t_pothole", "description": "路面有坑", **data}
    return client.post(f"{BASE}/requests.json", body, headers={"Accept-Language": "en"})


def test_a_key_without_an_office_is_refused_clearly(client, world, categories, key):
    message = assert_error(_post_en(client, key, address_string=ADDRESS), 400)
    assert "address_string alone" in message and "no office" in message and "address_id" in message
    # In Chinese by default, naming what to send.
    message = assert_error(submit(client, key, address_string=ADDRESS), 400)
    assert "address_id" in message and "位置" in message
    assert not Case.objects.exists()


def test_nothing_to_locate_by_is_refused(client, world, categories, office_key):
    message = assert_error(_post_en(client, office_key), 400)
    assert "address_string" in message
    assert_error(submit(client, office_key, address_string="   "), 400)
    assert_error(submit(client, office_key, address_string="x" * 201), 400)
    assert_error(submit(client, office_key, address_string="东门\x00外"), 400)
    body = {"api_key": office_key, "service_code": "t_pothole", "description": "x", "address_string": ["a"]}
    assert_error(client.post(f"{BASE}/requests.json", body, content_type="application/json"), 400)
    assert not Case.objects.exists()


def test_a_subdistrict_key_puts_it_in_the_subdistrict_queue(client, world, categories, street_officer, secretary):
    key = client_issue(name="街道热线", office=world.subdistrict)
    case = submitted(client, key, address_string=ADDRESS)
    assert (case.area, case.grid, case.level) == (world.subdistrict, None, Case.Level.SUBDISTRICT)
    assert case in cases_visible_to(street_officer)
    assert case not in cases_visible_to(secretary)


def test_the_civic_view_names_the_office_not_the_address_text(client, world, categories, office_key):
    case = submitted(client, office_key, address_string=ADDRESS)
    detail = client.get(f"{BASE}/requests/{case.tracking_code}.json").json()[0]
    assert detail["address"] == "甲社区 · 位置待核实"
    assert (detail["address_id"], detail["lat"], detail["long"]) == (world.community.pk, None, None)
    listed = client.get(f"{BASE}/requests.json").json()
    assert [r["address"] for r in listed] == ["甲社区 · 位置待核实"]
    assert ADDRESS not in client.get(f"{BASE}/requests.json").content.decode()


def test_discovery_and_the_service_list_say_an_address_alone_will_do(client, categories):
    response = client.get(f"{BASE}/discovery.json", headers={"Accept-Language": "en"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    discovery = response.json()
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(discovery)
    (endpoint,) = discovery["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2/"
    assert endpoint["formats"] == ["application/json"]
    assert discovery["location"]["address_string_alone"] is True
    assert "address_string alone" in discovery["location"]["description"]
    assert "placed" in discovery["location"]["description"] or "places" in discovery["location"]["description"]
    services = client.get(f"{BASE}/services.json").json()
    assert services and all("address_string" in s["description"] for s in services)
    assert all("位置待核实" in s["description"] for s in services)


def test_the_key_command_ties_a_key_to_an_office(world):
    out = io.StringIO()
    call_command("open311_key", "区12345", "--office", str(world.community.pk), stdout=out, stderr=io.StringIO())
    client = client_for_key(out.getvalue().strip())
    assert client is not None and client.office == world.community
    with pytest.raises(CommandError):
        call_command("open311_key", "x", "--office", "999999", stdout=io.StringIO(), stderr=io.StringIO())
    # A grid is no office: it cannot place anything by hand.
    with pytest.raises(CommandError):
        call_command("open311_key", "x", "--office", str(world.grid1.pk), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(DomainError):
        client_issue(name="x", office=world.building1)
