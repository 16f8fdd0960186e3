"""/api/v1/teams: scoped like the pages."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from tongxin.volunteering.service.tests.support import join, served, team, volunteer

pytestmark = pytest.mark.django_db


NS = "api"


def test_the_router_is_mounted_at_the_api():
    assert reverse("api:teams").endswith("/teams") and reverse("api:team", args=[1]).endswith("/teams/1")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False):
        yield


def test_teams_are_scoped_filtered_and_counted(client, world, secretary, grid_worker):
    repairs = team(world.community, "维修队")
    patrol = team(world.grid1, "巡逻队", "patrol")
    team(world.other_community, "乙队")
    v = volunteer(world.community, "孙一")
    join(repairs, v)
    served(v, datetime.date(2026, 3, 1), "2.5", t=repairs)
    served(v, datetime.date(2026, 3, 2), "1", t=repairs, confirmed=False)
    client.force_login(secretary)
    body = client.get(reverse(f"{NS}:teams")).json()
    assert body["count"] == 2
    item = next(i for i in body["items"] if i["id"] == repairs.pk)
    assert (item["members"], float(item["hours_this_year"]), item["area"]) == (1, 2.5, world.community.pk)
    body = client.get(reverse(f"{NS}:teams") + f"?node={world.grid1.pk}&speciality=patrol").json()
    assert [i["id"] for i in body["items"]] == [patrol.pk]
    assert client.get(reverse(f"{NS}:teams") + f"?node={world.other_community.pk}").status_code == 404
    assert client.get(reverse(f"{NS}:teams") + "?node=abc").status_code == 422
    assert client.get(reverse(f"{NS}:teams") + "?speciality=nonsense").status_code == 422
    assert client.get(reverse(f"{NS}:team", args=[repairs.pk])).json()["name"] == "维修队"
    client.force_login(grid_worker)
    assert [i["id"] for i in client.get(reverse(f"{NS}:teams")).json()["items"]] == [patrol.pk]
    assert client.get(reverse(f"{NS}:team", args=[repairs.pk])).status_code == 404


def test_anonymous_is_refused(client, world):
    assert client.get(reverse(f"{NS}:teams")).status_code == 401
