"""Every write of the organization tree and the member registry checks its actor itself: the wrong person
is refused in the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tongxin.platform.core.exceptions import Forbidden
from tongxin.registry.party import services
from tongxin.registry.party.models import OrgKind

WRITES: dict[str, Callable[..., Any]] = {
    "org_create (top level, in 乙社区)": lambda w, a: services.org_create(
        actor=a, parent=None, kind=OrgKind.COMMITTEE, name="乙社区党委", area=w.other_community
    ),
    "org_create (under the committee)": lambda w, a: services.org_create(
        actor=a, parent=w.committee, kind=OrgKind.BRANCH, name="第三网格党支部"
    ),
    "org_update": lambda w, a: services.org_update(actor=a, org=w.branch1, note="改"),
    "org_move": lambda w, a: services.org_move(actor=a, org=w.branch1, new_parent=w.joint),
    "member_create": lambda w, a: services.member_create(actor=a, org=w.branch1, name="孙党员", kind="direct"),
    "member_update": lambda w, a: services.member_update(actor=a, member=w.member1, note="改"),
    "member_delete": lambda w, a: services.member_delete(actor=a, member=w.member1),
}

# The organization tree is shaped by whoever holds Perm.EDIT_TREE above the place.
NO_EDIT_TREE = [
    "grid_worker", "neighbour_grid_worker", "building_leader", "org_secretary", "party_member", "unit_contact",
    "outsider", "anonymous",
]  # fmt: skip
# Branch 1's members are kept by whoever holds Perm.EDIT_PEOPLE over branch 1.
NO_EDIT_PEOPLE_HERE = [
    "neighbour_grid_worker", "street_officer", "building_leader", "party_member", "unit_contact", "outsider",
    "anonymous",
]  # fmt: skip
WRONG = {
    # A top-level organization is anchored in the actor's own areas: 甲社区's secretary may not add 乙社区's.
    "org_create (top level, in 乙社区)": [*NO_EDIT_TREE, "secretary"],
    "org_create (under the committee)": NO_EDIT_TREE,
    "org_update": NO_EDIT_TREE,
    "org_move": NO_EDIT_TREE,
    "member_create": NO_EDIT_PEOPLE_HERE,
    "member_update": NO_EDIT_PEOPLE_HERE,
    "member_delete": NO_EDIT_PEOPLE_HERE,
}
CASES = [(write, wrong) for write in sorted(WRITES) for wrong in WRONG[write]]


@pytest.mark.parametrize(("write", "wrong"), CASES)
def test_the_wrong_actor_is_refused_by_the_service(request, world, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, actor)
    assert info.value.code == "forbidden"
