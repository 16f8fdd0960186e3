"""The agreements and resources API: filters, delivered and remaining per commitment, scope."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tongxin.cobuilding.agreements import services
from tongxin.cobuilding.agreements.tests.support import draft, signed_agreement, staff
from tongxin.cobuilding.resources.tests.support import hall

pytestmark = pytest.mark.django_db


def test_one_agreement_with_delivered_and_remaining(client: Any, world: Any, unit_contact: Any) -> None:
    a = signed_agreement(world.unit, world.community)
    hours = a.commitments.get(kind="venue_hours")
    services.record_delivery(actor=staff(), commitment=hours, quantity="12.5", delivered_on=datetime.date.today())
    client.force_login(unit_contact)
    body = client.get(reverse("api:agreement", kwargs={"agreement_id": a.pk})).json()
    got = {
        c["kind"]: (Decimal(c["quantity"]), Decimal(c["delivered"]), Decimal(c["remaining"]), c["measure"])
        for c in body["commitments"]
    }
    assert got["venue_hours"] == (Decimal("40"), Decimal("12.5"), Decimal("27.5"), "小时")
    assert got["money"] == (Decimal("5000"), Decimal("0"), Decimal("5000"), "元")


def test_the_list_filters_by_year_status_and_unit(client: Any, world: Any, secretary: Any) -> None:
    signed_agreement(world.unit, world.community, year=2025)
    draft(world.unit, world.community, year=2026)
    client.force_login(secretary)
    url = reverse("api:agreements")
    assert [r["year"] for r in client.get(url + "?status=draft").json()["items"]] == [2026]
    assert [r["status"] for r in client.get(url + "?year=2025").json()["items"]] == ["signed"]
    assert client.get(url + f"?unit={world.other_unit.pk}").json()["items"] == []
    assert client.get(url + "?unit=99999999999999999999").status_code in (200, 422)


def test_resources_by_kind_and_bookable_for_the_units_contact_only(
    client: Any, world: Any, unit_contact: Any, outsider: Any
) -> None:
    h = hall(world.unit, world.community)
    client.force_login(unit_contact)
    items = client.get(reverse("api:resources") + "?kind=venue&bookable=true").json()["items"]
    assert [(r["id"], r["capacity"], r["opens_at"]) for r in items] == [(h.pk, 50, "08:00:00")]
    assert client.get(reverse("api:resources") + "?kind=funds").json()["items"] == []
    client.force_login(outsider)
    assert client.get(reverse("api:resource", kwargs={"resource_id": h.pk})).status_code == 404
