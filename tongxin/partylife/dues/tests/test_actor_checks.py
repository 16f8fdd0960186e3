"""Every write of the dues ledger checks its actor itself: the wrong person is refused in the service."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tongxin.partylife.dues import services
from tongxin.partylife.dues.models import DuesPayment
from tongxin.platform.core.exceptions import Forbidden

D = Decimal
PAID_ON = datetime.date(2025, 6, 1)


def _payment(w: Any) -> DuesPayment:
    """A payment of 赵党员 (branch 1) for 2025-03, recorded by an admin who is none of the personas."""
    from conftest import _make_user

    admin = _make_user("t_dues_recorder", "admin", None)
    services.dues_base_set(actor=admin, member=w.member1, month=202503, kind="employed", monthly_income=D("6000.00"))
    return services.dues_payment_record(actor=admin, member=w.member1, month=202503, amount=D("90.00"), paid_on=PAID_ON)


WRITES: dict[str, Callable[..., Any]] = {
    "dues_base_set": lambda w, a: services.dues_base_set(
        actor=a, member=w.member1, month=202503, kind="employed", monthly_income=D("6000.00")
    ),
    "dues_payment_record": lambda w, a: services.dues_payment_record(
        actor=a, member=w.member1, month=202503, amount=D("90.00"), paid_on=PAID_ON
    ),
    "dues_payment_remove": lambda w, a: services.dues_payment_remove(actor=a, payment=_payment(w), reason="记错"),
}


# Dues of a branch-1 member are recorded by whoever holds Perm.RECORD_DUES over branch 1.
@pytest.mark.parametrize(
    "wrong",
    [
        "grid_worker", "neighbour_grid_worker", "street_officer", "building_leader", "party_member", "unit_contact",
        "outsider", "anonymous",
    ],
)  # fmt: skip
@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_wrong_actor_is_refused_by_the_service(request, world, june_2025, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, actor)
    assert info.value.code == "forbidden"


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_branch_secretary_may_not_record_for_another_branch(world, june_2025, write):
    from conftest import _make_user

    other = _make_user("t_branch2", "org_secretary", world.branch2.pk)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, other)
    assert info.value.code == "forbidden"
