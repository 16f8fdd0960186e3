"""The posts and points pages: what each shows, who may do what, hostile input, fixed query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.partylife.meetings.tests.support import member
from tongxin.partylife.points.models import PointEntry, PointRule, Post, PostHolding
from tongxin.partylife.points.tests.support import at, cases, entry, meetings, post_held
from tongxin.platform.core.models import AuditEvent

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = at(2026, 3, 1)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def ranking_rows(response):
    """(rank, name, total) of each member row of the ranking table."""
    rows = []
    for tr in soup(response).select("table tbody tr"):
        cells = tr.find_all("td")
        if cells:
            rows.append((cells[0].get_text(strip=True), cells[1].get_text(strip=True), cells[-1].get_text(strip=True)))
    return rows


# --- ranking and member pages --------------------------------------------------------------------


def test_ranking_per_branch(client, world, secretary, party_member):
    meetings(world.branch1, world.member1, ["present", "present"])
    cases(world, party_member, 3)
    entry(world.member2, D(2025, 4, 1), "1")
    client.force_login(secretary)
    response = client.get(reverse("points:ranking") + "?year=2025")
    assert response.status_code == 200
    assert ranking_rows(response) == [("1", "赵党员", "7"), ("1", "钱党员", "1")]
    text = soup(response).get_text()
    assert "第一网格党支部" in text and "第二网格党支部" in text


def test_ranking_of_a_node_and_hostile_parameters(client, world, org_secretary):
    entry(world.member1, D(2026, 1, 5), "2")
    client.force_login(org_secretary)
    url = reverse("points:ranking")
    for query in ("?year=abc", "?year=-1", "?year=99999999999999999999", "?node=x&year=2026", "?page=zz", "?year=%00"):
        response = client.get(url + query)
        assert response.status_code == 200, query
        assert ranking_rows(response) == [("1", "赵党员", "2")]
    assert client.get(url + f"?node={world.branch2.pk}").status_code == 404
    assert client.get(url + "?node=99999999").status_code == 404


def test_member_page_shows_the_items(client, world, org_secretary, party_member):
    meetings(world.branch1, world.member1, ["present", "excused"])
    cases(world, party_member, 12)
    post_held(world.branch1, world.member1, D(2025, 2, 1), D(2025, 6, 30), title="三号楼责任区")
    entry(world.member1, D(2025, 9, 1), "-2", "无故缺席志愿服务")
    client.force_login(org_secretary)
    response = client.get(reverse("points:member", args=[world.member1.pk]) + "?year=2025")
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("#sum-title .num").get_text() == "20"  # 2 + 0 + 10 + 10 − 2
    tables = page.select("table")
    items = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in tables[-1].select("tbody tr")]
    assert len(items) == 2 + 12 + 1 + 1
    assert ["三号楼责任区", "5", "10"] == items[[i[2] for i in items].index("三号楼责任区")][2:]
    assert "无故缺席志愿服务" in [i[2] for i in items]
    # The secretary may give points here; the form is on the page.
    assert page.select_one("form[action$='/entries/new/']") is not None


def test_party_member_sees_only_their_own(client, world, party_member):
    client.force_login(party_member)
    own = client.get(reverse("points:ranking"))
    assert own.status_code == 302 and own["Location"] == reverse("points:member", args=[world.member1.pk])
    page = client.get(reverse("points:member", args=[world.member1.pk]))
    assert page.status_code == 200
    assert soup(page).select_one("form[action$='/entries/new/']") is None
    assert client.get(reverse("points:member", args=[world.member2.pk])).status_code == 404


def test_other_branch_member_is_hidden(client, world, org_secretary, grid_worker):
    client.force_login(org_secretary)
    assert client.get(reverse("points:member", args=[world.member2.pk])).status_code == 404
    assert client.get(reverse("points:member", args=["999999"])).status_code == 404
    client.force_login(grid_worker)
    assert client.get(reverse("points:member", args=[world.member1.pk])).status_code == 200
    assert client.get(reverse("points:member", args=[world.member2.pk])).status_code == 404


# --- points by hand ------------------------------------------------------------------------------


def test_entry_create(client, world, org_secretary):
    client.force_login(org_secretary)
    url = reverse("points:entry_create", args=[world.member1.pk])
    response = client.post(url, {"on": "2026-02-10", "points": "-1.5", "reason": "  未按时完成认领岗位任务 "})
    assert response.status_code == 302
    e = PointEntry.objects.get()
    assert (e.points, e.reason, e.recorded_by, e.on) == (
        Decimal("-1.5"),
        "未按时完成认领岗位任务",
        org_secretary,
        D(2026, 2, 10),
    )
    assert AuditEvent.objects.filter(object_type="points.pointentry", action="create").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"on": "2026-02-10", "points": "0", "reason": "x"},
        {"on": "2026-02-10", "points": "101", "reason": "x"},
        {"on": "2026-02-10", "points": "NaN", "reason": "x"},
        {"on": "2026-02-10", "points": "1e9", "reason": "x"},
        {"on": "2027-02-10", "points": "1", "reason": "x"},  # after today
        {"on": "1900-01-01", "points": "1", "reason": "x"},
        {"on": "2026-02-31", "points": "1", "reason": "x"},
        {"on": "2026-02-10", "points": "1", "reason": "   "},
        {"on": "2026-02-10", "points": "1", "reason": "x" * 201},
        {"on": "\x00", "points": "\x00", "reason": "\x00"},
        {},
    ],
)
def test_entry_create_refuses_bad_input(client, world, org_secretary, data):
    client.force_login(org_secretary)
    response = client.post(reverse("points:entry_create", args=[world.member1.pk]), data)
    assert response.status_code == 200
    assert soup(response).select(".error")
    assert not PointEntry.objects.exists()


# --- posts ---------------------------------------------------------------------------------------


def test_post_create_assign_and_end(client, world, org_secretary):
    client.force_login(org_secretary)
    url = reverse("points:post_create") + f"?org={world.branch1.pk}"
    form = soup(client.get(url))
    assert [o["value"] for o in form.select("select[name=area] option") if o["value"]] == [
        str(world.grid1.pk),
        str(world.building1.pk),
    ]
    response = client.post(
        url, {"kind": "area", "title": " 1号楼责任区 ", "duties": "每月走访", "area": world.building1.pk}
    )
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("points:post_detail", args=[post.pk])
    assert (post.title, post.kind, post.area, post.org) == ("1号楼责任区", "area", world.building1, world.branch1)
    assign = reverse("points:holding_create", args=[post.pk])
    assert client.post(assign, {"member": world.member1.pk, "from_on": "2026-02-01"}).status_code == 302
    holding = PostHolding.objects.get()
    page = soup(client.get(reverse("points:post_detail", args=[post.pk])))
    assert "赵党员" in page.select_one("dl.facts").get_text()
    # The same member twice over the same time is refused, next to the field.
    again = client.post(assign, {"member": world.member1.pk, "from_on": "2026-02-15"})
    assert again.status_code == 200 and soup(again).select(".error")
    end = reverse("points:holding_end", args=[post.pk, holding.pk])
    assert client.post(end, {"to_on": "2026-01-01"}).status_code == 302  # before the start: refused
    holding.refresh_from_db()
    assert holding.to_on is None
    assert client.post(end, {"to_on": "2026-02-28"}).status_code == 302
    holding.refresh_from_db()
    assert holding.to_on == D(2026, 2, 28)
    # Ending again is refused; the history keeps the holding; a new holding may follow.
    client.post(end, {"to_on": "2026-03-01"})
    holding.refresh_from_db()
    assert holding.to_on == D(2026, 2, 28)
    assert client.post(assign, {"member": world.member1.pk, "from_on": "2026-03-01"}).status_code == 302
    assert PostHolding.objects.count() == 2
    page = soup(client.get(reverse("points:posts")))
    assert [td.get_text(strip=True) for td in page.select("tbody tr td")][-1] == "赵党员"


@pytest.mark.parametrize(
    "data",
    [
        {"member": "member2", "from_on": "2026-02-01"},  # another branch's member
        {"member": "999999", "from_on": "2026-02-01"},
        {"member": "member1", "from_on": "2026-02-01", "to_on": "2026-01-01"},
        {"member": "member1", "from_on": "1800-01-01"},
        {"member": "member1", "from_on": "2099-01-01"},
        {"member": "member1", "from_on": "x"},
        {"member": "\x00"},
    ],
)
def test_holding_refuses_bad_input(client, world, org_secretary, data):
    post = Post.objects.create(org=world.branch1, kind="model", title="示范岗")
    data = dict(data)
    if data.get("member") in ("member1", "member2"):
        data["member"] = getattr(world, data["member"]).pk
    client.force_login(org_secretary)
    response = client.post(reverse("points:holding_create", args=[post.pk]), data)
    assert response.status_code == 200
    assert soup(response).select(".error")
    assert not PostHolding.objects.exists()


def test_post_refuses_an_area_outside_the_branch(client, world, org_secretary):
    client.force_login(org_secretary)
    url = reverse("points:post_create") + f"?org={world.branch1.pk}"
    for data in (
        {"kind": "area", "title": "责任区", "area": world.building2.pk},
        {"kind": "nope", "title": "责任区"},
        {"kind": "model", "title": "   "},
        {"kind": "model", "title": "x" * 101},
    ):
        response = client.post(url, data)
        assert response.status_code == 200 and soup(response).select(".error"), data
    assert not Post.objects.exists()


def test_holding_end_of_another_post_is_404(client, world, org_secretary):
    mine = post_held(world.branch1, world.member1, D(2026, 1, 1), None)
    other = post_held(world.branch1, world.member1, D(2026, 1, 1), None, title="另一岗")
    holding = other.holdings.get()
    client.force_login(org_secretary)
    assert (
        client.post(reverse("points:holding_end", args=[mine.pk, holding.pk]), {"to_on": "2026-02-01"}).status_code
        == 404
    )


# --- rules ---------------------------------------------------------------------------------------


def test_rules_page_overrides(client, world, admin_user):
    client.force_login(admin_user)
    page = soup(client.get(reverse("points:rules")))
    assert page.select_one("input[name=case_reported__cap]")["value"] == "10"
    data = {}
    for field in page.select("input"):
        if field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[field["name"]] = "on"
        elif field.get("name") != "csrfmiddlewaretoken":
            data[field["name"]] = str(field.get("value", ""))
    data["meeting_present__points"] = "3"
    data.pop("post_month__active")
    assert client.post(reverse("points:rules"), data).status_code == 302
    assert {(r.code, r.points, r.active) for r in PointRule.objects.all()} == {
        ("meeting_present", Decimal("3"), True),
        ("post_month", Decimal("2"), False),
    }
    bad = client.post(reverse("points:rules"), {**data, "case_reported__cap": "-1", "meeting_present__points": "x"})
    assert bad.status_code == 200 and len(soup(bad).select(".error")) == 2


# --- query counts --------------------------------------------------------------------------------


def grow(world, user, n: int) -> None:
    """n more members in branch 1, each with a meeting, an entry and a post held."""
    people = [member(world.branch1, f"党员{i}") for i in range(n)]
    for i, m in enumerate(people):
        entry(m, D(2026, 1, 5), str(i + 1))
        post_held(world.branch1, m, D(2025, 6, 1), None, title=f"岗位{i}")
    meetings(world.branch1, people[0], ["present"], year=2026)
    cases(world, user, 2, year=2026)


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "page",
    [
        lambda w: reverse("points:ranking"),
        lambda w: reverse("points:ranking") + f"?node={w.branch1.pk}&year=2026",
        lambda w: reverse("points:posts"),
        lambda w: reverse("points:member", args=[w.member1.pk]),
        lambda w: reverse("points:post_detail", args=[Post.objects.order_by("pk").first().pk]),
    ],
)
def test_query_counts_do_not_grow(client, world, secretary, party_member, page):
    client.force_login(secretary)
    grow(world, party_member, 3)
    small = count(client, page(world))
    grow(world, party_member, 25)
    assert count(client, page(world)) == small
