"""Every write of pairing assistance checks its actor itself: the wrong person is refused in the service."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from tongxin.platform.core.exceptions import Forbidden
from tongxin.volunteering.pairing import services
from tongxin.volunteering.pairing.models import BeneficiaryKind
from tongxin.volunteering.pairing.tests.support import D, beneficiary, paired
from tongxin.volunteering.service.models import ServiceHours


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 6, 30, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def setup(world):
    """张三 is looked after, paired with 赵党员 (the party_member persona's member record)."""
    b = beneficiary(world)
    return b, paired(b, world.member1)


WRITES: dict[str, Callable[..., Any]] = {
    "beneficiary_add": lambda w, b, p, a: services.beneficiary_add(
        actor=a, community=w.community, kind=BeneficiaryKind.DISABLED, since=D(2025, 1, 1), resident=w.lisi
    ),
    "pairing_start": lambda w, b, p, a: services.pairing_start(
        actor=a, beneficiary=beneficiary(w, resident=w.lisi), helpers=[w.member2], goal="每周探望",
        started_on=D(2025, 2, 1),
    ),
    "pairing_visit_log": lambda w, b, p, a: services.pairing_visit_log(
        actor=a, pairing=p, visited_on=D(2025, 6, 1), help_kind="visit", helper=p.helpers.get()
    ),
    "pairing_close": lambda w, b, p, a: services.pairing_close(
        actor=a, pairing=p, closed_on=D(2025, 6, 1), outcome="achieved"
    ),
}  # fmt: skip


@pytest.mark.parametrize(
    "wrong", ["street_officer", "grid_worker", "neighbour_grid_worker", "building_leader", "outsider", "anonymous"]
)
@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_wrong_actor_is_refused_by_the_service(request, world, setup, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, *setup, actor)
    assert info.value.code == "forbidden"


@pytest.mark.parametrize("write", ["beneficiary_add", "pairing_start", "pairing_close"])
def test_a_helper_does_not_run_the_pairing(world, setup, party_member, write):
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, *setup, party_member)
    assert info.value.code == "forbidden"


def test_a_helper_logs_only_their_own_visit_and_its_hours_wait(world, setup, party_member):
    from tongxin.volunteering.pairing.tests.support import volunteer

    _b, p = setup
    other = paired(beneficiary(world, resident=world.lisi), world.member2)
    with pytest.raises(Forbidden):  # not a helper of this pairing
        WRITES["pairing_visit_log"](world, None, other, party_member)
    with pytest.raises(Forbidden):  # a helper, but not naming their own helper row
        services.pairing_visit_log(actor=party_member, pairing=p, visited_on=D(2025, 6, 1), help_kind="visit")
    volunteer(world.community, "赵党员", user=party_member, member=world.member1)
    visit = services.pairing_visit_log(
        actor=party_member, pairing=p, visited_on=D(2025, 6, 1), help_kind="visit", helper=p.helpers.get(), hours="1"
    )
    assert ServiceHours.objects.get(source_id=visit.pk).confirmed_at is None


def test_the_community_secretary_runs_pairing(world, setup, secretary):
    _b, p = setup
    assert services.pairing_visit_log(
        actor=secretary, pairing=p, visited_on=D(2025, 6, 1), help_kind="visit", helper=p.helpers.get()
    ).pk
    assert services.pairing_close(actor=secretary, pairing=p, closed_on=D(2025, 6, 2), outcome="achieved").closed_on
    assert WRITES["beneficiary_add"](world, None, None, secretary).pk
