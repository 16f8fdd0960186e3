"""Fixtures shared by the GeoReport tests."""

from __future__ import annotations

from typing import Any

import pytest

from tongxin.grid.cases.models import CaseCategory
from tongxin.grid.open311.keys import client_issue


@pytest.fixture
def categories(db: Any) -> dict[str, CaseCategory]:
    roads = CaseCategory.objects.create(code="t_roads", name_zh="道路设施")
    return {
        "roads": roads,
        "pothole": CaseCategory.objects.create(code="t_pothole", name_zh="路面坑洼", parent=roads, sort_order=-2),
        "lamp": CaseCategory.objects.create(code="t_lamp", name_zh="路灯不亮", parent=roads, sort_order=-1),
        "retired": CaseCategory.objects.create(code="t_retired", name_zh="已停用", parent=roads, is_active=False),
    }


@pytest.fixture
def key(db: Any) -> str:
    return client_issue(name="市民通")
