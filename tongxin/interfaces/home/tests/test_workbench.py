"""The workbench (工作台, issue 13): each role's work, most urgent first, each figure the same as
on the page its link opens, and a fixed number of queries whatever the size of the place."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import cast
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tongxin.grid.cases import services as case_services
from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent
from tongxin.partylife.dues.services import dues_base_set, dues_payment_record
from tongxin.partylife.meetings.models import Attendance, Meeting
from tongxin.platform.access.scope import Scope
from tongxin.platform.core.tree_ops import node_insert
from tongxin.platform.web import workbench
from tongxin.platform.web.workbench import Item, Source, Urgency
from tongxin.registry.areas.models import Area, Household, Level

SHANGHAI = ZoneInfo("Asia/Shanghai")
D = Decimal


def _page(client, url=None):
    response = client.get(url or reverse("home"))
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def _items(page):
    """{key: shown count} of the items waiting, in the order shown."""
    return {li["data-item"]: li.select_one(".wb-count").get_text(strip=True) for li in page.select("li.wb-item")}


def _clear(page):
    return [a["data-item"] for a in page.select(".wb-clear-list a")]


def _link(page, key):
    return page.select_one(f'[data-item="{key}"] a.wb-item-head')["href"]


def _result_count(client, url):
    return re.sub(r"\D", "", _page(client, url).select_one(".result-count").get_text())


@pytest.fixture
def leak():
    return CaseCategory.objects.create(code="t_leak", name_zh="漏水", name_en="Leak")


def _case(actor, category, area, *, state=None, days_ago=0, card=None):
    at = timezone.now() - datetime.timedelta(days=days_ago)
    case = case_services.case_report(actor=actor, category=category, description="漏水", area=area, at=at)
    if state:
        Case.objects.filter(pk=case.pk).update(state=state)
    if card:
        CaseEvent.objects.create(case=case, kind=card, at=timezone.now())
    return case


def test_secretary_sees_overdue_carded_and_waiting_cases_with_the_counts_of_their_pages(
    client, world, secretary, grid_worker, leak
):
    # Hand-made: 2 overdue (one with a red card), 1 on time with a yellow card, 1 new.
    _case(grid_worker, leak, world.building1, state="accepted", days_ago=60, card=CaseEvent.Kind.RED_CARD)
    _case(grid_worker, leak, world.building1, state="in_progress", days_ago=60)
    _case(grid_worker, leak, world.building1, state="accepted", card=CaseEvent.Kind.YELLOW_CARD)
    _case(grid_worker, leak, world.building1)
    Case.objects.update(level=Case.Level.COMMUNITY)
    client.force_login(secretary)
    page = _page(client)
    items = _items(page)
    assert items["cases.overdue"] == "2"
    assert items["cases.carded"] == "2"
    assert items["cases.to_accept"] == "1"  # the new one, at the community's rung
    assert items["cases.to_assign"] == "2"  # accepted, not yet assigned
    # Urgent first: overdue and carded before what is only waiting.
    keys = list(items)
    assert keys.index("cases.overdue") < keys.index("cases.to_accept")
    assert keys.index("cases.carded") < keys.index("cases.to_assign")
    # Each figure opens the list of exactly those rows.
    for key in ("cases.overdue", "cases.carded", "cases.to_accept", "cases.to_assign"):
        assert _result_count(client, _link(page, key)) == items[key], key
    # The overdue rows name what and where, and say "overdue" in words, not colour alone.
    rows = page.select('[data-item="cases.overdue"] .wb-row')
    assert len(rows) == 2
    assert "漏水 · 第一网格 · 1号楼" in rows[0].get_text(" ", strip=True)
    assert rows[0].select_one(".wb-badge").get_text(strip=True).startswith("已超时")
    # Nothing to verify: listed as done, still one tap from its page.
    assert "cases.to_verify" in _clear(page)


def test_grid_worker_sees_the_grids_cases_by_deadline_and_a_large_report_button(client, world, grid_worker, leak):
    late = _case(grid_worker, leak, world.building1, state="accepted", days_ago=60, card=CaseEvent.Kind.YELLOW_CARD)
    fresh = _case(grid_worker, leak, world.building1, state="accepted")
    _case(None, leak, world.grid2, state="accepted")  # the neighbour's grid: not ours
    client.force_login(grid_worker)
    page = _page(client)
    button = page.select_one('a.wb-action[data-action="cases.report"]')
    assert button["href"] == reverse("cases:report")
    assert "btn-primary" in button["class"]
    items = _items(page)
    assert items["cases.ours"] == "2"
    rows = page.select('[data-item="cases.ours"] .wb-row a')
    # The nearest deadline first; each row opens its case.
    assert [a["href"] for a in rows] == [
        reverse("cases:detail", args=[late.pk]),
        reverse("cases:detail", args=[fresh.pk]),
    ]
    assert "1" in rows[0].select_one(".wb-badge").get_text()  # one card, said in words
    assert _result_count(client, _link(page, "cases.ours")) == "2"
    # Households due a visit: the two of the grid never visited… the world has one lived in.
    assert items["visits.due"] == _result_count(client, _link(page, "visits.due")) == "1"
    assert page.select_one('[data-item="visits.due"] .wb-row a')["href"] == reverse(
        "visits:record", args=[world.household1.pk]
    )


def test_building_leader_sees_the_buildings_open_cases_and_residents_to_visit(
    client, world, building_leader, grid_worker, leak
):
    _case(grid_worker, leak, world.building1, state="accepted")
    _case(None, leak, world.building2, state="accepted")  # another building
    other = cast(Area, node_insert(Area(parent=world.grid1, level=Level.BUILDING, name="3号楼")))
    Household.objects.create(area=other, grid=world.grid1, number="301")
    client.force_login(building_leader)
    page = _page(client)
    items = _items(page)
    assert items["cases.building"] == _result_count(client, _link(page, "cases.building")) == "1"
    assert items["visits.due"] == "1"  # 1号楼 101 only: 3号楼 is not theirs
    assert page.select_one('a.wb-action[data-action="cases.report"]') is not None


def test_tiles_that_make_no_sense_for_the_role_are_gone(client, world, org_secretary, building_leader, secretary):
    def tiles(user):
        client.force_login(user)
        return {a["href"].split("?")[0] for a in _page(client).select("a.card.figure")}

    branch = tiles(org_secretary)
    assert reverse("areas:tree") not in branch
    assert reverse("households:list") not in branch
    assert reverse("residents:list") not in branch
    assert reverse("members:list") in branch
    assert reverse("areas:tree") not in tiles(building_leader)
    assert reverse("areas:tree") in tiles(secretary)


def test_branch_secretary_sees_meetings_due_members_in_arrears_and_steps_due(client, world, org_secretary):
    with time_machine.travel(datetime.datetime(2025, 5, 20, 10, 0, tzinfo=SHANGHAI), tick=False):
        member = world.member1
        member.joined_on = datetime.date(2024, 1, 5)
        member.save()
        dues_base_set(actor=org_secretary, member=member, month=202501, kind="employed", monthly_income=D("4500.00"))
        dues_payment_record(
            actor=org_secretary, member=member, month=202501, amount=D("45.00"), paid_on=datetime.date(2025, 1, 2)
        )
        client.force_login(org_secretary)
        page = _page(client)
        items = _items(page)
        # 赵党员 owes February to May: one member behind, as /dues/ counts them.
        assert items["dues.owing"] == "1"
        dues = _page(client, _link(page, "dues.owing"))
        assert dues.select_one("tfoot td:nth-of-type(5)").get_text(strip=True) == "1"
        # Meetings due this period: the same number the compliance page states.
        compliance = _page(client, _link(page, "meetings.due"))
        stated = compliance.select_one('[data-figure="meetings.due"]').get_text()
        assert re.sub(r"\D", "", stated) == items["meetings.due"]


def test_party_member_sees_dues_owed_and_minutes_to_read_as_on_me(client, world, party_member, org_secretary):
    with time_machine.travel(datetime.datetime(2025, 3, 15, 10, 0, tzinfo=SHANGHAI), tick=False):
        member = world.member1
        member.joined_on = datetime.date(2025, 1, 5)
        member.save()
        dues_base_set(actor=org_secretary, member=member, month=202501, kind="employed", monthly_income=D("4500.00"))
        for day in (10, 20):
            meeting = Meeting.objects.create(
                org=world.branch1, kind="committee", starts_at=datetime.datetime(2025, 2, day, 9, tzinfo=SHANGHAI)
            )
            Attendance.objects.create(meeting=meeting, member=member, status="present")
        Attendance.objects.filter(meeting__starts_at__day=10).update(read_at=timezone.now())
        client.force_login(party_member)
        page = _page(client)
        items = _items(page)
        me = _page(client, reverse("me"))
    # January to March unpaid: 3 × ¥45.00.
    assert items["dues.mine"] == "¥135.00"
    assert (
        me.select_one(f'a.card.figure[href="{reverse("dues:member", args=[member.pk])}"] .value').get_text(strip=True)
        == "¥135.00"
    )
    assert items["meetings.unread"] == "1"
    unread_card = me.select(f'a.card.figure[href="{reverse("meetings:mine")}"] .value')[1].get_text(strip=True)
    assert unread_card == "1"
    with time_machine.travel(datetime.datetime(2025, 3, 15, 10, 0, tzinfo=SHANGHAI), tick=False):
        assert _result_count(client, _link(page, "meetings.unread")) == "1"
    # A member's home has no office tiles, and no 上报 button.
    assert page.select("a.card.figure") == []
    assert page.select("a.wb-action") == []


def test_unit_contact_sees_the_cases_handed_to_the_unit(client, world, unit_contact, secretary, leak):
    from django.contrib.contenttypes.models import ContentType

    from tongxin.grid.cases.models import CaseHandover

    case = _case(secretary, leak, world.building1, state="accepted")
    now = timezone.now()
    CaseHandover.objects.create(
        case=case,
        kind="unit",
        target_type=ContentType.objects.get_for_model(world.unit),
        target_id=world.unit.pk,
        target_name=world.unit.name,
        sent_at=now,
        send_back_due=now,
    )
    client.force_login(unit_contact)
    page = _page(client)
    assert _items(page)["cases.handed_to_us"] == "1"
    assert page.select_one('[data-item="cases.handed_to_us"] .wb-row a')["href"] == reverse(
        "cases:detail", args=[case.pk]
    )


def test_someone_without_a_role_is_told_why_nothing_is_here(client, world, outsider):
    client.force_login(outsider)
    page = _page(client)
    assert page.select("li.wb-item") == []
    assert page.select_one(".wb-empty a")["href"] == reverse("me")


# The registry -------------------------------------------------------------------------------


@pytest.fixture
def extra_source():
    """A capability the home page has never heard of (a future 协商议事 app)."""
    calls = []

    def items(user, scope, when):
        calls.append(user)
        return [Item(key="council.topics", label="议题待协商", count=3, url="/", urgency=Urgency.OVERDUE, order=0)]

    workbench.register(Source(code="council", applies=lambda scope: "community" in scope.roles, items=items, queries=0))
    yield calls
    workbench.SOURCES.pop("council")


def test_a_new_capability_adds_its_items_without_the_home_page_knowing_it(
    client, world, secretary, grid_worker, extra_source
):
    client.force_login(secretary)
    items = _items(_page(client))
    assert items["council.topics"] == "3"
    assert list(items)[0] == "council.topics"  # urgent comes first
    client.force_login(grid_worker)
    assert "council.topics" not in _items(_page(client))
    # Not applicable: never asked, so it cost the grid worker nothing.
    assert len(extra_source) == 1


def test_items_sort_by_urgency_and_empty_ones_count_as_done():
    items = workbench.sort_items(
        [
            Item(key="b", label="b", count=2, url="/", urgency=Urgency.NORMAL),
            Item(key="a", label="a", count=0, url="/", urgency=Urgency.OVERDUE),
            Item(key="c", label="c", count=1, url="/", urgency=Urgency.SOON),
            Item(key="d", label="d", count=1, url="/", urgency=Urgency.OVERDUE),
        ]
    )
    assert [(i.key, i.urgency) for i in items] == [
        ("d", Urgency.OVERDUE),
        ("c", Urgency.SOON),
        ("b", Urgency.NORMAL),
        ("a", Urgency.CLEAR),
    ]


def test_a_source_that_does_not_apply_is_not_called():
    scope = Scope(user_id=1, roles={"party_member"})
    applies = [s.code for s in workbench.all_sources() if s.applies(scope)]
    assert "cases" not in applies and "meetings" not in applies
    assert "dues.mine" in applies and "meetings.mine" in applies


# Fixed query count ----------------------------------------------------------------------------


def _grow(world, actor, category, n):
    for i in range(n):
        building = cast(Area, node_insert(Area(parent=world.grid1, level=Level.BUILDING, name=f"扩楼{n}-{i}")))
        Household.objects.create(area=building, grid=world.grid1, number=f"{n}{i}")
        _case(actor, category, building, state="accepted", days_ago=60 if i % 2 else 0, card=CaseEvent.Kind.RED_CARD)
        _case(actor, category, building)


class _Counted(int):
    """A query count that shows its statements when two counts differ."""

    sql: list[str]

    def __repr__(self) -> str:
        return f"{int(self)} queries:\n" + "\n".join(self.sql)


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    counted = _Counted(len(ctx.captured_queries))
    counted.sql = [q["sql"][:200] for q in ctx.captured_queries]
    return counted


@pytest.mark.parametrize(
    "persona",
    ["admin_user", "street_officer", "secretary", "grid_worker", "building_leader", "org_secretary", "party_member"],
    indirect=True,
)
def test_the_workbench_costs_the_same_queries_at_two_sizes(client, world, persona, grid_worker, leak):
    client.force_login(persona)
    _grow(world, grid_worker, leak, 2)
    # Once before counting: in a full run the first page of a test has once cost ~29 more
    # statements (at both sizes alike; what a process sets up once is not what rows cost).
    _queries(client)
    small = _queries(client)
    _grow(world, grid_worker, leak, 12)
    large = _queries(client)
    assert small == large, f"{persona}: {small!r}\n--- with many rows: {large!r}"
