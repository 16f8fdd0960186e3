"""Every write of door-to-door visits checks its actor itself: the wrong person is refused in the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tongxin.fieldwork.visits import services
from tongxin.fieldwork.visits.tests.support import visit
from tongxin.grid.cases.models import CaseCategory
from tongxin.platform.core.exceptions import Forbidden


def _mine(w: Any) -> Any:
    """A visit to 101 made today by a grid worker of grid 1 who is none of the personas."""
    from conftest import _make_user

    author = _make_user("t_visit_author", "grid_worker", w.grid1.pk)
    return visit(w.household1, timezone.localdate(), "网格员甲", user=author, needs="修水管")


def _category() -> CaseCategory:
    category = CaseCategory.objects.filter(children__isnull=True, is_active=True).first()
    assert category is not None
    return category


WRITES: dict[str, Callable[..., Any]] = {
    "visit_record": lambda w, a: services.visit_record(
        actor=a, household=w.household1, visited_on=timezone.localdate(), residents_met=[w.zhangsan]
    ),
    "visit_update": lambda w, a: services.visit_update(
        actor=a, visit=_mine(w), visited_on=timezone.localdate(), way="door", others_met="邻居"
    ),
    "visit_delete": lambda w, a: services.visit_delete(actor=a, visit=_mine(w)),
    "visit_need_to_case": lambda w, a: services.visit_need_to_case(
        actor=a, visit=_mine(w), category=_category(), description="修水管"
    ),
    "cadence_set": lambda w, a: services.cadence_set(actor=a, category_code="disabled", months=3),
    "cadence_remove": lambda w, a: services.cadence_remove(actor=a, category_code="disabled"),
}

# Who may not visit household 101 (grid 1, building 1): anyone without Perm.VISIT over it.
NOT_VISITORS = [
    "neighbour_grid_worker", "street_officer", "org_secretary", "party_member", "unit_contact", "outsider",
    "anonymous",
]  # fmt: skip
# Only the visit's author changes it: not even an admin or the community secretary.
NOT_THE_AUTHOR = [
    "grid_worker", "neighbour_grid_worker", "secretary", "street_officer", "building_leader", "org_secretary",
    "party_member", "unit_contact", "outsider", "admin_user", "anonymous",
]  # fmt: skip
# The cadence is the community secretary's or an admin's (Perm.SERVICE).
NOT_CADENCE_KEEPERS = [
    "grid_worker", "neighbour_grid_worker", "street_officer", "building_leader", "org_secretary", "party_member",
    "unit_contact", "outsider", "anonymous",
]  # fmt: skip
WRONG = {
    "visit_record": NOT_VISITORS,
    "visit_update": NOT_THE_AUTHOR,
    "visit_delete": NOT_THE_AUTHOR,
    "visit_need_to_case": NOT_VISITORS,
    "cadence_set": NOT_CADENCE_KEEPERS,
    "cadence_remove": NOT_CADENCE_KEEPERS,
}
CASES = [(write, wrong) for write in sorted(WRITES) for wrong in WRONG[write]]


@pytest.mark.parametrize(("write", "wrong"), CASES)
def test_the_wrong_actor_is_refused_by_the_service(request, world, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, actor)
    assert info.value.code == "forbidden"
