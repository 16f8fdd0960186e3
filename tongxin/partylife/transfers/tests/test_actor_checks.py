"""Every write of transfers and floating members checks its actor itself: the wrong person is refused in
the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tongxin.partylife.transfers import services
from tongxin.partylife.transfers.tests.support import (
    floating_in,
    floating_out,
    internal_transfer,
    out_transfer,
    station,
    walk,
)
from tongxin.platform.core.exceptions import Forbidden

WRITES: dict[str, Callable[..., Any]] = {
    "transfer_create (out of branch 1)": lambda w, a: services.transfer_create(
        actor=a, direction="out", member=w.member1, to_name="外省某街道党工委", letter_scope="elsewhere",
        letter_number="L-001",
    ),
    "transfer_transition (branch 1 sends)": lambda w, a: services.transfer_transition(
        actor=a, transfer=out_transfer(w), to_state="sent"
    ),
    "transfer_transition (branch 2 receives)": lambda w, a: services.transfer_transition(
        actor=a, transfer=walk(internal_transfer(w), "sent"), to_state="received"
    ),
    "floating_out_create": lambda w, a: services.floating_out_create(
        actor=a, member=w.member1, certificate_number="流证20250001", destination="深圳市南山区",
        left_on=timezone.localdate(), station=station(w),
    ),
    "floating_in_create": lambda w, a: services.floating_in_create(
        actor=a, station=station(w), name="周流入", home_org="某县某村党支部", certificate_number="流证20250099",
        arrived_on=timezone.localdate(),
    ),
    "contact_log_add": lambda w, a: services.contact_log_add(
        actor=a, floating=floating_out(w), on=timezone.localdate(), how="phone"
    ),
    "floating_end (back home)": lambda w, a: services.floating_end(
        actor=a, record=floating_out(w), on=timezone.localdate()
    ),
    "floating_end (left the station)": lambda w, a: services.floating_end(
        actor=a, record=floating_in(w), on=timezone.localdate()
    ),
}  # fmt: skip

# Member work is done by whoever holds Perm.PARTY_WORK over the organization concerned.
NO_PARTY_WORK = [
    "grid_worker", "neighbour_grid_worker", "street_officer", "building_leader", "party_member", "unit_contact",
    "outsider", "anonymous",
]  # fmt: skip
# Branch 1's secretary does not act for branch 2 nor for the committee's liaison station.
NOT_BRANCH_ONE = [*NO_PARTY_WORK, "org_secretary"]
WRONG = {
    "transfer_create (out of branch 1)": NO_PARTY_WORK,
    "transfer_transition (branch 1 sends)": NO_PARTY_WORK,
    "transfer_transition (branch 2 receives)": NOT_BRANCH_ONE,
    "floating_out_create": NO_PARTY_WORK,
    "floating_in_create": NOT_BRANCH_ONE,
    "contact_log_add": NO_PARTY_WORK,
    "floating_end (back home)": NO_PARTY_WORK,
    "floating_end (left the station)": NOT_BRANCH_ONE,
}
CASES = [(write, wrong) for write in sorted(WRITES) for wrong in WRONG[write]]


@pytest.mark.parametrize(("write", "wrong"), CASES)
def test_the_wrong_actor_is_refused_by_the_service(request, world, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, actor)
    assert info.value.code == "forbidden"
