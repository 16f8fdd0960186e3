"""Ratings in the API: rounds scoped to the caller, a round's results as computed (the hand-made
set of test_services.py), a fixed number of queries at two sizes, 404 outside the caller's reach."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.council.ratings.tests.support import open_round, published, scheme, score_all
from tongxin.platform.core.tree_ops import node_insert
from tongxin.platform.web.testing import ApiClient, assert_error
from tongxin.registry.areas.models import Area, Level

pytestmark = pytest.mark.django_db
HAND: dict[str, list[Any]] = {"1号楼": [9, 9, 4.5, 18], "2号楼": [8, 7, 4, 10]}


def test_a_round_with_its_results(client, world, secretary):
    rnd = published(world.community, HAND)
    api = ApiClient(client, secretary, token=True)
    body = api.get(reverse("api:rating_round", kwargs={"round_id": rnd.pk})).json()
    assert body["state"] == "published" and body["community_name"] == "甲社区"
    assert [c["name"] for c in body["criteria"]] == ["环境整洁", "邻里和睦", "文明守法", "参与公益"]
    results = {r["subject"]: (float(r["score"]), r["level"], r["stars"], r["scored"]) for r in body["results"]}
    assert results == {"1号楼": (90.0, "五星", 5, 4), "2号楼": (74.0, "三星", 3, 4)}
    assert results and all(r["area"] for r in body["results"])


def test_rounds_are_scoped_and_filtered(client, world, secretary, street_officer, grid_worker):
    mine = open_round(scheme(world.community))
    other = open_round(scheme(world.other_community))
    url = reverse("api:rating_rounds")
    ids = lambda r: sorted(i["id"] for i in r.json()["items"])  # noqa: E731
    assert ids(ApiClient(client, secretary).get(url)) == [mine.pk]
    assert ids(ApiClient(client, street_officer).get(url)) == sorted([mine.pk, other.pk])
    assert ids(ApiClient(client, street_officer).get(url, area=world.grid1.pk)) == [mine.pk]
    assert ids(ApiClient(client, street_officer).get(url, state="published")) == []
    assert ids(ApiClient(client, grid_worker).get(url)) == []
    assert_error(ApiClient(client, secretary).get(reverse("api:rating_round", kwargs={"round_id": other.pk})), 404)
    assert_error(ApiClient(client, secretary).get(url, area=world.other_community.pk), 404)


def test_a_round_costs_the_same_queries_at_two_sizes(client, world, secretary):
    api = ApiClient(client, secretary)

    def measure(name: str) -> int:
        rnd = open_round(scheme(world.community, name=name))
        score_all(rnd, {label: [9, 9, 4.5, 18] for label in rnd.entries.values_list("label", flat=True)})
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(reverse("api:rating_round", kwargs={"round_id": rnd.pk})).status_code == 200
        return len(ctx)

    small = measure("小")
    for n in range(8):
        node_insert(Area(parent=world.grid2, level=Level.BUILDING, name=f"{n + 3}号楼"))
    assert measure("大") == small
