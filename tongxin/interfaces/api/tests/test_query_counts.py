"""Every list costs a fixed number of queries, whatever the number of rows it returns."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tongxin.platform.core.personal import normalize_phone, protect_phone
from tongxin.platform.core.tree_ops import node_insert
from tongxin.registry.areas.models import Area, Household, Level
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import CareCategory, Resident

URLS = [
    "/api/v1/areas",
    "/api/v1/households",
    "/api/v1/residents",
    "/api/v1/orgs",
    "/api/v1/members",
    "/api/v1/units",
]


def grow(world: Any, n: int, start: int) -> None:
    """n more of everything in community 甲, each with the related rows a list shows."""
    categories = list(CareCategory.objects.filter(code__in=["empty_nest", "disabled"]))
    phone = protect_phone(normalize_phone("13812345678"))
    for i in range(start, start + n):
        building = node_insert(Area(parent=world.grid1, level=Level.BUILDING, name=f"楼{i}"))
        household = Household.objects.create(area=building, grid=world.grid1, number=str(i))
        resident = Resident(household=household)
        resident.set_name(f"居民{i}")
        resident.set_phone(phone)
        resident.save()
        resident.care_categories.set(categories)
        node_insert(type(world.branch1)(parent=world.branch1, kind="group", name=f"党小组{i}"))
        member = PartyMember(org=world.branch1)
        member.set_name(f"党员{i}")
        member.save()
        unit = ResidentUnit.objects.create(name=f"单位{i}", credit_code=f"X{i:017d}", area=world.community)
        for title in ("主任", "联络员"):
            contact = UnitContact(unit=unit, title=title)
            contact.set_name(f"联系人{i}")
            contact.set_phone(phone)
            contact.save()


def queries_for(client: Any, url: str, **params: Any) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"limit": 200, **params})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), len(response.json()["items"])


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("persona", ["secretary", "admin_user"], indirect=True)
def test_list_query_count_does_not_grow_with_rows(client, world, persona, url):
    client.force_login(persona)
    client.get(url)  # warm up: the session and anything cached per process
    grow(world, 3, start=0)
    small, small_rows = queries_for(client, url)
    grow(world, 27, start=3)
    large, large_rows = queries_for(client, url)
    assert large_rows >= small_rows + 27
    assert small == large, f"{url}: {small} queries for {small_rows} rows, {large} for {large_rows}"


@pytest.mark.parametrize(
    "url,params",
    [
        ("/api/v1/residents", {"search": "jm", "category": "empty_nest"}),
        ("/api/v1/households", {"search": "jm", "category": "empty_nest"}),
        ("/api/v1/members", {"search": "dy"}),
        ("/api/v1/units", {"search": "lxr"}),
        ("/api/v1/areas", {"level": "building"}),
    ],
)
def test_filtered_list_query_count_does_not_grow(client, world, secretary, url, params):
    client.force_login(secretary)
    params["node"] = world.branch1.pk if url == "/api/v1/members" else world.community.pk
    grow(world, 3, start=0)
    small, small_rows = queries_for(client, url, **params)
    grow(world, 27, start=3)
    large, large_rows = queries_for(client, url, **params)
    assert large_rows >= small_rows + 27
    assert small == large


def test_token_auth_costs_the_same_whatever_the_rows(client, world, secretary):
    from tongxin.platform.access.tokens import token_issue

    headers = {"Authorization": f"Bearer {token_issue(user=secretary)}"}
    client.get("/api/v1/residents", headers=headers)  # sets last_used_at once
    grow(world, 3, start=0)
    with CaptureQueriesContext(connection) as small:
        client.get("/api/v1/residents", {"limit": 200}, headers=headers)
    grow(world, 27, start=3)
    with CaptureQueriesContext(connection) as large:
        client.get("/api/v1/residents", {"limit": 200}, headers=headers)
    assert len(small.captured_queries) == len(large.captured_queries)
