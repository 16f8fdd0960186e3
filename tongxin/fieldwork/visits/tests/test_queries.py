"""Coverage, the to-visit list and 六清楚 completeness against the hand-made set in support.py."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tongxin.fieldwork.visits import queries, services
from tongxin.fieldwork.visits.figures import visit_figures
from tongxin.fieldwork.visits.models import VisitCadence
from tongxin.fieldwork.visits.tests.support import END, SIX, START, visited_world

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2026, 1, 1), D(2026, 12, 31), 12),
        (D(2026, 1, 1), D(2026, 1, 31), 1),
        (D(2026, 1, 15), D(2026, 2, 14), 1),
        (D(2026, 1, 15), D(2026, 2, 13), 0),
        (D(2026, 1, 31), D(2026, 2, 27), 1),
        (D(2026, 1, 31), D(2026, 2, 26), 0),
        (D(2026, 2, 1), D(2026, 1, 31), 0),
        (D(2025, 7, 1), D(2026, 6, 30), 12),
    ],
)
def test_whole_months(start, end, months):
    assert queries.whole_months(start, end) == months


@pytest.mark.parametrize(
    ("months", "interval", "required"), [(12, 1, 12), (12, 6, 2), (6, 6, 1), (1, 6, 1), (0, 1, 1), (5, 2, 2)]
)
def test_required_visits(months, interval, required):
    assert queries.required_visits(months, interval) == required


def test_default_cadence_comes_with_the_migration():
    from tongxin.fieldwork.visits.tests.conftest import write_default_cadence

    VisitCadence.objects.all().delete()
    write_default_cadence()
    assert dict(VisitCadence.objects.values_list("category_code", "months")) == {
        "ordinary": 6, "low_income": 1, "floating": 1, "empty_nest": 1, "community_correction": 1,
    }  # fmt: skip


def test_interval_is_the_shortest_of_the_residents_categories(world):
    v = visited_world(world)
    VisitCadence.objects.create(category_code="disabled", months=3)
    services.intervals_refresh()
    qs = queries.households_under(world.community).annotate(interval=queries.interval_of(queries.cadence()))
    got = dict(qs.values_list("number", "interval"))
    assert got == {"101": 1, "102": 6, "201": 3, "202": 1, "203": 6}
    assert v.h103.number not in got  # vacant


def test_coverage_per_grid(world):
    visited_world(world)
    rows = {
        r.name: (r.households, r.visited, r.covered, r.coverage) for r in queries.coverage(world.community, START, END)
    }
    assert rows == {"第一网格": (2, 2, 2, Decimal("100.0")), "第二网格": (3, 1, 0, Decimal("0.0"))}


def test_coverage_of_a_whole_year_asks_twelve_monthly_visits(world):
    visited_world(world)
    rows = {r.name: (r.visited, r.covered) for r in queries.coverage(world.community, D(2026, 1, 1), D(2026, 12, 31))}
    # 101 has 6 of 12, 102 has 1 of 2: neither is covered over the year.
    assert rows == {"第一网格": (2, 0), "第二网格": (1, 0)}


def test_coverage_per_visitor(world):
    visited_world(world)
    rows = {
        r.name: (r.visits, r.visited, r.covered) for r in queries.coverage(world.community, START, END, by="visitor")
    }
    assert rows == {"网格员甲": (6, 1, 1), "楼栋长": (2, 2, 1), "网格员乙": (2, 1, 0)}


def test_coverage_of_another_community_is_empty_of_ours(world):
    visited_world(world)
    rows = queries.coverage(world.other_community, START, END)
    assert [(r.name, r.households, r.visited) for r in rows] == [("乙第一网格", 1, 0)]


def test_due_list_orders_never_visited_then_longest_overdue(world, secretary):
    visited_world(world)
    today = D(2026, 7, 15)
    households = list(queries.due_list(secretary, today=today))
    rows = queries.due_rows(households)
    got = [(r.household.number, r.days_overdue(today)) for r in rows]
    assert got == [("203", None), ("202", 75), ("201", 25), ("101", 10), ("102", -57)]
    due = queries.due_list(secretary, today=today, only_due=True)
    assert [h.number for h in due] == ["203", "202", "201", "101"]
    assert rows[3].categories == ["低保困难户", "空巢老人"]
    assert rows[3].days_since(today) == 40


def test_due_list_of_a_grid_worker_and_a_building_leader(world, grid_worker, building_leader, outsider):
    visited_world(world)
    for user in (grid_worker, building_leader):
        assert sorted(h.number for h in queries.due_list(user)) == ["101", "102"]
    assert list(queries.due_list(outsider)) == []


def test_six_facts_per_grid_and_household(world):
    v = visited_world(world)
    as_of = D(2026, 7, 15)
    rows = {r.name: (r.households, r.complete, r.share) for r in queries.six_facts(world.community, as_of=as_of)}
    assert rows == {"第一网格": (2, 2, Decimal("100.0")), "第二网格": (3, 0, Decimal("0.0"))}
    missing = {h.number: queries.missing_facts(h) for h in queries.six_facts_households(world.community, as_of=as_of)}
    assert missing == {"101": [], "102": [], "201": ["floating"], "202": SIX, "203": SIX}
    # Twelve months on, 201's confirmation from December 2025 is stale.
    later = {
        h.number: queries.missing_facts(h) for h in queries.six_facts_households(world.community, as_of=D(2026, 12, 21))
    }
    assert later["201"] == SIX
    assert v.h103.number not in later


def test_figures(world):
    visited_world(world)
    assert visit_figures(world.community, START, END) == {
        "households": 5,
        "visits": 10,
        "households_visited": 3,
        "households_covered": 2,
        "coverage": Decimal("40.0"),
        "six_facts_complete": 2,
    }
    empty = visit_figures(world.other_community, START, END)
    assert (empty["households"], empty["visits"], empty["coverage"]) == (1, 0, Decimal("0.0"))


def test_figures_of_a_node_without_households(world):
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level

    empty = node_insert(Area(parent=world.community, level=Level.GRID, name="第三网格"))
    assert visit_figures(empty, START, END) == {
        "households": 0, "visits": 0, "households_visited": 0, "households_covered": 0, "coverage": None,
        "six_facts_complete": 0,
    }  # fmt: skip


def test_a_registry_update_counts_as_confirming_the_facts(world):
    import datetime as dt

    from tongxin.platform.calendar import SHANGHAI
    from tongxin.registry.people.models import Resident

    visited_world(world)
    Resident.objects.filter(name="赵流动").update(updated_at=dt.datetime(2026, 5, 1, 10, tzinfo=SHANGHAI))
    missing = {
        h.number: queries.missing_facts(h) for h in queries.six_facts_households(world.community, as_of=D(2026, 7, 15))
    }
    assert missing["202"] == []
    # Not yet on the day before the update.
    before = {
        h.number: queries.missing_facts(h) for h in queries.six_facts_households(world.community, as_of=D(2026, 4, 30))
    }
    assert before["202"] == SIX
