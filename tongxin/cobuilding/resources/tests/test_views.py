"""The resources list at a fixed query count, the week calendar, a booking refused with a
message, and the unit's portal part with its approve and refuse buttons."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.cobuilding.resources import services
from tongxin.cobuilding.resources.tests.support import hall
from tongxin.cobuilding.resources.tests.test_services import ask, next_weekday
from tongxin.registry.cobuild.models import ResidentUnit

pytestmark = pytest.mark.django_db


def _count(client: Any, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_the_list_costs_the_same_for_2_and_12_resources(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    units = [
        ResidentUnit.objects.create(name=f"单位{i:02d}", credit_code=f"9111000060004{i:04d}X", area=world.community)
        for i in range(12)
    ]
    for u in units[:2]:
        hall(u, world.community)
    url = reverse("resources:list")
    client.get(url)
    small, _ = _count(client, url)
    for u in units[2:]:
        h = hall(u, world.community)
        ask(h, next_weekday(5), 18, 20)
    large, response = _count(client, url)
    assert small == large
    assert len(BeautifulSoup(response.content, "html.parser").select("#resources tbody tr")) == 12


def test_the_calendar_shows_a_week_with_booked_and_requested_words(
    client: Any, world: Any, secretary: Any, unit_contact: Any
) -> None:
    h = hall(world.unit, world.community, weekdays="12345")
    friday = next_weekday(5)
    b = ask(h, friday, 18, 20)
    services.booking_decide(actor=unit_contact, booking=b, approve=True)
    ask(h, friday, 20, 21, user_group="志愿服务队")
    client.force_login(secretary)
    response = client.get(reverse("resources:calendar", args=[h.pk]) + f"?week={friday:%Y-%m-%d}")
    soup = BeautifulSoup(response.content, "html.parser")
    days = soup.select("#calendar .day")
    assert len(days) == 7
    assert len(soup.select("#calendar .day.closed")) == 2  # Saturday and Sunday
    fri = soup.select_one(f'[data-day="{friday:%Y-%m-%d}"]')
    assert [s["class"][1] for s in fri.select(".slot")] == ["slot-approved", "slot-requested"]
    assert "18:00–20:00" in fri.text


def test_a_booking_outside_the_hours_is_a_message(client: Any, world: Any, secretary: Any) -> None:
    h = hall(world.unit, world.community)
    client.force_login(secretary)
    response = client.post(
        reverse("resources:calendar", args=[h.pk]),
        {"day": next_weekday(5).isoformat(), "starts": "06:00", "ends": "07:00", "user_group": "支部", "purpose": "会",
         "people": "10"},
    )  # fmt: skip
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select("#book .error")
    assert not h.bookings.exists()


def test_the_portal_lists_bookings_to_approve_with_buttons(client: Any, world: Any, unit_contact: Any) -> None:
    h = hall(world.unit, world.community)
    b = ask(h, next_weekday(5), 18, 20)
    client.force_login(unit_contact)
    soup = BeautifulSoup(client.get(reverse("portal:portal")).content, "html.parser")
    row = soup.select_one(f'[data-part="resources.bookings"] [data-booking="{b.pk}"]')
    assert {btn["value"] for btn in row.select("button")} == {"approve", "refuse"}
    response = client.post(reverse("resources:decide", args=[b.pk]), {"decision": "approve", "next": "portal"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:portal")
    b.refresh_from_db()
    assert b.status == "approved"


def test_the_workbench_names_the_booking_waiting(client: Any, world: Any, unit_contact: Any) -> None:
    from django.utils import timezone

    from tongxin.platform.web.workbench import Today, workbench_for

    h = hall(world.unit, world.community)
    ask(h, next_weekday(5), 18, 20)
    bench = workbench_for(unit_contact, Today(now=timezone.now(), today=datetime.date.today()))
    item = next(i for i in bench.items if i.key == "resources.bookings")
    assert item.count == 1 and item.rows[0].label.startswith(h.name)
