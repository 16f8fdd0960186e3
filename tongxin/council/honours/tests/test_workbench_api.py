"""Honours on the workbench (each figure the count of the list it opens), on the member's page,
and in the API (scoped, ?year=, never a phone; fixed queries at two sizes)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.html import soup
from tongxin.council.honours.models import AwardState, NominationObjection, NominationState, NomineeKind
from tongxin.council.honours.own_life import honours_part
from tongxin.council.honours.tests.support import award, in_publicity, nomination

pytestmark = pytest.mark.django_db


def _items(client):
    page = soup(client.get(reverse("home")), status=200)
    return {li["data-item"]: li for li in page.select("li.wb-item")}


def test_the_workbench_names_what_waits_and_each_figure_opens_its_rows(client, world, secretary, grid_worker):
    a = award(world)
    waiting = nomination(world, a)
    nomination(world, award(world, area=world.other_community), name="外家", place=world.other_grid)
    ending = in_publicity(world)
    ending.award.publicity_ends = timezone.now() + datetime.timedelta(days=1)
    ending.award.save()
    NominationObjection.objects.create(nomination=ending, text="不属实")
    client.force_login(secretary)
    items = _items(client)
    assert items["honours.review"].select_one(".wb-count").get_text(strip=True) == "1"
    assert items["honours.review"].select_one(".wb-row a")["href"].endswith(f"#nomination-{waiting.pk}")
    assert items["honours.publicity"].select_one(".wb-count").get_text(strip=True) == "1"
    assert items["honours.objections"].select_one(".wb-count").get_text(strip=True) == "1"
    for key, table in (
        ("honours.review", "#nominations"),
        ("honours.publicity", "#awards"),
        ("honours.objections", "#objections"),
    ):
        link = items[key].select_one("a.wb-item-head")["href"]
        listed = soup(client.get(link), status=200).select(f"{table} tbody tr")
        assert len(listed) == int(items[key].select_one(".wb-count").get_text(strip=True))
    client.force_login(grid_worker)
    assert not [k for k in _items(client) if k.startswith("honours.")]


def test_a_branch_secretary_gets_the_button_to_nominate_members(client, world, org_secretary):
    client.force_login(org_secretary)
    page = soup(client.get(reverse("home")), status=200)
    assert page.select_one(f"a[href='{reverse('honours:branch')}']")


def test_the_members_page_part_lists_the_members_honours(world):
    a = award(world, kind=NomineeKind.PARTY_MEMBER, state=AwardState.AWARDED, name="优秀党员")
    nomination(world, a, name="赵党员", party_member=world.member1, state=NominationState.WINNER)
    part = honours_part(world.member1, timezone.localdate().year)
    assert part is not None and [n.award.name for n in part["honours"]] == ["优秀党员"]
    assert honours_part(world.member2, timezone.localdate().year) is None


def test_api_lists_scoped_awards_with_winners_and_filters_by_year(client, world, secretary, grid_worker):
    year = timezone.localdate().year
    done = award(world, state=AwardState.AWARDED, year=year - 1)
    nomination(world, done, state=NominationState.WINNER, phone_masked="139****5678", phone_enc="x")
    award(world, year=year)
    award(world, area=world.other_community)
    client.force_login(secretary)
    body = client.get("/api/v1/honours").json()
    assert body["count"] == 2
    body = client.get("/api/v1/honours", {"year": year - 1}).json()
    assert [a["winners"] for a in body["items"]] == [["张家"]]
    # The nominee's masked number is nowhere (an id may well contain the digits 139).
    assert "139****" not in str(body) and "phone" not in str(body)
    assert client.get("/api/v1/honours", {"year": "1"}).status_code == 422
    client.force_login(grid_worker)
    assert client.get("/api/v1/honours").json()["count"] == 0


def test_api_queries_do_not_grow(client, world, secretary):
    client.force_login(secretary)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/honours", {"limit": 200}).status_code == 200
        return len(ctx.captured_queries)

    nomination(world, award(world))
    small = count()
    for k in range(6):
        a = award(world, name=f"奖{k}")
        nomination(world, a, name="张家")
        nomination(world, a, name="李家", state=NominationState.ACCEPTED)
    assert count() == small


def test_the_member_reads_the_honour_on_their_own_page(client, world, party_member):
    a = award(world, kind=NomineeKind.PARTY_MEMBER, state=AwardState.AWARDED, name="优秀党员")
    nomination(world, a, name="赵党员", party_member=world.member1, state=NominationState.WINNER)
    client.force_login(party_member)
    page = soup(client.get(reverse("me")), status=200)
    assert "优秀党员" in page.select_one(".honours-own").get_text()
