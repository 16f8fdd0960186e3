"""The demo year of visits: cadence mostly followed, a few never visited, idempotent, sparse at scale."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count, Max

from tongxin.fieldwork.visits.demo import seed_visits
from tongxin.fieldwork.visits.figures import visit_figures
from tongxin.fieldwork.visits.models import Visit
from tongxin.fieldwork.visits.tests.support import resident
from tongxin.registry.areas.models import Household

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


def _households(world, n: int = 120) -> None:
    for i in range(n):
        h = Household.objects.create(area=world.building1, grid=world.grid1, number=f"{1000 + i}")
        resident(h, f"住户{i}", *(("low_income",) if i % 4 == 0 else ()))


def test_a_dense_year_follows_the_cadence_mostly(world, grid_worker, building_leader):
    _households(world)
    made = seed_visits([world.community.path], today=TODAY, seed=7)
    assert made["visits"] > 0
    start = TODAY - datetime.timedelta(days=364)
    figures = visit_figures(world.community, start, TODAY)
    assert 75 <= figures["coverage"] <= 97
    assert figures["households_visited"] < figures["households"]  # a few never visited
    assert 60 <= figures["six_facts_complete"] <= figures["households_visited"]
    names = set(Visit.objects.filter(household__grid=world.grid1).values_list("visitor_name", flat=True))
    assert names == {"t_grid1", "t_leader"}
    assert (
        Visit.objects.filter(household__grid=world.grid2).values_list("visitor_name", flat=True)[0] == "第二网格网格员"
    )
    assert Visit.objects.aggregate(last=Max("visited_on"))["last"] <= TODAY
    assert Visit.residents_met.through.objects.exists()
    needs = Visit.objects.exclude(needs="").count()
    assert 0 < needs < made["visits"] * 0.15
    # Again: nothing more.
    assert seed_visits([world.community.path], today=TODAY, seed=7) == {"visits": 0, "households": 0}


def test_a_sparse_year_keeps_one_or_two_rows_per_household(world):
    _households(world)
    made = seed_visits([world.district.path], today=TODAY, seed=7, dense=False)
    per_household = Visit.objects.values("household").annotate(n=Count("pk")).aggregate(most=Max("n"))["most"]
    assert per_household <= 2
    assert made["households"] >= 110
    assert not Visit.residents_met.through.objects.exists()
