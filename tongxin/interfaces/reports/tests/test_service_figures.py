"""The service figures page: every section for the chosen place and period, scoped, in fixed queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tests.html import soup
from tongxin.volunteering.service.models import ServiceHours, Volunteer, VolunteerTeam


def _figure(html: BeautifulSoup, key: str) -> str:
    cell = html.select_one(f'[data-figure="{key}"] .value')
    assert cell is not None, key
    return cell.get_text(strip=True)


def _team_with_hours(world, n: int) -> None:
    team = VolunteerTeam.objects.create(area=world.community, name=f"队{n}", speciality="repairs")
    for i in range(n):
        v = Volunteer.objects.create(
            area=world.community, name=f"志愿者{n}-{i}", registered_on=datetime.date(2026, 1, 1)
        )
        ServiceHours.objects.create(
            volunteer=v,
            team=team,
            area=world.community,
            served_on=datetime.date(2026, 3, 2),
            hours=Decimal("1.5"),
            people_served=2,
            description="维修",
            source="manual",
            confirmed_at=timezone.now(),
        )


def _get(client, world, **params):
    query = {"node": world.community.pk, "start": "2026-03-01", "end": "2026-03-31", **params}
    return client.get(reverse("reports:service"), query)


def test_secretary_sees_every_section_with_the_hours_of_the_period(client, world, secretary):
    _team_with_hours(world, 3)
    client.force_login(secretary)
    response = _get(client, world)
    assert response.status_code == 200
    html = soup(response)
    for section in ("service", "activities", "programmes", "pairing", "visits"):
        assert html.select_one(f"#figures-{section}") is not None, section
    assert _figure(html, "service.teams") == "1"
    assert _figure(html, "service.volunteers") == "3"
    assert _figure(html, "service.hours") == "4.5"
    assert _figure(html, "service.people_served") == "6"
    # The month before holds none of it.
    html = soup(_get(client, world, start="2026-02-01", end="2026-02-28"))
    assert _figure(html, "service.volunteers") == "0"


def test_a_place_outside_the_scope_is_refused_and_the_first_own_place_shown(client, world, grid_worker):
    _team_with_hours(world, 2)
    client.force_login(grid_worker)
    response = _get(client, world, node=world.other_community.pk)
    assert response.status_code == 200
    html = soup(response)
    assert html.select_one(".has-error") is not None
    # The grid worker's own grid holds no team: the community's hours are not theirs to see.
    assert _figure(html, "service.hours") in {"0", "—"}


def test_the_page_costs_the_same_queries_whatever_the_rows(client, world, secretary, django_assert_max_num_queries):
    client.force_login(secretary)
    _team_with_hours(world, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert _get(client, world).status_code == 200
    _team_with_hours(world, 25)
    with CaptureQueriesContext(connection) as large:
        assert _get(client, world).status_code == 200
    assert len(large) == len(small)
