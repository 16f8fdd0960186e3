"""Every write of posts and points checks its actor itself: the wrong person is refused in the service."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from tongxin.partylife.points import services
from tongxin.partylife.points.models import PostHolding
from tongxin.partylife.points.tests.support import post_held
from tongxin.platform.core.exceptions import Forbidden

DAY = datetime.date(2025, 1, 1)

WRITES = {
    "post_create": lambda w, a: services.post_create(actor=a, org=w.branch1, kind="model", title="政策宣传岗"),
    "holding_create": lambda w, a: services.holding_create(
        actor=a, post=post_held(w.branch1, w.member1, DAY, DAY), member=w.member1, from_on=datetime.date(2025, 2, 1)
    ),
    "holding_end": lambda w, a: services.holding_end(
        actor=a,
        holding=PostHolding.objects.get(post=post_held(w.branch1, w.member1, DAY, None)),
        to_on=datetime.date(2025, 2, 1),
    ),
    "entry_create": lambda w, a: services.entry_create(
        actor=a, member=w.member1, on=DAY, points=Decimal("3"), reason="帮助邻居"
    ),
    "rule_set": lambda w, a: services.rule_set(
        actor=a, code=next(iter(services.DEFAULT_RULES)), points=Decimal("1"), yearly_cap=None, active=True
    ),
}


@pytest.mark.parametrize("wrong", ["street_officer", "grid_worker", "party_member", "outsider", "anonymous"])
@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_wrong_actor_is_refused_by_the_service(request, world, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, actor)
    assert info.value.code == "forbidden"


def test_a_branch_secretary_may_not_give_points_in_another_branch(world, org_secretary):
    with pytest.raises(Forbidden):
        services.entry_create(actor=org_secretary, member=world.member2, on=DAY, points=Decimal("3"), reason="x")
    with pytest.raises(Forbidden):  # the rules are the platform's, not a branch's
        WRITES["rule_set"](world, org_secretary)
