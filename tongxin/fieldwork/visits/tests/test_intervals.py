"""Each household's visit interval is stored (`Household.visit_interval`) and follows every write
that gives or takes a resident's category, moves a resident or changes the cadence; the
to-visit list and the coverage read it instead of every resident's categories (issue 12)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tongxin.fieldwork.visits import queries, services
from tongxin.fieldwork.visits.models import Visit
from tongxin.fieldwork.visits.tests.support import END, START, visited_world
from tongxin.registry.areas.models import Household
from tongxin.registry.party.services import member_create
from tongxin.registry.people.models import CareCategory, Resident
from tongxin.registry.people.services import resident_create, resident_delete, resident_update

pytestmark = pytest.mark.django_db


def intervals(world) -> dict[str, int]:
    """What the to-visit list and the coverage read, per door number of the community."""
    qs = queries.households_under(world.community).annotate(interval=queries.interval_of(queries.cadence()))
    return dict(qs.values_list("number", "interval"))


def assert_stored_is_computed() -> None:
    """The stored column holds what one grouped pass over the category links gives now."""
    fresh = {r["household_id"]: r["months"] for r in queries.shortest_intervals(queries.cadence())}
    stored = dict(Household.objects.exclude(visit_interval=None).values_list("pk", "visit_interval"))
    assert stored == fresh


def categories(*codes: str) -> list[CareCategory]:
    return list(CareCategory.objects.filter(code__in=codes))


def test_a_residents_category_change_moves_the_households_interval(world, secretary):
    visited_world(world)
    assert intervals(world)["201"] == 6  # 李四: disabled, no cadence of its own
    resident_update(actor=secretary, resident=world.lisi, care_categories=categories("disabled", "low_income"))
    assert intervals(world)["201"] == 1
    due = {h.number: h.interval for h in queries.due_list(secretary)}  # type: ignore[attr-defined]
    assert due["201"] == 1
    resident_update(actor=secretary, resident=world.lisi, care_categories=categories("disabled"))
    assert intervals(world)["201"] == 6
    assert_stored_is_computed()


def test_a_new_resident_in_care_changes_the_coverage(world, secretary):
    v = visited_world(world)
    covered = {r.name: r.covered for r in queries.coverage(world.community, START, END)}
    assert covered["第一网格"] == 2  # 102's one visit on 10 Mar is what a six-monthly household needs
    resident_create(actor=secretary, household=v.h102, name="钱低保", care_categories=categories("low_income"))
    covered = {r.name: r.covered for r in queries.coverage(world.community, START, END)}
    assert covered["第一网格"] == 1  # monthly now: one visit of the six the half year asks


def test_moving_creating_and_deleting_residents_move_intervals(world, secretary):
    v = visited_world(world)
    # 张三 (empty nest, low income) moves from 101 to 102: the monthly visits go with him.
    resident_update(actor=secretary, resident=world.zhangsan, household=v.h102)
    got = intervals(world)
    assert (got["101"], got["102"]) == (6, 1)
    newcomer = resident_create(actor=secretary, household=v.h203, name="孙流动", care_categories=categories("floating"))
    assert intervals(world)["203"] == 1
    resident_delete(actor=secretary, resident=newcomer)
    assert intervals(world)["203"] == 6
    assert_stored_is_computed()


def test_the_cadence_table_moves_the_intervals(world, admin_user):
    visited_world(world)
    services.cadence_set(actor=admin_user, category_code="disabled", months=3)
    assert intervals(world) == {"101": 1, "102": 6, "201": 3, "202": 1, "203": 6}
    services.cadence_set(actor=admin_user, category_code="low_income", months=2)
    assert intervals(world)["101"] == 1  # still empty nest: monthly
    services.cadence_remove(actor=admin_user, category_code="empty_nest")
    assert intervals(world)["101"] == 2
    services.cadence_set(actor=admin_user, category_code="ordinary", months=4)
    assert intervals(world) == {"101": 2, "102": 4, "201": 3, "202": 1, "203": 4}
    assert_stored_is_computed()


def test_a_resident_registered_as_a_party_member_takes_the_members_cadence(world, admin_user):
    services.cadence_set(actor=admin_user, category_code="party_member", months=2)
    member_create(actor=admin_user, org=world.branch1, name="王五", resident=world.wangwu, kind="direct")
    assert Household.objects.get(pk=world.other_household.pk).visit_interval == 2
    assert_stored_is_computed()


def test_the_data_migration_fills_what_the_services_keep(world):
    visited_world(world)
    Household.objects.update(visit_interval=None)
    migration = importlib.import_module("tongxin.fieldwork.visits.migrations.0003_fill_household_visit_interval")
    migration.fill(apps, None)
    assert_stored_is_computed()
    assert intervals(world) == {"101": 1, "102": 6, "201": 6, "202": 1, "203": 6}


def test_lists_and_coverage_never_read_the_residents_categories(world, secretary):
    """The speed of issue 12: a correlated subquery over the category links per household was
    planned from the category side on PostgreSQL (minutes for a district)."""
    visited_world(world)
    link_table = Resident.care_categories.through._meta.db_table
    with CaptureQueriesContext(connection) as ctx:
        list(queries.due_list(secretary))
        queries.coverage(world.community, START, END)
        queries.coverage(world.community, START, END, by="visitor")
        list(queries.coverage_households(world.community, START, END))
    assert ctx.captured_queries
    assert not [q["sql"] for q in ctx.captured_queries if link_table in q["sql"]]


def test_the_visit_subquery_runs_once_per_household_and_figure(world, secretary):
    """A database runs a correlated subquery once per place it appears in: the to-visit list had
    its last visit in the due key's year, month and day and in the filter (eight per household),
    the coverage counted visits once per figure."""
    visited_world(world)
    visits = f'"{Visit._meta.db_table}"'  # not visits_visitcadence
    with CaptureQueriesContext(connection) as ctx:
        list(queries.due_list(secretary, only_due=True)[:25])
    (sql,) = [q["sql"] for q in ctx.captured_queries if visits in q["sql"]]
    # The sort key and the filter; the last visit's date for the rows shown.
    assert sql.count(visits) == 3
    with CaptureQueriesContext(connection) as ctx:
        queries.coverage(world.community, START, END)
    (sql,) = [q["sql"] for q in ctx.captured_queries if visits in q["sql"]]
    assert sql.count(visits) == 1
