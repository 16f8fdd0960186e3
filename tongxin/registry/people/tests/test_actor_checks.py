"""Every write of the resident registry checks its actor itself: the wrong person is refused in the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tongxin.platform.core.exceptions import Forbidden
from tongxin.registry.people import services

WRITES: dict[str, Callable[..., Any]] = {
    "resident_create": lambda w, a: services.resident_create(actor=a, household=w.household1, name="张小三"),
    "resident_update": lambda w, a: services.resident_update(actor=a, resident=w.zhangsan, note="改"),
    "resident_update (into another household)": lambda w, a: services.resident_update(
        actor=a, resident=w.zhangsan, household=w.household2
    ),
    "resident_delete": lambda w, a: services.resident_delete(actor=a, resident=w.zhangsan),
    "care_category_create": lambda w, a: services.care_category_create(actor=a, code="veteran", name_zh="退役军人"),
}

# Residents of household 101 are kept by whoever holds Perm.EDIT_PEOPLE over building 1 in the area tree.
NO_EDIT_PEOPLE_HERE = [
    "neighbour_grid_worker", "street_officer", "building_leader", "org_secretary", "party_member", "unit_contact",
    "outsider", "anonymous",
]  # fmt: skip
WRONG = {
    "resident_create": NO_EDIT_PEOPLE_HERE,
    "resident_update": NO_EDIT_PEOPLE_HERE,
    # Grid 1's worker may not move a resident into grid 2's household.
    "resident_update (into another household)": [*NO_EDIT_PEOPLE_HERE, "grid_worker"],
    "resident_delete": NO_EDIT_PEOPLE_HERE,
    # Care categories are added by a platform admin only.
    "care_category_create": [
        "grid_worker", "neighbour_grid_worker", "secretary", "street_officer", "building_leader", "org_secretary",
        "party_member", "unit_contact", "outsider", "anonymous",
    ],
}  # fmt: skip
CASES = [(write, wrong) for write in sorted(WRITES) for wrong in WRONG[write]]


@pytest.mark.parametrize(("write", "wrong"), CASES)
def test_the_wrong_actor_is_refused_by_the_service(request, world, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, actor)
    assert info.value.code == "forbidden"
