"""A case reported at a map point, with no place chosen, lands in the grid whose outline holds it."""

from __future__ import annotations

import pytest
from django.utils import translation

from tongxin.grid.cases import services
from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.tests.support import give_outlines, inside


@pytest.fixture
def category(db):
    return CaseCategory.objects.create(code="t_lamp", name_zh="路灯不亮")


@pytest.fixture
def outlined(world):
    give_outlines(world)
    return world


def _report(actor, category, point, source=Case.Source.STAFF):
    lat, lon = point
    return services.case_report(
        actor=actor, category=category, description="路灯不亮", area=None, latitude=lat, longitude=lon, source=source
    )


def test_staff_report_by_point_lands_in_the_grid(outlined, secretary, category):
    case = _report(secretary, category, inside("grid2"))
    assert (case.area, case.grid) == (outlined.grid2, outlined.grid2)
    assert (float(case.latitude), float(case.longitude)) == inside("grid2")


def test_a_point_is_only_looked_up_among_the_reporters_grids(outlined, grid_worker, category):
    # The neighbour's grid holds the point, but the grid worker may not report there.
    with translation.override("en"), pytest.raises(DomainError, match="not inside any grid"):
        _report(grid_worker, category, inside("grid2"))
    assert _report(grid_worker, category, inside("grid1")).grid == outlined.grid1


def test_a_point_outside_every_grid_or_half_a_point_is_refused(outlined, secretary, category):
    with translation.override("en"):
        with pytest.raises(DomainError, match="not inside any grid"):
            _report(secretary, category, (31.23, 121.47))
        with pytest.raises(DomainError, match="both latitude and longitude"):
            services.case_report(
                actor=secretary, category=category, description="x", area=None, latitude=39.905, longitude=None
            )
        with pytest.raises(DomainError, match="point on the map"):
            services.case_report(actor=secretary, category=category, description="x", area=None)
    assert not Case.objects.exists()


def test_a_public_report_by_point_may_land_in_any_grid(outlined, category):
    case = _report(None, category, inside("other_grid"), source=Case.Source.PUBLIC)
    assert case.grid == outlined.other_grid
