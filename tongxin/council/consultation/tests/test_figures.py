"""Consultation figures against a hand-made set whose answers are written here, and the page.

Community 甲 has council A (民主协商议事会, at the community, 5 members) and council B (微议事, at
grid 1, 3 members). Twelve topics with known dates, the period being 2025:

    #   place       council  raised       reviewed    state     decided     done
    1   building 1  A        2025-03-01   03-02       done      03-08 (7)   03-20 (12)
    2   building 1  A        2025-04-01   04-02       done      04-04 (3)   04-14 (10)
    3   grid 2      A        2025-05-01   05-02       decided   05-11 (10)
    4   grid 1      B        2025-06-01   06-02       decided   06-21 (20)
    5   grid 1      B        2025-06-11*  06-11       done      06-18 (7)   06-30 (12)
    6   community   —        2025-07-01               raised
    7   community   —        2025-07-01   07-03       declined
    8   grid 2      —        2025-07-20   08-01       merged
    9   grid 1      B        2025-08-20   08-21       rejected  09-01
    10  building 1  A        2024-12-20   2025-01-05  accepted
    11  乙社区       —        2025-03-01               raised   (another community: never counted)
    12  building 1  A        2024-11-01   2024-11-02  done      2024-12-01  2025-01-10 (40)

* raised at 01:00 on 11 June in Shanghai, 17:00 on 10 June in UTC: the days count from the
local date (7, not 8).

Votes closed in 2025: A 4 of 5 and 3 of 5, B 2 of 3; one of A in 2024 (5 of 5) and one still
open do not count.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.council.consultation.figures import consultation_figures
from tongxin.council.consultation.models import (
    AgendaItem,
    CouncilMeeting,
    MeetingStatus,
    Topic,
    TopicState,
    Vote,
    VoteResult,
)
from tongxin.council.consultation.tests.support import at, council, topic
from tongxin.platform.calendar import SHANGHAI

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
D = datetime.date


def _topic(area: Any, c: Any, raised: datetime.datetime, state: str, **dates: Any) -> Topic:
    t = topic(area, at=raised)
    reviewed = dates.pop("reviewed", None)
    Topic.objects.filter(pk=t.pk).update(
        council=c, state=state, reviewed_at=at(reviewed, 10) if reviewed else None, **dates
    )
    return t


def _vote(c: Any, t: Topic, closed: datetime.datetime | None, present: int, entitled: int) -> None:
    meeting = CouncilMeeting.objects.create(
        council=c, title="例会", starts_at=closed or at(D(2025, 10, 1)), status=MeetingStatus.HELD
    )
    item = AgendaItem.objects.create(meeting=meeting, topic=t, position=1)
    Vote.objects.create(
        item=item,
        question="同意",
        yes=present,
        present_count=present if closed else None,
        entitled_count=entitled if closed else None,
        result=VoteResult.PASSED if closed else "",
        closed_at=closed,
    )


@pytest.fixture
def hand_made(world: Any) -> dict[str, Any]:
    a = council(world.community, name="民主协商议事会", members=5)
    b = council(world.grid1, code="micro", name="一网格微议事", members=3)
    t: dict[int, Topic] = {}
    t[1] = _topic(world.building1, a, at(D(2025, 3, 1), 10), TopicState.DONE, reviewed=D(2025, 3, 2),
                  decided_on=D(2025, 3, 8), done_on=D(2025, 3, 20))  # fmt: skip
    t[2] = _topic(world.building1, a, at(D(2025, 4, 1), 10), TopicState.DONE, reviewed=D(2025, 4, 2),
                  decided_on=D(2025, 4, 4), done_on=D(2025, 4, 14))  # fmt: skip
    t[3] = _topic(world.grid2, a, at(D(2025, 5, 1), 10), TopicState.DECIDED, reviewed=D(2025, 5, 2),
                  decided_on=D(2025, 5, 11))  # fmt: skip
    t[4] = _topic(world.grid1, b, at(D(2025, 6, 1), 10), TopicState.DECIDED, reviewed=D(2025, 6, 2),
                  decided_on=D(2025, 6, 21))  # fmt: skip
    t[5] = _topic(world.grid1, b, datetime.datetime(2025, 6, 11, 1, 0, tzinfo=SHANGHAI), TopicState.DONE,
                  reviewed=D(2025, 6, 11), decided_on=D(2025, 6, 18), done_on=D(2025, 6, 30))  # fmt: skip
    t[6] = _topic(world.community, None, at(D(2025, 7, 1), 10), TopicState.RAISED)
    t[7] = _topic(world.community, None, at(D(2025, 7, 1), 11), TopicState.DECLINED, reviewed=D(2025, 7, 3))
    t[8] = _topic(world.grid2, None, at(D(2025, 7, 20), 10), TopicState.MERGED, reviewed=D(2025, 8, 1))
    t[9] = _topic(world.grid1, b, at(D(2025, 8, 20), 10), TopicState.REJECTED, reviewed=D(2025, 8, 21),
                  decided_on=D(2025, 9, 1))  # fmt: skip
    t[10] = _topic(world.building1, a, at(D(2024, 12, 20), 10), TopicState.ACCEPTED, reviewed=D(2025, 1, 5))
    t[11] = _topic(world.other_community, None, at(D(2025, 3, 1), 10), TopicState.RAISED)
    t[12] = _topic(world.building1, a, at(D(2024, 11, 1), 10), TopicState.DONE, reviewed=D(2024, 11, 2),
                   decided_on=D(2024, 12, 1), done_on=D(2025, 1, 10))  # fmt: skip
    _vote(a, t[1], at(D(2025, 3, 5), 21), 4, 5)
    _vote(a, t[2], at(D(2025, 4, 3), 21), 3, 5)
    _vote(b, t[4], at(D(2025, 6, 15), 21), 2, 3)
    _vote(a, t[12], at(D(2024, 12, 1), 21), 5, 5)
    _vote(b, t[9], None, 0, 0)
    return {"a": a, "b": b, "topics": t}


def counts(row: Any) -> tuple[int, ...]:
    return (row.raised, row.accepted, row.decided, row.done, row.declined, row.rejected, row.merged)


def test_figures_per_council(world, hand_made, secretary):
    f = consultation_figures(secretary, node=world.community, start=YEAR[0], end=YEAR[1])
    a, b, unassigned, total = f.councils
    assert (a.council, b.council, total.is_total) == (hand_made["a"], hand_made["b"], True)
    #                     raised accepted decided done declined rejected merged
    assert counts(a) == (3, 4, 3, 3, 0, 0, 0)
    assert counts(b) == (3, 3, 2, 1, 0, 1, 0)
    assert counts(unassigned) == (3, 0, 0, 0, 1, 0, 1) and unassigned.group == "unassigned"
    assert counts(total) == (9, 7, 5, 4, 1, 1, 1)
    # Raised → decided: A 7, 3, 10 → 7; B 20, 7 → 13.5; all 3, 7, 7, 10, 20 → 7.
    assert (a.days_to_decision, b.days_to_decision, total.days_to_decision) == (Decimal(7), Decimal("13.5"), Decimal(7))
    # Decided → done: A 12, 10, 40 → 12; B 12; all 10, 12, 12, 40 → 12.
    assert (a.days_to_done, b.days_to_done, total.days_to_done) == (Decimal(12), Decimal(12), Decimal(12))
    assert unassigned.days_to_decision is None and unassigned.days_to_done is None
    # Turnout: A (4 + 3) / (5 + 5), B 2 / 3, all 9 / 13.
    assert (a.turnout, b.turnout, total.turnout) == (Decimal("70.0"), Decimal("66.7"), Decimal("69.2"))
    assert total.resolved == 4 == f.total.resolved


def test_figures_per_place(world, hand_made, secretary):
    f = consultation_figures(secretary, node=world.community, start=YEAR[0], end=YEAR[1])
    grid1, grid2, itself, total = f.places
    assert (grid1.area, grid2.area, itself.area) == (world.grid1, world.grid2, world.community)
    assert counts(grid1) == (5, 6, 4, 4, 0, 1, 0)
    assert counts(grid2) == (2, 1, 1, 0, 0, 0, 1)
    assert counts(itself) == (2, 0, 0, 0, 1, 0, 0)
    assert counts(total) == (9, 7, 5, 4, 1, 1, 1)
    # Grid 1: 7, 3, 20, 7 → 7; done 12, 10, 12, 40 → 12. Grid 2: 10.
    assert (grid1.days_to_decision, grid1.days_to_done) == (Decimal(7), Decimal(12))
    assert (grid2.days_to_decision, grid2.days_to_done) == (Decimal(10), None)
    assert (total.days_to_decision, total.days_to_done) == (Decimal(7), Decimal(12))
    # Council B meets at grid 1, council A at the community itself.
    assert (grid1.turnout, grid2.turnout, itself.turnout) == (Decimal("66.7"), None, Decimal("70.0"))


def test_a_shorter_period(world, hand_made, secretary):
    f = consultation_figures(secretary, node=world.community, start=D(2025, 6, 1), end=D(2025, 6, 30))
    total = f.places[-1]
    # Raised 4 and 5; accepted 4 and 5; decided 4 (20 days) and 5 (7); carried out 5 (12).
    assert counts(total) == (2, 2, 2, 1, 0, 0, 0)
    assert (total.days_to_decision, total.days_to_done) == (Decimal("13.5"), Decimal(12))
    assert total.turnout == Decimal("66.7")


def test_scoped_to_what_the_user_sees(world, hand_made, grid_worker, street_officer, secretary):
    f = consultation_figures(grid_worker, node=world.grid1, start=YEAR[0], end=YEAR[1])
    # Grid 1's own council, then council A's topics in building 1 (A sits above the grid).
    b, elsewhere, total = f.councils
    assert b.council == hand_made["b"] and elsewhere.group == "elsewhere"
    assert counts(b) == (3, 3, 2, 1, 0, 1, 0)
    assert counts(elsewhere) == (2, 3, 2, 3, 0, 0, 0)
    assert counts(total) == (5, 6, 4, 4, 0, 1, 0)
    # Council A's votes are not the grid worker's to see.
    assert total.turnout == Decimal("66.7")
    street = consultation_figures(street_officer, node=world.subdistrict, start=YEAR[0], end=YEAR[1])
    # In the tree's order (by name: 乙 before 甲).
    other, community, itself, total = street.places
    assert (community.area, other.area) == (world.community, world.other_community)
    assert (community.raised, other.raised, itself.raised, total.raised) == (9, 1, 0, 10)
    with pytest.raises(Http404):
        consultation_figures(secretary, node=world.other_community, start=YEAR[0], end=YEAR[1])


def test_nothing_to_count(world, secretary):
    f = consultation_figures(secretary, node=world.community, start=YEAR[0], end=YEAR[1])
    total = f.places[-1]
    assert counts(total) == (0,) * 7
    assert (total.days_to_decision, total.days_to_done, total.turnout) == (None, None, None)
    assert [r.is_total for r in f.councils] == [True]


# --- the page --------------------------------------------------------------------------------------------


URL = "/councils/figures/"


def test_the_page_shows_both_tables_linked_and_the_chart(client, world, hand_made, secretary):
    client.force_login(secretary)
    response = client.get(URL, {"node": world.community.pk, "start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    html = soup(response)
    councils = html.select("#figures-councils tbody tr")
    assert [r.select_one(".figures-place").contents[0].strip() for r in councils] == [
        "民主协商议事会",
        "一网格微议事",
        "尚未交议事会",
        "合计",
    ]
    first = councils[0]
    period = "from=2025-01-01&to=2025-12-31"
    raised = first.select_one('[data-figure="raised"] a')
    assert raised.text == "3"
    assert raised["href"] == f"/councils/topics/?figure=raised&{period}&council={hand_made['a'].pk}"
    done = first.select_one('[data-figure="done"] a')
    assert done["href"] == f"/councils/topics/?figure=done&{period}&council={hand_made['a'].pk}"
    assert first.select_one('[data-figure="turnout"]').text == "70.0%"
    assert first.select_one('[data-figure="days_to_decision"]').text.strip() == "7.0"
    places = html.select("#figures-places tbody tr")
    assert [r.select_one('[data-figure="raised"]').text for r in places] == ["5", "2", "2", "9"]
    grid1 = places[0].select_one('[data-figure="decided"] a')
    assert grid1["href"] == f"/councils/topics/?figure=decided&{period}&node={world.grid1.pk}"
    itself = places[2].select_one('[data-figure="declined"] a')
    assert itself["href"] == f"/councils/topics/?figure=declined&{period}&at={world.community.pk}"
    total = places[-1].select_one('[data-figure="declined"] a')
    assert total["href"] == f"/councils/topics/?figure=declined&{period}&node={world.community.pk}"
    headline = html.select_one('[data-figure="resolved"] a')
    assert headline.text == "4"
    assert headline["href"] == f"/councils/topics/?figure=done&{period}&node={world.community.pk}"
    # One chart, drawn from the place table, with ECharts served by the app.
    assert len(html.select("#consultation-chart")) == 1
    scripts = [s["src"] for s in html.select("script[src]")]
    assert "/static/vendor/echarts/echarts.min.js" in scripts
    assert all(not src.startswith("http") for src in scripts)
    chart = json.loads(str(html.select_one("#consultation-chart-data").string))
    assert chart["labels"] == ["第一网格", "第二网格", "甲社区"]
    assert [s["values"] for s in chart["series"]] == [[5, 2, 2], [4, 1, 0], [4, 0, 0]]


# --- every number opens the rows it counts ------------------------------------------------------------


def _listed(client: Any, href: str) -> tuple[int, Any]:
    """How many topics the list behind a link shows (its count, checked against its rows)."""
    page = soup(client.get(href), status=200)
    rows = page.select("#topics tbody tr")
    shown = int("".join(c for c in page.select_one(".result-count").get_text() if c.isdigit()))
    assert shown == len(rows), href
    return shown, page


def _check_every_link(client: Any, params: dict[str, Any]) -> int:
    html = soup(client.get(URL, params), status=200)
    checked = 0
    for table in ("#figures-councils", "#figures-places"):
        for tr in html.select(f"{table} tbody tr"):
            cells = {str(td["data-figure"]): td for td in tr.select("td[data-figure]")}
            for key, td in cells.items():
                link = td.select_one("a")
                if key == "turnout" or link is None:
                    assert key == "turnout" or td.get_text(strip=True) in ("0", "—"), (table, key)
                    continue
                listed, _page = _listed(client, str(link["href"]))
                # A count is its rows; a median is taken over the topics of its event's count.
                counted = {"days_to_decision": "decided", "days_to_done": "done"}.get(key, key)
                assert listed == int(cells[counted].get_text(strip=True)), (table, key, link["href"])
                checked += 1
    headline = html.select_one('[data-figure="resolved"] a')
    assert _listed(client, str(headline["href"]))[0] == int(headline.get_text(strip=True))
    return checked


def test_every_number_is_the_count_of_the_list_its_link_opens(client, world, hand_made, secretary, grid_worker):
    client.force_login(secretary)
    assert _check_every_link(client, {"node": world.community.pk, "start": "2025-01-01", "end": "2025-12-31"}) > 40
    assert _check_every_link(client, {"node": world.community.pk, "start": "2025-06-01", "end": "2025-06-30"}) > 5
    # Topics with councils above the place (a grid worker's view of council A's topics in their grid).
    client.force_login(grid_worker)
    assert _check_every_link(client, {"node": world.grid1.pk, "start": "2025-01-01", "end": "2025-12-31"}) > 10


def test_the_list_behind_a_figure_says_so_and_the_chip_removes_it(client, world, hand_made, secretary):
    client.force_login(secretary)
    href = f"/councils/topics/?figure=done&from=2025-01-01&to=2025-12-31&node={world.community.pk}"
    shown, page = _listed(client, href)
    assert shown == 4
    chip = page.select_one(".filter-chip")
    assert chip.select_one("span").get_text() == "2025年内办结"
    assert chip.select_one("a")["href"] == f"?node={world.community.pk}"
    # The state tabs count within the figure, and keep it.
    tab = page.select_one(".tabs .tab")
    assert tab.select_one(".count").get_text() == "4" and "figure=done" in tab["href"]
    _n, page = _listed(client, f"/councils/topics/?figure=raised&from=2025-06-01&to=2025-06-30&at={world.grid1.pk}")
    chips = [c.select_one("span").get_text() for c in page.select(".filter-chip")]
    assert chips == ["2025年6月1日至2025年6月30日提出", "第一网格本级的议题"]
    # A figure that is not one, or a period that is not one, filters nothing (never a 500).
    everything, _page = _listed(client, f"/councils/topics/?node={world.community.pk}")
    for bad in ("figure=nonsense&from=2025-01-01&to=2025-12-31", "figure=done&from=2025-13-01&to=2025-12-31",
                "figure=done&from=2025-12-31&to=2025-01-01", "figure=done&from=1066-01-01&to=2025-12-31",
                "figure=done&from=" + "9" * 40, "figure=done&council=elsewhere"):  # fmt: skip
        shown, page = _listed(client, f"/councils/topics/?{bad}&node={world.community.pk}")
        assert shown == everything and not page.select(".filter-chip"), bad
    # Another community's place: not found, whichever filter names it.
    assert client.get("/councils/topics/", {"at": world.other_community.pk}).status_code == 404


def test_the_period_defaults_to_this_year(client, world, secretary):
    client.force_login(secretary)
    html = soup(client.get(URL))
    from django.utils import timezone

    year = timezone.localdate().year
    assert html.select_one("#id_start")["value"] == f"{year}-01-01"
    assert html.select_one("#id_end")["value"] == f"{year}-12-31"


def test_a_bad_filter_is_an_error_not_a_500(client, world, secretary):
    client.force_login(secretary)
    for params in (
        {"start": "2025-12-31", "end": "2025-01-01"},
        {"start": "1066-01-01"},
        {"node": "x", "start": "2025-13-40"},
        {"node": world.building1.pk},
        {"node": "9" * 30},
    ):
        response = client.get(URL, params)
        assert response.status_code == 200, params
        assert soup(response).select(".error, .form-errors"), params
    # Another community's figures: as if it did not exist.
    assert client.get(URL, {"node": world.other_community.pk}).status_code == 404


def test_a_secretary_sees_their_community_a_street_officer_all_of_its(client, world, secretary, street_officer):
    topic(world.other_community)
    client.force_login(secretary)
    choices = [o.text.strip() for o in soup(client.get(URL)).select("#id_node option")]
    assert "乙社区" not in choices and "甲社区" in choices
    client.force_login(street_officer)
    response = client.get(URL, {"node": world.subdistrict.pk})
    rows = soup(response).select("#figures-places tbody tr")
    names = [r.select_one(".figures-place").contents[0].strip() for r in rows]
    assert names == ["乙社区", "甲社区", "湖东街道", "合计"]


def _grow(world: Any, a: Any, n: int) -> None:
    for i in range(n):
        place = world.grid1 if i % 2 else world.building1
        dates = {"reviewed": D(2025, 3, 2), "decided_on": D(2025, 4, 1 + i % 25), "done_on": D(2025, 5, 1 + i % 25)}
        t = _topic(place, a, at(D(2025, 3, 1 + i % 20), 10), TopicState.DONE, **dates)
        _vote(a, t, at(D(2025, 4, 1 + i % 25), 21), 3, 5)
        council(world.grid2, code="micro", name=f"微议事{i}", members=1)


def test_the_page_costs_the_same_at_two_sizes(client, world, secretary):
    a = council(world.community, members=5)
    client.force_login(secretary)
    params = {"node": world.community.pk, "start": "2025-01-01", "end": "2025-12-31"}
    client.get(URL, params)
    _grow(world, a, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, params).status_code == 200
    _grow(world, a, 27)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL, params)
    assert soup(response).select_one('[data-figure="resolved"] a').text == "30"
    assert len(small.captured_queries) == len(large.captured_queries), (
        len(small.captured_queries),
        len(large.captured_queries),
    )


def test_the_menu_offers_meetings_and_figures_and_marks_the_page(client, world, secretary, grid_worker):
    client.force_login(secretary)
    for page in ("consultation:figures", "consultation:meetings", "consultation:topics", "consultation:councils"):
        menu = soup(client.get(reverse(page)), status=200).select_one("nav.sidenav")
        current = menu.select("a[aria-current=page]")
        assert [a["href"] for a in current] == [reverse(page)], page
    names = [a.get_text() for a in menu.select("a")]
    assert {"议题", "议事会", "议事会议", "协商议事统计"} <= set(names), names
    # A grid worker runs no council: the section is not theirs.
    client.force_login(grid_worker)
    menu = soup(client.get(reverse("home")), status=200).select_one("nav.sidenav")
    assert not menu.select(f'a[href="{reverse("consultation:figures")}"]')
