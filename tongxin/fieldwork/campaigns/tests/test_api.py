"""The campaigns API: counts per campaign, the status filter, per grid on one, scope, and the
list at a fixed query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.fieldwork.campaigns import services
from tongxin.fieldwork.campaigns.tests.support import campaign, staff

pytestmark = pytest.mark.django_db


def test_each_campaign_with_targets_checked_and_problems(client: Any, world: Any, secretary: Any) -> None:
    c = campaign(world.community)
    t1 = c.targets.get(household=world.household1)
    services.target_check(actor=staff(), target=t1, result="problem", note="电线老化")
    campaign(world.community, start=False)
    client.force_login(secretary)
    body = client.get(reverse("api:campaigns") + "?status=running").json()
    assert [(r["id"], r["targets"], r["checked"], r["problems"]) for r in body["items"]] == [(c.pk, 2, 1, 1)]
    one = client.get(reverse("api:campaign", kwargs={"campaign_id": c.pk})).json()
    grids = {g["grid_id"]: (g["targets"], g["checked"], g["problems"], g["cases_open"]) for g in one["grids"]}
    assert grids == {world.grid1.pk: (1, 1, 1, 1), world.grid2.pk: (1, 0, 0, 0)}
    assert client.get(reverse("api:campaigns") + "?status=bogus").status_code == 422


def test_the_other_community_s_campaign_is_a_404(client: Any, world: Any, secretary: Any) -> None:
    other = campaign(world.other_community)
    client.force_login(secretary)
    assert client.get(reverse("api:campaign", kwargs={"campaign_id": other.pk})).status_code == 404
    assert client.get(reverse("api:campaigns")).json()["items"] == []


def test_the_list_costs_the_same_for_1_and_8(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    campaign(world.community)
    url = reverse("api:campaigns")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(7):
        campaign(world.community)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(url).json()["items"]) == 8
    assert len(small.captured_queries) == len(large.captured_queries)
