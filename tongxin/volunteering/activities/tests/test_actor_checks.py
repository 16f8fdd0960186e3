"""Every write of activities checks its actor itself: the wrong person is refused in the service."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from tongxin.platform.core.exceptions import Forbidden
from tongxin.volunteering.activities import services
from tongxin.volunteering.activities.models import Occurrence, SignUp
from tongxin.volunteering.activities.tests.support import at, friday_activity, join, staff, team, volunteer

BEFORE = at("2026-09-17 10:00")
AFTER = at("2026-09-18 18:00")


@pytest.fixture
def setup(world):
    t = team(world.community)
    a = friday_activity(world.community, [t])
    occ = Occurrence.objects.get(activity=a, date=datetime.date(2026, 9, 18))
    v = volunteer(world.community, "小王")
    join(t, v)
    return t, a, occ, v


def _plan(w, t, **over):
    return services.ActivityPlan(
        area=w.community, title="周五活动日", place="党群服务中心", start_time=datetime.time(14, 30),
        duration_minutes=150, first_date=datetime.date(2026, 10, 9), teams=[t], **over,
    )  # fmt: skip


def _seated(occ, v):
    return services.signup_create(actor=staff(), occurrence=occ, volunteer=v, now=BEFORE)


WRITES: dict[str, Callable[..., Any]] = {
    "activity_create": lambda w, t, a, occ, v, actor: services.activity_create(
        actor=actor, plan=_plan(w, t), now=BEFORE
    ),
    "activity_update": lambda w, t, a, occ, v, actor: services.activity_update(
        actor=actor, activity=a, plan=_plan(w, t), now=BEFORE
    ),
    "signup_create (someone else)": lambda w, t, a, occ, v, actor: services.signup_create(
        actor=actor, occurrence=occ, volunteer=v, now=BEFORE
    ),
    "signup_cancel (someone else's)": lambda w, t, a, occ, v, actor: services.signup_cancel(
        actor=actor, signup=_seated(occ, v), now=BEFORE
    ),
    "rollcall_record": lambda w, t, a, occ, v, actor: services.rollcall_record(
        actor=actor, occurrence=occ, rows=[services.Attendance(signup=_seated(occ, v), came=True)], now=AFTER
    ),
    "hours_confirm_occurrence": lambda w, t, a, occ, v, actor: services.hours_confirm_occurrence(
        actor=actor, occurrence=occ, now=AFTER
    ),
}


@pytest.mark.parametrize("wrong", ["grid_worker", "neighbour_grid_worker", "party_member", "outsider", "anonymous"])
@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_wrong_actor_is_refused_by_the_service(request, world, setup, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, *setup, actor)
    assert info.value.code == "forbidden"


def test_the_venue_check_in_takes_a_signed_in_account(setup):
    _t, _a, occ, _v = setup
    with pytest.raises(Forbidden) as info:
        services.checkin_by_token(user=AnonymousUser(), occurrence=occ, now=at("2026-09-18 14:00"))
    assert info.value.code == "forbidden"


def test_another_communitys_secretary_may_not_run_the_activity(world, setup):
    from conftest import _make_user

    t, a, occ, _v = setup
    other = _make_user("t_other_secretary", "community", world.other_community.pk)
    with pytest.raises(Forbidden):
        services.activity_update(actor=other, activity=a, plan=_plan(world, t), now=BEFORE)
    with pytest.raises(Forbidden):
        services.hours_confirm_occurrence(actor=other, occurrence=occ, now=AFTER)


def test_a_leader_may_not_plan_with_a_team_they_do_not_lead(world, setup, party_member):
    t, _a, _occ, _v = setup
    mine = volunteer(world.community, "赵党员", user=party_member, member=world.member1)
    led = team(world.community, "我的队", leader=mine)
    with pytest.raises(Forbidden):
        services.activity_create(actor=party_member, plan=_plan(world, t), now=BEFORE)
    assert services.activity_create(actor=party_member, plan=_plan(world, led), now=BEFORE).pk


def test_the_right_actors_still_write(world, setup, secretary, party_member):
    t, a, occ, v = setup
    assert services.activity_create(actor=secretary, plan=_plan(world, t), now=BEFORE).pk
    mine = volunteer(world.community, "赵党员", user=party_member, member=world.member1)
    own = services.signup_create(actor=party_member, occurrence=occ, volunteer=mine, now=BEFORE)
    assert own.state == SignUp.State.SEATED
    assert services.signup_cancel(actor=party_member, signup=own, now=BEFORE).state == SignUp.State.CANCELLED
    # The team's leader runs the activity: signs someone up, takes the roll call, confirms the hours.
    t.leader = mine
    t.save()
    seated = services.signup_create(actor=party_member, occurrence=occ, volunteer=v, now=BEFORE)
    rows = [services.Attendance(signup=seated, came=True, checked_out_at=at("2026-09-18 17:00"))]
    assert services.rollcall_record(actor=party_member, occurrence=occ, rows=rows, now=AFTER) == 1
    assert services.hours_confirm_occurrence(actor=party_member, occurrence=occ, now=AFTER) == (1, [])
    services.activity_update(actor=party_member, activity=a, plan=_plan(world, t), now=BEFORE)
