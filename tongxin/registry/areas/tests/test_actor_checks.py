"""Every write of the area tree and households checks its actor itself: the wrong person is refused in
the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tongxin.platform.core.exceptions import Forbidden
from tongxin.registry.areas import services
from tongxin.registry.areas.models import Household, Level

WRITES: dict[str, Callable[..., Any]] = {
    "area_create (a district)": lambda w, a: services.area_create(
        actor=a, parent=None, level=Level.DISTRICT, name="新区"
    ),
    "area_create (a building)": lambda w, a: services.area_create(
        actor=a, parent=w.grid1, level=Level.BUILDING, name="3号楼"
    ),
    "area_update": lambda w, a: services.area_update(actor=a, area=w.building1, name="一号楼"),
    "area_move": lambda w, a: services.area_move(actor=a, area=w.building1, new_parent=w.grid2),
    "area_move (the node the role is held at)": lambda w, a: services.area_move(
        actor=a, area=w.community, new_parent=w.subdistrict
    ),
    "household_create": lambda w, a: services.household_create(actor=a, area=w.building1, number="102"),
    "household_update": lambda w, a: services.household_update(actor=a, household=w.household1, note="改"),
    "household_delete": lambda w, a: services.household_delete(
        actor=a, household=Household.objects.create(area=w.building1, grid=w.grid1, number="109")
    ),
    "estate_create": lambda w, a: services.estate_create(actor=a, community=w.community, name="幸福小区"),
}

# The tree is shaped by whoever holds Perm.EDIT_TREE above the place (admin, subdistrict, community).
NO_EDIT_TREE = [
    "grid_worker", "neighbour_grid_worker", "building_leader", "org_secretary", "party_member", "unit_contact",
    "outsider", "anonymous",
]  # fmt: skip
# Households of building 1 are kept by whoever holds Perm.EDIT_PEOPLE over it in the area tree.
NO_EDIT_PEOPLE_HERE = [
    "neighbour_grid_worker", "street_officer", "building_leader", "org_secretary", "party_member", "unit_contact",
    "outsider", "anonymous",
]  # fmt: skip
WRONG = {
    "area_create (a district)": [*NO_EDIT_TREE, "secretary", "street_officer"],
    "area_create (a building)": NO_EDIT_TREE,
    "area_update": NO_EDIT_TREE,
    "area_move": NO_EDIT_TREE,
    "area_move (the node the role is held at)": [*NO_EDIT_TREE, "secretary"],
    "household_create": NO_EDIT_PEOPLE_HERE,
    "household_update": NO_EDIT_PEOPLE_HERE,
    "household_delete": NO_EDIT_PEOPLE_HERE,
    "estate_create": NO_EDIT_TREE,
}
CASES = [(write, wrong) for write in sorted(WRITES) for wrong in WRONG[write]]


@pytest.mark.parametrize(("write", "wrong"), CASES)
def test_the_wrong_actor_is_refused_by_the_service(request, world, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, actor)
    assert info.value.code == "forbidden"
