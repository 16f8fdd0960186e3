"""The estates and ledger API: has_ledger, totals, ?month=, scope, query counts at two sizes."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tongxin.estates.ledger.tests.support import approved, estate, published_estate


def last_month() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def test_estates_with_has_ledger_and_a_fixed_query_count(client, world, secretary):
    published_estate(world.community, last_month())
    estate(world.community, "空小区")
    estate(world.other_community, "乙小区")
    client.force_login(secretary)
    url = reverse("api:estates")
    with CaptureQueriesContext(connection) as small:
        body = client.get(url).json()
    assert {(e["name"], e["has_ledger"]) for e in body["items"]} == {("和平小区", True), ("空小区", False)}
    for i in range(10):
        estate(world.community, f"小区{i}")
    with CaptureQueriesContext(connection) as large:
        body = client.get(url).json()
    assert body["count"] == 12 and len(small.captured_queries) == len(large.captured_queries)


def test_an_estates_ledger_with_totals_and_month(client, world, secretary, grid_worker, neighbour_grid_worker):
    e, _parking = published_estate(world.community, last_month())
    c = e.owners_committees.get()
    approved(e, c, "greening", "55.50", timezone.localdate())
    client.force_login(secretary)
    url = reverse("api:estate_ledger", args=[e.pk])
    body = client.get(url).json()
    assert Decimal(body["income"]) == Decimal("1000.00") and Decimal(body["expense"]) == Decimal("355.50")
    assert Decimal(body["balance"]) == Decimal("644.50") and len(body["entries"]) == 3
    body = client.get(url, {"month": last_month().strftime("%Y-%m")}).json()
    assert len(body["entries"]) == 2 and Decimal(body["expense"]) == Decimal("300.00")
    assert body["entries"][0]["approved_by"]
    assert client.get(url, {"month": "2026-13"}).status_code == 404
    assert client.get(url, {"month": "x" * 50}).status_code == 422
    assert client.get(reverse("api:estate_ledger", args=[2**63 - 1])).status_code == 404
    client.force_login(grid_worker)
    assert client.get(url).status_code == 404
