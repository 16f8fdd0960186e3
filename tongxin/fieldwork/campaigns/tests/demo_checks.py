"""Checks of the seeded demo's campaigns (collected by tongxin/interfaces/demo/tests/test_seed_demo.py)."""

from __future__ import annotations

from tongxin.fieldwork.campaigns.models import Campaign, InspectionPoint, Target
from tongxin.fieldwork.campaigns.queries import pending_by_campaign
from tongxin.grid.cases.workflow import OPEN_STATES
from tongxin.platform.access.models import User
from tongxin.registry.areas.models import Household


def test_the_flood_campaign_checks_521_rain_grates_about_60_percent_done() -> None:
    flood = Campaign.objects.get(kind="flood")
    assert flood.status == "running"
    points = InspectionPoint.objects.filter(community=flood.community, kind="rain_grate")
    assert points.count() == 521
    assert points.values("grid").distinct().count() >= 2
    targets = Target.objects.filter(campaign=flood)
    assert targets.count() == 521
    checked = targets.filter(checked_at__isnull=False).count()
    assert 0.55 * 521 <= checked <= 0.65 * 521
    problems = targets.filter(result="problem")
    assert 3 <= problems.count() <= 10
    assert problems.filter(case__isnull=False).count() == problems.count()
    assert problems.filter(case__state__in=OPEN_STATES).exists()


def test_the_grid_worker_has_grates_to_check() -> None:
    grid1 = User.objects.get(username="grid1")
    pending = pending_by_campaign(grid1)
    assert pending and pending[0]["campaign__name"].endswith("雨水篦子排查") and pending[0]["pending"] > 0


def test_the_census_sweep_is_done_every_household_of_its_grid_checked() -> None:
    census = Campaign.objects.get(kind="census")
    assert census.status == "closed" and census.summary
    households = Household.objects.filter(area__path__startswith=census.place.path).count()
    assert households > 0
    assert census.closed_targets == census.closed_checked == households
    assert not Target.objects.filter(campaign=census, checked_at__isnull=True).exists()
