"""Case figures against a hand-made April 2026: every expected number is worked out by hand below.

The cases (hours are counted from the report; accept limit 24 h unless said otherwise):

grid 1 (甲社区)
  A0  03-31 23:30  out of the period (the day before in Shanghai), closed, red card
  A1  04-01 00:30  accepted +2, resolved +20 (due +120), closed +30, stayed in the grid, satisfied
  A2  04-06 09:00  accepted +30 (late), resolved +100 (due +120), closed +110, grid, not satisfied, yellow card
  A3  04-10 08:00  accepted +24 (exactly at the limit), resolved +8 (due +4: late), closed +10,
                   escalated to the community, not rated
  A4  04-30 23:00  accepted +1, still open (15:00 UTC: in April in Shanghai as in UTC)
grid 2 (甲社区)
  B1  04-02 10:00  accepted +3, resolved +48 (exactly at the due +48), sent back +50, resolved again +60
                   (late, but the first resolution counts), closed +70, grid, basically satisfied
  B2  04-15 14:00  rejected +5, never accepted
  B3  04-20 09:00  accepted +20, resolved +200 (due +120), closed +220, community, satisfied,
                   yellow and red card
  B0  05-01 00:10  out of the period (still April 30 in UTC), closed, yellow card
乙 grid (乙社区)
  C1  04-05 08:00  accepted +1, resolved +5, closed +6, grid, not satisfied
  C2  04-25 08:00  never accepted, yellow card

Hours to close: grid 1 [10, 30, 110], grid 2 [70, 220], 乙 [6]. percentile_cont at p·(n−1):
grid 1 median 30, p90 30 + 0.8·80 = 94; grid 2 median 145, p90 70 + 0.9·150 = 205;
甲 [10, 30, 70, 110, 220] median 70, p90 110 + 0.6·110 = 176;
all [6, 10, 30, 70, 110, 220] median 50, p90 110 + 0.5·110 = 165.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.grid.cases.figures import FigureRow, case_figures
from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent, CaseTransition
from tongxin.grid.cases.workflow import State
from tongxin.platform.calendar import SHANGHAI

APRIL = {"start": date(2026, 4, 1), "end": date(2026, 4, 30)}
H = timedelta(hours=1)

# name, received, closed, response, on time, median h, p90 h, satisfaction, within grid, yellow, red
GRID1 = ("第一网格", 4, 3, "75.0", "66.7", "30.0", "94.0", "50.0", "66.7", 1, 0)
GRID2 = ("第二网格", 3, 2, "66.7", "50.0", "145.0", "205.0", "100.0", "50.0", 1, 1)
OTHER = ("乙第一网格", 2, 1, "50.0", "100.0", "6.0", "6.0", "0.0", "100.0", 1, 0)
JIA = ("甲社区", 7, 5, "71.4", "60.0", "70.0", "176.0", "75.0", "60.0", 2, 1)
YI = ("乙社区", *OTHER[1:])
TOTAL = ("Total", 9, 6, "66.7", "66.7", "50.0", "165.0", "60.0", "66.7", 3, 1)


def figures(row: FigureRow) -> tuple[Any, ...]:
    def text(value: Any) -> str | None:
        return None if value is None else str(value)

    return (
        row.node.name if row.node else "Total",
        row.received,
        row.closed,
        text(row.response_rate),
        text(row.on_time_rate),
        text(row.median_hours),
        text(row.p90_hours),
        text(row.satisfaction_rate),
        text(row.within_grid_rate),
        row.yellow_cards,
        row.red_cards,
    )


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def category(db: Any) -> CaseCategory:
    return CaseCategory.objects.create(code="t_figures", name_zh="测试")


class Maker:
    def __init__(self, category: CaseCategory) -> None:
        self.category = category
        self.n = 0

    def __call__(
        self,
        grid: Any,
        reported: datetime,
        *,
        state: str,
        steps: tuple[tuple[str, float], ...] = (),
        accept_h: float = 24,
        resolve_h: float = 120,
        level: str = Case.Level.GRID,
        rating: str = "",
        cards: tuple[str, ...] = (),
        area: Any = None,
    ) -> Case:
        self.n += 1
        closed = [h for to, h in steps if to == State.CLOSED]
        case = Case.objects.create(
            tracking_code=f"F{self.n:07d}",
            category=self.category,
            description="测试",
            area=area or grid,
            grid=grid,
            reported_at=reported,
            accept_due=reported + accept_h * H,
            resolve_due=reported + resolve_h * H,
            state=state,
            level=level,
            closed_at=reported + closed[-1] * H if closed and state == State.CLOSED else None,
            rating=rating,
        )
        previous = State.REPORTED
        CaseTransition.objects.create(case=case, from_state="", to_state=State.REPORTED, at=reported)
        for to, hours in steps:
            CaseTransition.objects.create(case=case, from_state=previous, to_state=to, at=reported + hours * H)
            previous = to
        for i, kind in enumerate(cards):
            CaseEvent.objects.create(case=case, kind=kind, key=f"k{i}", at=reported + (24 + i) * H)
        return case


def closed_path(accepted: float, resolved: float, closed: float) -> tuple[tuple[str, float], ...]:
    return (
        (State.ACCEPTED, accepted),
        (State.ASSIGNED, accepted),
        (State.IN_PROGRESS, accepted),
        (State.RESOLVED, resolved),
        (State.VERIFIED, closed),
        (State.CLOSED, closed),
    )


YELLOW, RED = CaseEvent.Kind.YELLOW_CARD, CaseEvent.Kind.RED_CARD


@pytest.fixture
def april(world: Any, category: CaseCategory) -> Maker:
    make = Maker(category)
    g1, g2, og = world.grid1, world.grid2, world.other_grid
    closed = State.CLOSED
    make(g1, at(3, 31, 23, 30), state=closed, steps=closed_path(1, 2, 3), rating="satisfied", cards=(RED,))
    make(g1, at(4, 1, 0, 30), state=closed, steps=closed_path(2, 20, 30), rating="satisfied", area=world.building1)
    make(g1, at(4, 6, 9), state=closed, steps=closed_path(30, 100, 110), rating="unsatisfied", cards=(YELLOW,))
    make(g1, at(4, 10, 8), state=closed, steps=closed_path(24, 8, 10), resolve_h=4, level=Case.Level.COMMUNITY)
    make(g1, at(4, 30, 23), state=State.ACCEPTED, steps=((State.ACCEPTED, 1),))
    b1 = (
        *closed_path(3, 48, 70)[:4],
        (State.IN_PROGRESS, 50),
        (State.RESOLVED, 60),
        (State.VERIFIED, 65),
        (State.CLOSED, 70),
    )
    make(g2, at(4, 2, 10), state=closed, steps=b1, resolve_h=48, rating="fair", area=world.building2)
    make(g2, at(4, 15, 14), state=State.REJECTED, steps=((State.REJECTED, 5),))
    make(
        g2,
        at(4, 20, 9),
        state=closed,
        steps=closed_path(20, 200, 220),
        level=Case.Level.COMMUNITY,
        rating="satisfied",
        cards=(YELLOW, RED),
    )
    make(g2, at(5, 1, 0, 10), state=closed, steps=closed_path(0.5, 0.75, 1), rating="fair", cards=(YELLOW,))
    make(og, at(4, 5, 8), state=closed, steps=closed_path(1, 5, 6), rating="unsatisfied")
    make(og, at(4, 25, 8), state=State.REPORTED, cards=(YELLOW,))
    return make


def test_per_grid_for_the_subdistrict(world, april, street_officer):
    rows = case_figures(street_officer, node=world.subdistrict, group_level="grid", **APRIL)
    assert [figures(r) for r in rows] == [GRID1, GRID2, OTHER, TOTAL]


def test_per_community_and_per_subdistrict(world, april, street_officer, admin_user):
    rows = case_figures(street_officer, node=world.subdistrict, group_level="community", **APRIL)
    assert [figures(r) for r in rows] == [JIA, YI, TOTAL]
    rows = case_figures(admin_user, node=world.district, group_level="subdistrict", **APRIL)
    assert [figures(r) for r in rows] == [("湖东街道", *TOTAL[1:]), TOTAL]


def test_a_node_at_the_group_level_is_its_own_row(world, april, secretary):
    rows = case_figures(secretary, node=world.community, group_level="community", **APRIL)
    assert [figures(r) for r in rows] == [JIA, ("Total", *JIA[1:])]


def test_the_period_is_counted_in_shanghai_dates(world, april, street_officer):
    # Only B0 (00:10 on May 1 in Shanghai, still April 30 in UTC) falls on May 1.
    rows = case_figures(
        street_officer, node=world.subdistrict, group_level="grid", start=date(2026, 5, 1), end=date(2026, 5, 1)
    )
    total = rows[-1]
    assert (total.received, total.closed, total.yellow_cards, total.satisfaction_rate) == (1, 1, 1, 100)
    assert str(total.median_hours) == "1.0"
    # Only A0 (23:30 on March 31 in Shanghai) on March 31.
    rows = case_figures(
        street_officer, node=world.subdistrict, group_level="grid", start=date(2026, 3, 31), end=date(2026, 3, 31)
    )
    assert [(r.node.name if r.node else "", r.received, r.red_cards) for r in rows] == [
        ("第一网格", 1, 1),
        ("第二网格", 0, 0),
        ("乙第一网格", 0, 0),
        ("", 1, 1),
    ]


def test_an_empty_period_has_zeros_and_no_rates(world, april, secretary):
    rows = case_figures(
        secretary, node=world.community, group_level="grid", start=date(2025, 1, 1), end=date(2025, 1, 31)
    )
    empty = (0, 0, None, None, None, None, None, None, 0, 0)
    assert [figures(r) for r in rows] == [("第一网格", *empty), ("第二网格", *empty), ("Total", *empty)]


def test_a_grid_worker_sees_only_their_grid(world, april, grid_worker, neighbour_grid_worker):
    rows = case_figures(grid_worker, node=world.grid1, group_level="grid", **APRIL)
    assert [figures(r) for r in rows] == [GRID1, ("Total", *GRID1[1:])]
    rows = case_figures(neighbour_grid_worker, node=world.grid2, group_level="grid", **APRIL)
    assert [figures(r) for r in rows] == [GRID2, ("Total", *GRID2[1:])]
    for node in (world.community, world.subdistrict, world.grid1):
        with pytest.raises(Http404):
            case_figures(neighbour_grid_worker, node=node, group_level="grid", **APRIL)


def test_a_secretary_sees_the_grids_of_their_community_only(world, april, secretary):
    rows = case_figures(secretary, node=world.community, group_level="grid", **APRIL)
    assert [figures(r) for r in rows] == [GRID1, GRID2, ("Total", *JIA[1:])]
    with pytest.raises(Http404):
        case_figures(secretary, node=world.subdistrict, group_level="grid", **APRIL)
    with pytest.raises(Http404):
        case_figures(secretary, node=world.other_grid, group_level="grid", **APRIL)


def test_unknown_group_level_is_refused(world, secretary):
    with pytest.raises(ValueError, match="unknown group level 'building'"):
        case_figures(secretary, node=world.community, group_level="building", **APRIL)


def test_the_same_number_of_queries_at_two_sizes(world, april, street_officer):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            case_figures(street_officer, node=world.subdistrict, group_level="grid", **APRIL)
        return len(ctx.captured_queries)

    count()  # the user's scope is built once, then cached on the user
    small = count()
    for i in range(30):
        grid = (world.grid1, world.grid2, world.other_grid)[i % 3]
        april(grid, at(4, 1 + i % 28, 9), state=State.CLOSED, steps=closed_path(1, 2 + i, 3 + i), cards=(YELLOW, RED))
    assert count() == small
    # One grouped query, one total, and on SQLite the two percentile queries; plus the nodes.
    assert small <= 5


def test_page_shows_the_figures_with_links_to_the_queue(world, april, street_officer, client):
    client.force_login(street_officer)
    url = reverse("cases:figures")
    params = {"node": world.subdistrict.pk, "start": "2026-04-01", "end": "2026-04-30", "level": "grid"}
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = soup(response)
    table = html.select_one("table.figures-table")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers[:4] == ["Place", "Received", "Closed", "Response rate"]
    body = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert body[0] == ["第一网格 甲社区", "4", "3", "75.0%", "66.7%", "30.0", "94.0", "50.0%", "66.7%", "1", "0"]
    assert body[1] == ["第二网格 甲社区", "3", "2", "66.7%", "50.0%", "145.0", "205.0", "100.0%", "50.0%", "1", "1"]
    assert body[2] == ["乙第一网格 乙社区", "2", "1", "50.0%", "100.0%", "6.0", "6.0", "0.0%", "100.0%", "1", "0"]
    assert body[3] == ["Total", "9", "6", "66.7%", "66.7%", "50.0", "165.0", "60.0%", "66.7%", "3", "1"]
    assert "figures-total" in table.select("tbody tr")[-1]["class"]
    received = table.select_one("tbody tr td[data-figure=received] a")["href"]
    closed = table.select_one("tbody tr td[data-figure=closed] a")["href"]
    assert (received, closed) == (
        reverse("cases:list") + "?queue=all",
        reverse("cases:list") + "?queue=all&state=closed",
    )
    # Every cell says what it is on a phone, where the header row is hidden.
    assert all(td.get("data-label") for td in table.select("tbody td"))


def test_undefined_rates_show_a_dash(world, april, secretary, client):
    client.force_login(secretary)
    params = {"node": world.community.pk, "start": "2025-01-01", "end": "2025-01-31", "level": "grid"}
    html = soup(client.get(reverse("cases:figures"), params))
    total = html.select("table.figures-table tbody tr")[-1]
    cells = {td.get("data-figure"): td.get_text(strip=True) for td in total.select("td[data-figure]")}
    assert cells["received"] == "0" and not total.select("a")
    assert cells["response_rate"] == cells["median_hours"] == cells["satisfaction_rate"] == "—"


@time_machine.travel(datetime(2026, 4, 15, 10, tzinfo=SHANGHAI), tick=False)
def test_defaults_are_this_month_under_the_top_node(world, april, secretary, client):
    client.force_login(secretary)
    response = client.get(reverse("cases:figures"))
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["node"].value(), form["start"].value(), form["end"].value(), form["level"].value()) == (
        world.community.pk,
        date(2026, 4, 1),
        date(2026, 4, 30),
        "grid",
    )
    html = soup(response)
    names = [tr.select_one("td").get_text(" ", strip=True) for tr in html.select("table.figures-table tbody tr")]
    assert names[:2] == ["第一网格", "第二网格"] and len(names) == 3
    options = [o.get_text(strip=True) for o in html.select("select[name=node] option")]
    assert options == ["甲社区", "第一网格", "第二网格"]


@time_machine.travel(datetime(2026, 4, 15, 10, tzinfo=SHANGHAI), tick=False)
@pytest.mark.parametrize(
    "params,error_field",
    [
        ({"node": "abc"}, "node"),
        ({"start": "2026-13-40"}, "start"),
        ({"end": "0001-01-01"}, "end"),
        ({"start": "9999-12-31"}, "start"),
        ({"level": "planet"}, "level"),
        ({"start": "2026-04-30", "end": "2026-04-01"}, "__all__"),
        ({"node": "99999999999999999999"}, "node"),
    ],
)
def test_bad_filters_show_the_error_and_the_defaults(world, april, secretary, client, params, error_field):
    client.force_login(secretary)
    response = client.get(reverse("cases:figures"), params)
    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    html = soup(response)
    assert html.select("p.error, .form-errors")
    rows = html.select("table.figures-table tbody tr")
    assert [tr.select_one("td").get_text(" ", strip=True) for tr in rows][:2] == ["第一网格", "第二网格"]


def test_a_node_outside_the_scope_is_an_error_not_a_leak(world, april, neighbour_grid_worker, client):
    client.force_login(neighbour_grid_worker)
    response = client.get(reverse("cases:figures"), {"node": world.grid1.pk, **{k: str(v) for k, v in APRIL.items()}})
    assert response.status_code == 200 and "node" in response.context["form"].errors
    html = soup(response)
    names = [tr.select_one("td").get_text(" ", strip=True) for tr in html.select("table.figures-table tbody tr")]
    assert "第一网格" not in names and names[0] == "第二网格"
    assert [o.get_text(strip=True) for o in html.select("select[name=node] option")] == ["第二网格"]


def test_a_level_coarser_than_the_node_breaks_down_by_the_node(world, april, grid_worker, client):
    client.force_login(grid_worker)
    params = {"node": world.grid1.pk, "level": "subdistrict", "start": "2026-04-01", "end": "2026-04-30"}
    response = client.get(reverse("cases:figures"), params, HTTP_ACCEPT_LANGUAGE="en")
    html = soup(response)
    rows = html.select("table.figures-table tbody tr")
    assert [tr.select_one("td").get_text(" ", strip=True) for tr in rows] == ["第一网格", "Total"]
    assert rows[0].select_one("td[data-figure=received]").get_text(strip=True) == "4"
    assert html.select_one("select[name=level] option[selected]")["value"] == "grid"


@time_machine.travel(datetime(2026, 4, 15, 10, tzinfo=SHANGHAI), tick=False)
def test_a_link_with_some_filters_fills_in_the_others(world, april, street_officer, client):
    client.force_login(street_officer)
    response = client.get(reverse("cases:figures"), {"node": world.community.pk})
    html = soup(response)
    assert html.select_one("input[name=start]")["value"] == "2026-04-01"
    assert html.select_one("input[name=end]")["value"] == "2026-04-30"
    assert html.select_one("select[name=level] option[selected]")["value"] == "grid"
    names = [tr.select_one("td").get_text(" ", strip=True) for tr in html.select("table.figures-table tbody tr")]
    assert names[:2] == ["第一网格", "第二网格"] and len(names) == 3
    response = client.get(reverse("cases:figures"), {"node": "²", "level": "community"})
    assert response.status_code == 200 and "node" in response.context["form"].errors


def test_without_a_place_to_count_the_page_explains(world, building_leader, org_secretary, client):
    for user in (building_leader, org_secretary):
        client.force_login(user)
        response = client.get(reverse("cases:figures"))
        assert response.status_code == 200
        html = soup(response)
        assert not html.select("table") and html.select_one("p.empty")


def test_the_page_costs_the_same_queries_at_two_sizes(world, april, street_officer, client):
    client.force_login(street_officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.get(reverse("cases:figures"), {"node": world.subdistrict.pk, "level": "grid"}).status_code == 200
            )
        return len(ctx.captured_queries)

    small = count()
    for i in range(25):
        april(world.grid2, at(4, 1 + i % 28, 9), state=State.CLOSED, steps=closed_path(1, 2, 3 + i))
    assert count() == small


def test_the_queue_links_to_the_figures(world, secretary, client):
    client.force_login(secretary)
    html = soup(client.get(reverse("cases:list")))
    assert html.select_one(f".page-head .actions a[href='{reverse('cases:figures')}']")
