"""A list page costs the same number of queries whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.platform.core.people import pinyin_of
from tongxin.platform.core.tree_ops import node_insert
from tongxin.registry.areas.models import Area, Household, Level
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact
from tongxin.registry.party.models import Organization, PartyMember
from tongxin.registry.people.models import CareCategory, Resident

CREDIT_CODES = ["91110108551385082Q", "911101087461076950", "91310000MA1FL4RG2A", "91440300MA5EEJUR3M"]


def grow(world, n: int) -> None:
    """Add n households with a resident each, n members, n buildings and a few units."""
    categories = list(CareCategory.objects.all()[:3])
    for i in range(n):
        building = node_insert(Area(parent=world.grid1, level=Level.BUILDING, name=f"新楼{i}"))
        household = Household.objects.create(area=building, grid=world.grid1, number=f"{i}01")
        resident = Resident(household=household, name=f"居民{i}")
        resident.name_pinyin, resident.name_initials = pinyin_of(resident.name)
        resident.save()
        resident.care_categories.set(categories)
        PartyMember.objects.create(org=world.branch1, name=f"党员{i}")
        node_insert(Organization(parent=world.branch1, kind="group", name=f"小组{i}"))
    for code in CREDIT_CODES[:2]:
        unit = ResidentUnit.objects.create(name=f"单位{code[-4:]}", credit_code=code, area=world.community)
        UnitContact.objects.create(unit=unit, name="联络员")


PAGES = [
    lambda w: reverse("residents:list"),
    lambda w: reverse("residents:list") + "?q=jm",
    lambda w: reverse("residents:list") + f"?node={w.grid1.pk}&category=low_income",
    lambda w: reverse("households:list"),
    lambda w: reverse("members:list"),
    lambda w: reverse("members:list") + "?category=needy",
    lambda w: reverse("units:list"),
    lambda w: reverse("areas:tree"),
    lambda w: reverse("areas:detail", args=[w.grid1.pk]),
    lambda w: reverse("areas:children", args=[w.grid1.pk]),
    lambda w: reverse("orgs:tree"),
    lambda w: reverse("orgs:detail", args=[w.branch1.pk]),
    lambda w: reverse("home"),
]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", range(len(PAGES)))
def test_fixed_query_count(world, secretary, client, page):
    client.force_login(secretary)
    url = PAGES[page](world)
    grow(world, 2)
    small = count_queries(client, url)
    grow_more = 25
    # Keep names unique across the second batch.
    for i in range(grow_more):
        b = node_insert(Area(parent=world.grid1, level=Level.BUILDING, name=f"大楼{i}"))
        h = Household.objects.create(area=b, grid=world.grid1, number=f"9{i}")
        r = Resident(household=h, name=f"居民乙{i}")
        r.name_pinyin, r.name_initials = pinyin_of(r.name)
        r.save()
        r.care_categories.set(CareCategory.objects.all()[:3])
        PartyMember.objects.create(org=world.branch1, name=f"党员乙{i}", is_needy=True)
        node_insert(Organization(parent=world.branch1, kind="group", name=f"小组乙{i}"))
    for code in CREDIT_CODES[2:]:
        unit = ResidentUnit.objects.create(name=f"单位{code[-4:]}", credit_code=code, area=world.community)
        UnitContact.objects.create(unit=unit, name="联络员乙")
    large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries with few rows, {large} with many"
