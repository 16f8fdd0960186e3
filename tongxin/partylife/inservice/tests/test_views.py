"""The reporting-in and needy-member pages: the yearly figures, scoping, hostile input, query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.html import soup
from tongxin.partylife.inservice.models import NeedyHelp, ReportIn, ServiceLog
from tongxin.partylife.inservice.tests.support import helped, reported, served
from tongxin.partylife.points.models import Post
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.tree_ops import node_insert
from tongxin.registry.party.models import Organization, OrgKind
from tongxin.registry.party.point_sources import SOURCES

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 3, 1, 9, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def table(response, css: str) -> list[list[str]]:
    return [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in soup(response).select(f"{css} tbody tr")
    ]


def list_rows(response) -> list[tuple[str, str, str]]:
    """(member, community, hours) of the list; hours "none" when none was confirmed (highlighted)."""
    rows = []
    for tr in soup(response).select("#reports tbody tr"):
        cells = tr.find_all("td")
        name = cells[0].find("a").get_text(strip=True)
        hours = "none" if cells[4].find(class_="status-overdue") else cells[4].get_text(" ", strip=True).split(" ")[0]
        rows.append((name, cells[1].get_text(strip=True), hours))
    return rows


def year_data(world):
    """The hand-made year: 甲 has 安 (3 h), 白 (nothing in 2026), 陈 (only unconfirmed hours), 丁
    (ended in August, 2 h); 乙 has 高 (5 h) and 黄 (nothing). 戊 ended in 2025 and 己 reports in on
    1 January 2027: neither belongs to 2026."""
    an = reported(world.branch1, "安党员", world.community)
    served(an, D(2026, 12, 31), "3")  # late on New Year's Eve still counts for 2026
    served(an, D(2027, 1, 1), "2")
    bai = reported(world.branch1, "白党员", world.community)
    served(bai, D(2025, 12, 31), "4")
    served(bai, D(2027, 1, 1), "1")
    chen = reported(world.branch2, "陈党员", world.community)
    served(chen, D(2026, 6, 1), "1.5", confirmed=False)
    ding = reported(world.branch2, "丁党员", world.community, D(2026, 5, 1))
    served(ding, D(2026, 7, 1), "2")
    ReportIn.objects.filter(pk=ding.pk).update(active=False, ended_on=D(2026, 8, 31))
    wu = reported(world.branch1, "戊党员", world.community, D(2024, 1, 1))
    ReportIn.objects.filter(pk=wu.pk).update(active=False, ended_on=D(2025, 6, 30))
    reported(world.branch1, "己党员", world.community, D(2027, 1, 1))
    gao = reported(world.branch2, "高党员", world.other_community)
    served(gao, D(2026, 3, 1), "5")
    reported(world.branch2, "黄党员", world.other_community)
    return an


# --- the yearly list: who reported in, who did nothing -------------------------------------------


def test_list_of_the_year_with_those_who_did_nothing_first(client, world, admin_user):
    year_data(world)
    client.force_login(admin_user)
    response = client.get(reverse("inservice:list") + "?year=2026")
    assert response.status_code == 200
    assert list_rows(response) == [
        ("白党员", "甲社区", "none"),
        ("陈党员", "甲社区", "none"),
        ("丁党员", "甲社区", "2"),
        ("安党员", "甲社区", "3"),
        ("黄党员", "乙社区", "none"),
        ("高党员", "乙社区", "5"),
    ]
    # 陈's hours wait for confirmation: shown, not counted.
    assert [p["data-hours"] for p in soup(response).select("#reports .pending")] == ["1.5"]
    assert table(response, "#summary") == [["甲社区", "4", "2", "2", "5"], ["乙社区", "2", "1", "1", "5"]]
    # One community's list.
    one = client.get(reverse("inservice:list") + f"?year=2026&node={world.other_community.pk}")
    assert [r[0] for r in list_rows(one)] == ["黄党员", "高党员"]


def test_new_year_boundary_in_shanghai(client, world, secretary):
    an = year_data(world)
    url = reverse("inservice:log_create", args=[an.pk])
    # 23:30 on New Year's Eve in Shanghai (15:30 UTC): 1 January is still to come.
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=SHANGHAI), tick=False):
        client.force_login(secretary)
        refused = client.post(url, {"served_on": "2027-01-01", "hours": "1", "description": "守岁值班"})
        assert refused.status_code == 200 and soup(refused).select(".has-error")
        assert client.post(url, {"served_on": "2026-12-31", "hours": "1", "description": "守岁值班"}).status_code == 302
        page = client.get(reverse("inservice:list"))
        assert soup(page).select_one("#inservice-year option[selected]")["value"] == "2026"
    # 00:30 on New Year's Day in Shanghai is still 31 December in UTC: the new year has begun.
    with time_machine.travel(datetime.datetime(2027, 1, 1, 0, 30, tzinfo=SHANGHAI), tick=False):
        client.force_login(secretary)
        assert client.post(url, {"served_on": "2027-01-01", "hours": "1", "description": "新年服务"}).status_code == 302
        page = client.get(reverse("inservice:list"))
        assert soup(page).select_one("#inservice-year option[selected]")["value"] == "2027"
        rows = dict((name, hours) for name, _c, hours in list_rows(page))
        # 安: 2 h on 1 January plus the hour just logged; 白 served on 1 January too; 己 nothing yet.
        assert (rows["安党员"], rows["白党员"], rows["己党员"]) == ("3", "1", "none")
        assert "丁党员" not in rows and "戊党员" not in rows
        last_year = dict((n, h) for n, _c, h in list_rows(client.get(reverse("inservice:list") + "?year=2026")))
        assert last_year["安党员"] == "4"  # 3 h + the hour logged at 23:30


def test_logged_service_shows_in_the_members_points(client, world, secretary):
    report = reported(world.branch1, "安党员", world.community, D(2026, 1, 1))
    client.force_login(secretary)
    response = client.post(
        reverse("inservice:log_create", args=[report.pk]),
        {"served_on": "2026-02-10", "hours": "2.5", "description": "政策宣传"},
    )
    assert response.status_code == 302
    log = ServiceLog.objects.get()
    assert (log.hours, log.confirmed, log.recorded_by) == (Decimal("2.5"), True, secretary)
    page = client.get(reverse("points:member", args=[report.member_id]) + "?year=2026")
    items = [
        [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in soup(page).select("table")[-1].select("tbody tr")
    ]
    assert [i[1:4] for i in items] == [[str(SOURCES["inservice_hours"].label), "政策宣传", "2.5"]]
    assert soup(page).select_one("#sum-title .num").get_text() == "2.5"


def test_members_own_entry_waits_for_confirmation(client, world, party_member, secretary):
    report = ReportIn.objects.create(
        member=world.member1, community=world.community, reported_on=D(2026, 1, 1), confirmed_at=timezone.now()
    )
    client.force_login(party_member)
    # Without a registry role, the list sends the member to their own report-in.
    assert client.get(reverse("inservice:list"))["Location"] == reverse("inservice:detail", args=[report.pk])
    response = client.post(
        reverse("inservice:log_create", args=[report.pk]),
        {"served_on": "2026-02-10", "hours": "2", "description": "巡逻"},
    )
    assert response.status_code == 302
    log = ServiceLog.objects.get()
    assert not log.confirmed
    assert client.post(reverse("inservice:log_confirm", args=[log.pk])).status_code == 403
    assert client.post(reverse("inservice:end", args=[report.pk]), {"ended_on": "2026-02-20"}).status_code == 403
    page = client.get(reverse("points:member", args=[world.member1.pk]) + "?year=2026")
    assert soup(page).select_one("#sum-title .num").get_text() == "0"
    client.force_login(secretary)
    assert client.post(reverse("inservice:log_confirm", args=[log.pk])).status_code == 302
    log.refresh_from_db()
    assert log.confirmed and log.confirmed_by == secretary


# --- reporting in through the form ---------------------------------------------------------------


def test_report_in_form_with_a_claimed_post(client, world, org_secretary):
    post = Post.objects.create(org=world.branch1, kind="claimed", title="楼道清洁认领岗")
    client.force_login(org_secretary)
    url = reverse("inservice:create")
    page = client.get(url + f"?member={world.member1.pk}")
    assert page.status_code == 200
    options = [o.get_text() for o in soup(page).select("#id_claimed_post option")]
    assert "楼道清洁认领岗 · 甲社区" in options
    data = {
        "member": world.member1.pk,
        "community": world.community.pk,
        "reported_on": "2026-02-01",
        "employer": "示范区税务局",
        "claimed_post": post.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    report = ReportIn.objects.get()
    assert (report.claimed_post, report.post, report.employer, report.created_by) == (
        post,
        "楼道清洁认领岗",
        "示范区税务局",
        org_secretary,
    )
    # A second report-in of the same member is refused with a message, not a 500.
    again = client.post(url, {**data, "community": world.other_community.pk})
    assert again.status_code == 200 and soup(again).select(".has-error, .form-errors")
    assert ReportIn.objects.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"reported_on": "2026-02-30"},
        {"reported_on": "yesterday"},
        {"reported_on": "2026-03-02"},
        {"reported_on": "1899-01-01"},
        {"member": "99999999"},
        {"member": "abc"},
        {"community": "x"},
        {"claimed_post": "99999999"},
        {"employer": "x" * 101},
    ],
)
def test_report_in_form_hostile_input(client, world, org_secretary, changes):
    client.force_login(org_secretary)
    data = {"member": world.member1.pk, "community": world.community.pk, "reported_on": "2026-02-01", **changes}
    response = client.post(reverse("inservice:create"), data)
    assert response.status_code == 200
    assert soup(response).select(".has-error, .form-errors")
    assert not ReportIn.objects.exists()


def test_a_member_out_of_scope_cannot_be_reported_in(client, world, org_secretary):
    client.force_login(org_secretary)
    data = {"member": world.member2.pk, "community": world.community.pk, "reported_on": "2026-02-01"}
    assert client.post(reverse("inservice:create"), data).status_code == 200
    assert client.get(reverse("inservice:create") + f"?member={world.member2.pk}").status_code == 404
    assert not ReportIn.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"served_on": "2026-02-01", "hours": "-1", "description": "x"},
        {"served_on": "2026-02-01", "hours": "0", "description": "x"},
        {"served_on": "2026-02-01", "hours": "24.5", "description": "x"},
        {"served_on": "2026-02-01", "hours": "1000", "description": "x"},
        {"served_on": "2026-02-01", "hours": "1.25", "description": "x"},
        {"served_on": "2026-02-01", "hours": "NaN", "description": "x"},
        {"served_on": "2026-02-01", "hours": "二", "description": "x"},
        {"served_on": "2026-02-30", "hours": "1", "description": "x"},
        {"served_on": "2026-13-01", "hours": "1", "description": "x"},
        {"served_on": "2026-03-02", "hours": "1", "description": "x"},
        {"served_on": "2025-02-28", "hours": "1", "description": "x"},
        {"served_on": "2026-02-01", "hours": "1", "description": ""},
        {"served_on": "2026-02-01", "hours": "1", "description": "x" * 301},
    ],
)
def test_service_log_hostile_input(client, world, secretary, data):
    report = reported(world.branch1, "安党员", world.community)
    client.force_login(secretary)
    response = client.post(reverse("inservice:log_create", args=[report.pk]), data)
    assert response.status_code == 200
    assert soup(response).select(".has-error, .form-errors")
    assert not ServiceLog.objects.exists()


def test_end_form_bad_dates(client, world, secretary):
    report = reported(world.branch1, "安党员", world.community)
    client.force_login(secretary)
    url = reverse("inservice:end", args=[report.pk])
    for bad in ("2025-02-28", "2026-03-02", "nonsense", ""):
        response = client.post(url, {"ended_on": bad})
        assert response.status_code == 200, bad
        assert soup(response).select(".has-error")
    assert client.post(url, {"ended_on": "2026-02-28", "reason": "调动"}).status_code == 302
    report.refresh_from_db()
    assert (report.active, report.ended_on) == (False, D(2026, 2, 28))


# --- scoping ---------------------------------------------------------------------------------------


def test_community_staff_see_who_reports_in_to_them(client, world, secretary, grid_worker, org_secretary):
    # A member of an organization outside the community (a tax office's branch) reports in to 甲.
    outside = node_insert(Organization(parent=None, kind=OrgKind.BRANCH, name="税务局党支部"))
    theirs = reported(outside, "外单位党员", world.community)
    elsewhere = reported(world.branch1, "赵二", world.other_community)
    client.force_login(secretary)
    assert client.get(reverse("inservice:detail", args=[theirs.pk])).status_code == 200
    names = [r[0] for r in list_rows(client.get(reverse("inservice:list")))]
    assert "外单位党员" in names
    client.force_login(grid_worker)
    assert client.get(reverse("inservice:detail", args=[theirs.pk])).status_code == 404
    # The member's own organization follows its member to another community.
    client.force_login(org_secretary)
    assert client.get(reverse("inservice:detail", args=[elsewhere.pk])).status_code == 200
    assert client.get(reverse("inservice:detail", args=[theirs.pk])).status_code == 404
    page = client.get(reverse("inservice:list"))
    assert [r[0] for r in list_rows(page)] == ["赵二"]
    # 乙社区 is shown in the figures, without a link to a page the secretary may not open.
    assert table(page, "#summary")[0][0] == "乙社区" and not soup(page).select("#summary a")
    assert client.post(reverse("inservice:end", args=[theirs.pk]), {"ended_on": "2026-02-01"}).status_code == 404
    for bad in ("999999", "0"):
        assert client.get(f"/inservice/{bad}/").status_code == 404


def test_list_hostile_parameters(client, world, secretary):
    reported(world.branch1, "安党员", world.community)
    client.force_login(secretary)
    url = reverse("inservice:list")
    for query in ("?year=abc", "?year=-1", "?year=99999999999999999999", "?node=x", "?page=zz", "?year=%00"):
        response = client.get(url + query)
        assert response.status_code == 200, query
        assert [r[0] for r in list_rows(response)] == ["安党员"]
    assert client.get(url + f"?node={world.other_community.pk}").status_code == 404
    assert client.get(url + "?node=99999999").status_code == 404


# --- needy members ---------------------------------------------------------------------------------


def test_needy_member_year_by_year(client, world, secretary):
    needy = world.member2
    helped(needy, D(2024, 2, 1), "visit", text="春节慰问")
    helped(needy, D(2024, 2, 1), "material", "300.00", "慰问金")
    helped(needy, D(2025, 1, 20), "visit")
    helped(needy, D(2025, 9, 1), "visit")
    helped(needy, D(2025, 10, 8), "post", text="小区保洁岗")
    helped(needy, D(2026, 1, 15), "material", "200.50", "米面油")
    client.force_login(secretary)
    page = client.get(reverse("inservice:needy_member", args=[needy.pk]))
    assert page.status_code == 200
    assert table(page, "#years") == [
        ["2026", "0", "0", "1", "¥200.50"],
        ["2025", "2", "1", "3", "¥0.00"],
        ["2024", "1", "0", "2", "¥300.00"],
    ]
    sections = soup(page).select("section.year")
    assert [s["id"] for s in sections] == ["year-2026", "year-2025", "year-2024"]
    assert "小区保洁岗" in sections[1].get_text()
    # The list of needy members for 2025.
    listing = client.get(reverse("inservice:needy_list") + "?year=2025")
    assert table(listing, "#needy") == [["钱党员", "第二网格党支部", "2", "3", "¥0.00"]]


def test_recording_help(client, world, secretary, grid_worker):
    url = reverse("inservice:help_create", args=[world.member2.pk])
    client.force_login(secretary)
    response = client.post(url, {"given_on": "2026-02-01", "kind": "material", "amount": "500", "given_by": "社区党委"})
    assert response.status_code == 302
    assert NeedyHelp.objects.get().amount == Decimal("500.00")
    for bad in (
        {"given_on": "2026-02-01", "kind": "material", "amount": "-5"},
        {"given_on": "2026-02-01", "kind": "material", "amount": ""},
        {"given_on": "2026-02-01", "kind": "material", "amount": "1e9"},
        {"given_on": "2026-02-01", "kind": "material", "amount": "1.234"},
        {"given_on": "2026-02-01", "kind": "visit", "amount": "50"},
        {"given_on": "2026-02-31", "kind": "visit"},
        {"given_on": "2026-03-02", "kind": "visit"},
        {"given_on": "2026-02-01", "kind": "cash"},
    ):
        response = client.post(url, bad)
        assert response.status_code == 200, bad
        assert soup(response).select(".has-error, .form-errors"), bad
    assert NeedyHelp.objects.count() == 1
    # A member not marked as needy gets no help record; a grid worker reads but does not write.
    assert (
        client.post(
            reverse("inservice:help_create", args=[world.member1.pk]), {"given_on": "2026-02-01", "kind": "visit"}
        ).status_code
        == 200
    )
    client.force_login(grid_worker)
    assert client.get(reverse("inservice:needy_member", args=[world.member2.pk])).status_code == 404
    assert client.post(url, {"given_on": "2026-02-01", "kind": "visit"}).status_code == 404
    assert NeedyHelp.objects.count() == 1


# --- fixed query counts ------------------------------------------------------------------------------


def grow(world, n: int, start: int) -> None:
    """n more members reporting in to each community, with service and needy help."""
    for i in range(start, start + n):
        mine = reported(world.branch1, f"甲{i}", world.community)
        served(mine, D(2026, 1, 5), "1")
        served(mine, D(2026, 1, 6), "2", confirmed=False)
        theirs = reported(world.branch2, f"乙{i}", world.other_community)
        served(theirs, D(2026, 2, 5), "3")
        theirs.member.is_needy = True
        theirs.member.save()
        helped(theirs.member, D(2026, 1, 5), "visit")
        helped(theirs.member, D(2025, 1, 5), "material", "10")


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "page",
    [
        lambda w: reverse("inservice:list"),
        lambda w: reverse("inservice:list") + f"?node={w.community.pk}&year=2026",
        lambda w: reverse("inservice:detail", args=[ReportIn.objects.order_by("pk").first().pk]),
        lambda w: reverse("inservice:create"),
        lambda w: reverse("inservice:needy_list"),
        lambda w: reverse("inservice:needy_member", args=[NeedyHelp.objects.order_by("pk").first().member_id]),
    ],
)
def test_query_counts_do_not_grow(client, world, admin_user, page):
    client.force_login(admin_user)
    grow(world, 3, 0)
    small = count(client, page(world))
    grow(world, 30, 3)
    assert count(client, page(world)) == small
