"""Every write of volunteer service checks its actor itself: the wrong person is refused in the service."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tongxin.grid.cases.models import CaseCategory
from tongxin.grid.cases.services import case_report
from tongxin.platform.core.exceptions import Forbidden
from tongxin.volunteering.service import services
from tongxin.volunteering.service.models import HoursSource
from tongxin.volunteering.service.tests.support import join, served, team, volunteer

DAY = datetime.date(2025, 3, 1)


@pytest.fixture
def setup(world):
    t = team(world.community, "维修队")
    v = volunteer(world.community, "小王")
    join(t, v)
    return t, v


def _case(w):
    category = CaseCategory.objects.filter(children__isnull=True).first()
    assert category is not None
    return case_report(actor=None, category=category, description="修水管", area=w.building1)


WRITES: dict[str, Callable[..., Any]] = {
    "hours_credit": lambda w, t, v, a: services.hours_credit(
        volunteer=v, area=w.community, served_on=DAY, hours=Decimal("2"), description="x",
        source=HoursSource.MANUAL, source_id=None, team=t, actor=a,
    ),
    "hours_confirm": lambda w, t, v, a: services.hours_confirm(
        hours=served(v, DAY, "2", t=t, confirmed=False), actor=a
    ),
    "hours_confirm_many": lambda w, t, v, a: services.hours_confirm_many(
        rows=[served(v, DAY, "2", t=t, confirmed=False)], actor=a
    ),
    "hours_reject": lambda w, t, v, a: services.hours_reject(
        hours=served(v, DAY, "2", t=t, confirmed=False), actor=a, reason="x"
    ),
    "volunteer_register": lambda w, t, v, a: services.volunteer_register(
        actor=a, area=w.community, name="小李", phone="13800001234"
    ),
    "team_save (new)": lambda w, t, v, a: services.team_save(
        actor=a, area=w.community, name="新队", speciality=t.speciality
    ),
    "team_save (edit)": lambda w, t, v, a: services.team_save(
        actor=a, team=t, area=w.community, name="改名", speciality=t.speciality
    ),
    "team_member_add": lambda w, t, v, a: services.team_member_add(
        actor=a, team=t, volunteer=volunteer(w.community, "小赵")
    ),
    "team_member_remove": lambda w, t, v, a: services.team_member_remove(actor=a, team=t, volunteer=v),
    "team_leader_set": lambda w, t, v, a: services.team_leader_set(actor=a, team=t, volunteer=v),
    "offering_save": lambda w, t, v, a: services.offering_save(actor=a, team=t, name="修水管"),
    "case_hours_credit": lambda w, t, v, a: services.case_hours_credit(
        actor=a, team=t, case=_case(w), volunteers=[v], served_on=DAY, hours=Decimal("1")
    ),
}  # fmt: skip


@pytest.mark.parametrize("wrong", ["grid_worker", "outsider", "anonymous"])
@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_wrong_actor_is_refused_by_the_service(request, world, setup, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, *setup, actor)
    assert info.value.code == "forbidden"


def test_the_team_leader_runs_the_team_but_does_not_choose_its_leader(world, setup, party_member):
    t, v = setup
    v.user = party_member
    v.save()
    t.leader = v
    t.save()
    with pytest.raises(Forbidden):
        services.team_leader_set(actor=party_member, team=t, volunteer=None)
    with pytest.raises(Forbidden):
        services.offering_save(actor=party_member, team=t, name="修水管")
