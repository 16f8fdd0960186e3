"""The agreements pages: the list at a fixed query count, its counts and filters, the detail's
progress in words, and bad input answered with a message (never a 500)."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.cobuilding.agreements import services
from tongxin.cobuilding.agreements.tests.support import draft, signed_agreement, staff
from tongxin.registry.cobuild.models import ResidentUnit

pytestmark = pytest.mark.django_db


def _units(world: Any, n: int) -> list[ResidentUnit]:
    return [
        ResidentUnit.objects.create(name=f"共建单位{i:02d}", credit_code=f"9111000060003{i:04d}X", area=world.community)
        for i in range(n)
    ]


def _list_queries(client: Any, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_the_list_costs_the_same_for_2_and_12_agreements(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    units = _units(world, 12)
    for u in units[:2]:
        signed_agreement(u, world.community)
    url = reverse("agreements:list")
    client.get(url)  # warm the session and caches
    small, _ = _list_queries(client, url)
    for u in units[2:]:
        draft(u, world.community)
    large, response = _list_queries(client, url)
    assert small == large
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select("#agreements tbody tr")) == 12
    assert "12" in soup.select_one("#counts").text and "2" in soup.select_one("#counts").text


def test_filters_narrow_the_list(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    signed_agreement(world.unit, world.community)
    draft(world.unit, world.community, year=2025)
    response = client.get(reverse("agreements:list") + "?status=draft")
    rows = BeautifulSoup(response.content, "html.parser").select("#agreements tbody tr")
    assert len(rows) == 1 and "2025" in rows[0].text


def test_the_detail_says_delivered_against_promised_in_words(client: Any, world: Any, secretary: Any) -> None:
    import datetime

    a = signed_agreement(world.unit, world.community)
    hours = a.commitments.get(kind="venue_hours")
    services.record_delivery(actor=staff(), commitment=hours, quantity="10", delivered_on=datetime.date.today())
    client.force_login(secretary)
    response = client.get(reverse("agreements:agreement", args=[a.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    item = soup.select_one(f'[data-commitment="{hours.pk}"]')
    assert item.select_one('[role="progressbar"]')["aria-valuenow"] == "25"
    words = item.select_one(".progress-words").text
    assert "10" in words and "40" in words and "30" in words


def test_bad_commitment_input_is_a_message_not_a_500(client: Any, world: Any, secretary: Any) -> None:
    a = draft(world.unit, world.community)
    client.force_login(secretary)
    response = client.post(
        reverse("agreements:commitment_add", args=[a.pk]),
        {"c-kind": "money", "c-description": "资助", "c-quantity": "-5"},
        follow=True,
    )
    assert response.status_code == 200
    assert a.commitments.count() == 0
    flash = BeautifulSoup(response.content, "html.parser").select_one(".flash-error")
    assert flash is not None and flash.text.strip()


def test_signing_an_empty_draft_is_refused_next_to_the_form(client: Any, world: Any, secretary: Any) -> None:
    a = draft(world.unit, world.community)
    client.force_login(secretary)
    response = client.post(
        reverse("agreements:sign", args=[a.pk]),
        {"signed_on": "2026-01-05", "community_signatory": "王书记", "unit_signatory": "李院长"},
    )
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select(".form-errors")
    a.refresh_from_db()
    assert a.status == "draft"


def test_the_unit_contact_reports_from_the_portal(client: Any, world: Any, unit_contact: Any) -> None:
    a = signed_agreement(world.unit, world.community)
    client.force_login(unit_contact)
    portal = BeautifulSoup(client.get(reverse("portal:portal")).content, "html.parser")
    part = portal.select_one('[data-part="agreements.mine"]')
    assert part is not None and a.title in part.text
    hours = a.commitments.get(kind="venue_hours")
    response = client.post(
        reverse("agreements:delivery_new", args=[hours.pk]),
        {"quantity": "6", "delivered_on": "2026-01-10", "description": "开放礼堂"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("portal:portal")
    assert hours.deliveries.get().source == "reported"


def test_the_workbench_lists_agreements_ending_soon_most_urgent_first(client: Any, world: Any, secretary: Any) -> None:
    import datetime

    from django.utils import timezone

    from tongxin.platform.web.workbench import Today, workbench_for

    today = timezone.localdate()
    later, sooner = _units(world, 2)
    signed_agreement(later, world.community, year=today.year, ends_on=today + datetime.timedelta(days=25))
    signed_agreement(sooner, world.community, year=today.year, ends_on=today + datetime.timedelta(days=5))
    signed_agreement(world.unit, world.community, year=today.year, ends_on=today + datetime.timedelta(days=45))
    draft(world.unit, world.community, year=today.year + 1)
    bench = workbench_for(secretary, Today(now=timezone.now(), today=today))
    items = {i.key: i for i in bench.items}
    assert items["agreements.ending"].count == 2
    assert [r.label for r in items["agreements.ending"].rows] == [sooner.name, later.name]
    assert items["agreements.drafts"].count == 1
    client.force_login(secretary)
    rows = BeautifulSoup(client.get(items["agreements.ending"].url).content, "html.parser").select(
        "#agreements tbody tr"
    )
    assert len(rows) == 2
