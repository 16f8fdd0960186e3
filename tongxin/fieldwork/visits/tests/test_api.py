"""/api/v1/visits and /api/v1/visits/{id}: scoped like the pages, no personal numbers."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tongxin.fieldwork.visits.tests.support import visit, visited_world

pytestmark = pytest.mark.django_db
D = datetime.date


def test_visits_are_scoped_and_filtered(client, world, grid_worker):
    v = visited_world(world)
    visit(world.other_household, D(2026, 5, 1), "乙网格员")
    client.force_login(grid_worker)
    url = reverse("api:visits")
    body = client.get(url).json()
    assert body["count"] == 8  # 101 ×7 and 102 in grid 1
    body = client.get(url + f"?household={v.h102.pk}").json()
    (item,) = body["items"]
    assert (item["household_label"], item["visitor_name"], item["visited_on"], item["grid"]) == (
        "1号楼 102", "楼栋长", "2026-03-10", world.grid1.pk,
    )  # fmt: skip
    assert client.get(url + "?from=2026-06-01&to=2026-06-30").json()["count"] == 2
    assert client.get(url + f"?node={world.grid2.pk}").status_code == 404
    assert client.get(url + f"?household={world.household2.pk}").status_code == 404
    assert client.get(url + "?from=yesterday").status_code == 422
    assert client.get(url + "?node=0").status_code == 422


def test_one_visit(client, world, secretary, grid_worker):
    visited_world(world)
    h101 = world.household1
    one = h101.visits.order_by("visited_on").first()
    one.residents_met.set([world.zhangsan])
    client.force_login(secretary)
    body = client.get(reverse("api:visit", args=[one.pk])).json()
    assert body["residents_met"] == ["张三"] and body["needs"] == "" and body["case"] is None
    assert "13812345678" not in str(body)
    other = visit(world.other_household, D(2026, 5, 1), "乙网格员")
    assert client.get(reverse("api:visit", args=[other.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("api:visit", args=[one.pk])).status_code == 401
