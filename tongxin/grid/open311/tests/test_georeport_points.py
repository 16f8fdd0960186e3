"""Open311 requests placed by lat/long alone: the grid whose outline holds the point."""

from __future__ import annotations

from tongxin.grid.cases.models import Case
from tongxin.grid.open311.tests.support import BASE, assert_error, submit, submitted
from tongxin.registry.areas.tests.support import give_outlines, inside


def test_lat_long_only_lands_in_the_grid_that_holds_it(client, world, categories, key):
    give_outlines(world)
    lat, long = inside("grid2")
    case = submitted(client, key, lat=str(lat), long=str(long))
    assert (case.area, case.grid, case.source) == (world.grid2, world.grid2, Case.Source.OPEN311)
    assert (float(case.latitude), float(case.longitude)) == (lat, long)
    detail = client.get(f"{BASE}/requests/{case.tracking_code}.json").json()[0]
    assert (detail["address_id"], detail["lat"], detail["long"]) == (world.grid2.pk, lat, long)


def test_lat_long_as_json_numbers(client, world, categories, key):
    give_outlines(world)
    lat, long = inside("other_grid")
    body = {"api_key": key, "service_code": "t_pothole", "description": "路面有坑", "lat": lat, "long": long}
    response = client.post(f"{BASE}/requests.json", body, content_type="application/json")
    assert response.status_code == 201
    assert Case.objects.get().grid == world.other_grid


def test_a_point_outside_every_grid_is_refused_clearly(client, world, categories, key):
    give_outlines(world)
    assert_error(submit(client, key, lat="31.23", long="121.47"), 400)
    # In the gap between two grids: near everything, inside nothing.
    response = client.post(
        f"{BASE}/requests.json",
        {"api_key": key, "service_code": "t_pothole", "description": "x", "lat": "39.905", "long": "116.405"},
        headers={"Accept-Language": "en"},
    )
    message = assert_error(response, 400)
    assert "not inside any grid" in message and "address_id" in message
    assert not Case.objects.exists()


def test_an_address_still_wins_over_the_point(client, world, categories, key):
    give_outlines(world)
    lat, long = inside("grid2")
    case = submitted(client, key, address_id=world.building1.pk, lat=str(lat), long=str(long))
    assert case.area == world.building1
