"""A new case lands in the queue of whoever its category names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tongxin.grid.cases import services
from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.grid.cases.queries import queue, queue_counts


@pytest.fixture
def categories(db):
    grid = CaseCategory.objects.create(code="t_litter", name_zh="乱扔垃圾", handler="grid")
    office = CaseCategory.objects.create(code="t_subsidy", name_zh="低保咨询", handler="community")
    unit = CaseCategory.objects.create(code="t_pipe", name_zh="单位管道", handler="unit")
    return grid, office, unit


def test_the_category_decides_the_level_and_the_queue(world, grid_worker, secretary, categories):
    grid, office, unit = categories
    a = services.case_report(actor=grid_worker, category=grid, description="垃圾", area=world.building1)
    b = services.case_report(actor=grid_worker, category=office, description="咨询", area=world.building1)
    c = services.case_report(actor=grid_worker, category=unit, description="漏水", area=world.building1)
    assert [a.level, b.level, c.level] == [Case.Level.GRID, Case.Level.COMMUNITY, Case.Level.COMMUNITY]
    # The grid worker's "waiting for us" holds the grid's own; the community office's the rest.
    assert list(queue(grid_worker, "ours")) == [a]
    assert set(queue(secretary, "ours")) == {b, c}
    assert queue_counts(grid_worker)["ours"] == 1 and queue_counts(secretary)["ours"] == 2
    # Everyone in scope still sees all three among the open cases.
    assert set(queue(grid_worker, "open")) == {a, b, c}


def test_a_building_leader_has_no_rung_of_their_own(world, building_leader, grid_worker, categories, client):
    services.case_report(actor=grid_worker, category=categories[0], description="垃圾", area=world.building1)
    assert queue_counts(building_leader)["ours"] == 0
    client.force_login(building_leader)
    page = client.get(reverse("cases:list") + "?queue=ours")
    assert page.status_code == 200
