"""Cases no one has placed yet (位置待核实): they wait at an office, a person there places them.

An Open311 request located by an address text alone (or by a point no grid of the office holds)
becomes a case with no grid whose area is the office. Everything that reads cases must still
work with it — the queue, the case page, the deadlines, the map, the figures, duplicates, the
API — and `case_place` puts it in a grid, from where it goes on as any case.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.grid.cases import services
from tongxin.grid.cases.deadlines import run_deadlines
from tongxin.grid.cases.duplicates import possible_duplicates
from tongxin.grid.cases.exceptions import CaseChanged
from tongxin.grid.cases.figures import case_figures
from tongxin.grid.cases.mapping import grid_rows, map_geojson
from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent
from tongxin.grid.cases.notices import handlers_of
from tongxin.grid.cases.queries import cases_visible_to, queue
from tongxin.grid.cases.workflow import State
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.models import AuditEvent
from tongxin.platform.inbox.models import Notification

SH = ZoneInfo("Asia/Shanghai")
ADDRESS = "甲社区东门外菜市场北侧"


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=SH)


@pytest.fixture
def category(db):
    # 4 working hours to accept, 2 working days to resolve; a grid worker's kind of case.
    return CaseCategory.objects.create(
        code="t_leak", name_zh="屋顶漏水", accept_limit=4, accept_unit="hours", resolve_limit=2, resolve_unit="days"
    )


def unplaced(world, category, *, office=None, address=ADDRESS, when=None) -> Case:
    return services.case_report(
        actor=None,
        category=category,
        description="路口井盖松动",
        area=office or world.community,
        source=Case.Source.OPEN311,
        reporter_name="12345热线",
        address=address,
        unplaced=True,
        at=when,
    )


# --- reporting ------------------------------------------------------------------------------


def test_an_unplaced_case_waits_at_the_office_with_its_deadlines_running(world, category):
    case = unplaced(world, category, when=at(16, 9))
    assert (case.grid, case.area, case.level, case.address) == (None, world.community, "community", ADDRESS)
    # Monday 09:00 → accept by 13:00, resolve by Wednesday 17:30: the clock runs from the report.
    assert (case.accept_due, case.resolve_due) == (at(16, 13), at(18, 17, 30))


def test_only_an_office_can_hold_an_unplaced_case(world, category):
    for place in (world.grid1, world.building1, world.district):
        with pytest.raises(DomainError):
            unplaced(world, category, office=place)
    with pytest.raises(DomainError):
        unplaced(world, category, address="")  # neither an address nor a point
    assert not Case.objects.exists()


def test_a_reporter_may_only_leave_one_at_an_office_they_see(world, category, grid_worker, secretary):
    with pytest.raises(Forbidden):
        services.case_report(
            actor=grid_worker, category=category, description="x", area=world.community, address="x", unplaced=True
        )
    case = services.case_report(
        actor=secretary, category=category, description="x", area=world.community, address="东门", unplaced=True
    )
    assert case.is_unplaced and case.reporter == secretary


# --- placing -------------------------------------------------------------------------------


def test_the_secretary_places_it_and_it_goes_on_as_any_case(world, category, secretary, grid_worker):
    case = unplaced(world, category)
    placed = services.case_place(case=case, actor=secretary, area=world.building1, comment="电话核实")
    assert (placed.area, placed.grid, placed.level, placed.version) == (world.building1, world.grid1, "grid", 2)
    assert placed.address == ADDRESS and placed.state == State.REPORTED
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.PLACED)
    assert (event.actor, event.text) == (secretary, "第一网格 · 1号楼\n电话核实")
    audit = AuditEvent.objects.get(object_type="cases.case", object_id=str(case.pk), action="update")
    assert (audit.actor, audit.changes["grid"]) == (secretary, [None, world.grid1.pk])
    # The grid's worker sees it now, is told, and takes it through the workflow.
    assert placed in cases_visible_to(grid_worker)
    assert Notification.objects.filter(recipient=grid_worker, case_id=case.pk).exists()
    services.case_transition(case=placed, to_state=State.ACCEPTED, actor=grid_worker)


def test_placing_in_a_grid_keeps_the_grid_as_its_place(world, category, street_officer):
    case = services.case_place(case=unplaced(world, category), actor=street_officer, area=world.grid2)
    assert (case.area, case.grid) == (world.grid2, world.grid2)


def test_a_place_outside_the_office_or_no_grid_at_all_is_refused(world, category, admin_user):
    case = unplaced(world, category)
    for wrong in (world.other_grid, world.community, world.subdistrict):
        with pytest.raises(DomainError) as info:
            services.case_place(case=case, actor=admin_user, area=wrong)
        assert not isinstance(info.value, Forbidden)
    case.refresh_from_db()
    assert case.is_unplaced and not CaseEvent.objects.exists()


def test_a_case_is_placed_once_and_a_stale_view_is_told(world, category, secretary, street_officer):
    case = unplaced(world, category)
    stale = Case.objects.get(pk=case.pk)
    services.case_place(case=case, actor=secretary, area=world.building1)
    with pytest.raises(DomainError):
        services.case_place(case=Case.objects.get(pk=case.pk), actor=secretary, area=world.grid2)
    with pytest.raises(CaseChanged):
        services.case_place(case=stale, actor=street_officer, area=world.grid2)
    assert Case.objects.get(pk=case.pk).grid == world.grid1


def test_a_closed_or_rejected_case_is_not_placed(world, category, secretary):
    case = unplaced(world, category)
    case = services.case_transition(case=case, to_state=State.REJECTED, actor=secretary, comment="重复")
    with pytest.raises(DomainError):
        services.case_place(case=case, actor=secretary, area=world.building1)
    assert not services.may_place(secretary, case)


def test_an_escalated_case_keeps_its_rung_when_placed(world, category, street_officer):
    case = unplaced(world, category, when=at(16, 9))
    run_deadlines(at=at(23, 9))  # long overdue: up to the subdistrict
    case.refresh_from_db()
    assert case.level == "subdistrict"
    placed = services.case_place(case=case, actor=street_officer, area=world.building1)
    assert placed.level == "subdistrict"


def test_the_deadline_job_warns_the_office_while_it_waits(world, category, secretary, grid_worker):
    case = unplaced(world, category, when=at(16, 9))
    assert handlers_of(case) == [secretary]
    run_deadlines(at=at(16, 14))  # acceptance missed: overdue and a yellow card
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {"accept_overdue", "yellow_card"} <= kinds
    assert Notification.objects.filter(recipient=secretary, case_id=case.pk, kind="overdue").exists()
    assert not Notification.objects.filter(recipient=grid_worker, case_id=case.pk).exists()


# --- pages ---------------------------------------------------------------------------------


def test_the_case_page_offers_the_place_action_to_the_office(world, category, secretary, client):
    case = unplaced(world, category)
    client.force_login(secretary)
    page = soup(client.get(reverse("cases:detail", args=[case.pk])), status=200)
    assert "位置待核实" in page.select_one(".case-flags").text
    form = page.select_one(f"form[action='{reverse('cases:place', args=[case.pk])}']")
    options = {o.text for o in form.select("select[name=area] option") if o["value"]}
    assert options == {"第一网格", "1号楼", "第二网格", "2号楼"}  # the office's grids, not 乙's
    assert form.select_one("button").text.strip() == "定位"
    assert ADDRESS in page.text
    response = client.post(
        reverse("cases:place", args=[case.pk]), {"area": world.building2.pk, "version": case.version, "comment": ""}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.area, case.grid) == (world.building2, world.grid2)
    page = soup(client.get(reverse("cases:detail", args=[case.pk])), status=200)
    assert not page.select(f"form[action='{reverse('cases:place', args=[case.pk])}']")
    timeline = page.select_one(".timeline-placed")
    assert "t_secretary" in timeline.text and "第二网格 · 2号楼" in timeline.text


def test_the_place_action_refuses_a_forged_place_and_a_stale_form(world, category, secretary, client):
    case = unplaced(world, category)
    client.force_login(secretary)
    url = reverse("cases:place", args=[case.pk])
    for data in (
        {"area": world.other_grid.pk, "version": 1},  # outside the secretary's scope
        {"area": world.community.pk, "version": 1},  # not a grid
        {"area": "x", "version": 1},
        {"area": world.grid1.pk, "version": 7},
        {},
    ):
        assert client.post(url, data).status_code == 302
    case.refresh_from_db()
    assert case.is_unplaced


def test_a_placed_case_offers_no_place_action(world, category, grid_worker, secretary, client):
    case = services.case_report(actor=grid_worker, category=category, description="x", area=world.building1)
    client.force_login(secretary)
    page = soup(client.get(reverse("cases:detail", args=[case.pk])), status=200)
    assert not page.select(f"form[action='{reverse('cases:place', args=[case.pk])}']")
    assert not page.select(".status-unplaced")


def test_a_grid_worker_neither_sees_nor_places_it(world, category, grid_worker, client):
    case = unplaced(world, category)
    client.force_login(grid_worker)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    url = reverse("cases:place", args=[case.pk])
    assert client.post(url, {"area": world.grid1.pk, "version": 1}).status_code == 404
    assert not queue(grid_worker, "all").filter(pk=case.pk).exists()


@pytest.mark.parametrize("name", ["ours", "open", "overdue", "all"])
def test_unplaced_rows_cost_no_more_queries_in_the_queue(world, category, grid_worker, secretary, client, name):
    client.force_login(secretary)

    def count(params: dict[str, str]) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("cases:list"), {"queue": name, **params}).status_code == 200
        return len(ctx.captured_queries)

    services.case_report(actor=grid_worker, category=category, description="a", area=world.building1)
    unplaced(world, category)
    small, small_filtered = count({}), count({"unplaced": "on"})
    for i in range(10):
        services.case_report(actor=grid_worker, category=category, description=f"b{i}", area=world.building1)
        unplaced(world, category, address=f"东门{i}号")
    assert (count({}), count({"unplaced": "on"})) == (small, small_filtered)
    # Filtered, the page counts its rows once (unfiltered, the tab's count serves): one query more.
    assert small_filtered == small + 1


def test_map_figures_duplicates_and_api_read_it_without_a_grid(world, category, secretary, client):
    case = unplaced(world, category, when=at(16, 9))
    twin = unplaced(world, category, when=at(16, 10))
    unplaced(world, category, address="别处", when=at(16, 11))
    # The map counts cases per grid: an unplaced one is in none (and makes no row without a grid).
    rows = grid_rows(secretary)
    assert all(row.pk is not None for row in rows) and sum(row.open for row in rows) == 0
    assert map_geojson(secretary)["type"] == "FeatureCollection"
    # The figures count it in the office's total.
    figures = case_figures(
        secretary, node=world.community, start=datetime.date(2026, 11, 1), end=datetime.date(2026, 11, 30),
        group_level="grid",
    )  # fmt: skip
    assert figures[-1].received == 3 and sum(row.received for row in figures[:-1]) == 0
    # The same address at the same office is the same place; another address is not.
    assert [d.case for d in possible_duplicates(case, secretary) if d.same_place] == [twin]
    client.force_login(secretary)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    item = next(c for c in client.get("/api/v1/cases").json()["items"] if c["id"] == case.pk)
    assert (item["grid"], item["area"], item["address"]) == (None, world.community.pk, ADDRESS)


def test_the_secretarys_workbench_names_an_unplaced_case_by_its_office(client, world, category, secretary):
    # Long overdue, so the workbench lists it as a row (not only counts it).
    unplaced(world, category, when=at(2, 9))
    client.force_login(secretary)
    page = soup(client.get(reverse("home")).content)
    rows = [r.get_text(" ", strip=True) for r in page.select(".wb-row")]
    assert any("甲社区 · 位置待核实" in r for r in rows), [r for r in rows if "漏水" in r or "社区" in r]
