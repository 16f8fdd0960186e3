"""A case in the hand-made world, for the API tests of cases."""

from __future__ import annotations

from typing import Any

from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.grid.cases.services import case_report

CATEGORY_CODE = "t_api_noise"


def case_category() -> CaseCategory:
    category, _created = CaseCategory.objects.get_or_create(code=CATEGORY_CODE, defaults={"name_zh": "噪音扰民"})
    return category


def grid1_case(world: Any) -> Case:
    """A case in building 1 (grid 1), reported by a resident; made once per world."""
    case = getattr(world, "api_case", None)
    if case is None:
        case = case_report(
            actor=None, category=case_category(), description="夜间噪音", area=world.building1, source="public"
        )
        world.api_case = case
    return case
