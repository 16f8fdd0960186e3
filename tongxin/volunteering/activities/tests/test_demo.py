"""The demo seed: a year of activity days with sign-ups, check-ins and hours; idempotent."""

from __future__ import annotations

import datetime

from tongxin.volunteering.activities.demo import seed_activities
from tongxin.volunteering.activities.models import Activity, Occurrence, SignUp
from tongxin.volunteering.activities.tests.support import join, team, volunteer
from tongxin.volunteering.service.models import HoursSource, ServiceHours


def test_seed_writes_a_year_and_is_idempotent(world):
    t1, t2 = team(world.community, "党员先锋队"), team(world.community, "便民维修队")
    for i in range(20):
        v = volunteer(world.community, f"志愿者{i}")
        join(t1 if i % 2 else t2, v)
    today = datetime.date(2026, 11, 20)
    counts = seed_activities([world.district.path], today=today, seed=1)
    assert counts["activity"] == 1 + 2 + 2  # Friday day, two teams' monthly, two one-offs
    friday = Activity.objects.get(title="主题党日活动")
    dates = list(friday.occurrences.values_list("date", flat=True))
    assert datetime.date(2026, 10, 2) not in dates and max(dates) <= today + datetime.timedelta(weeks=8)
    assert all(d.weekday() == 4 for d in dates)
    assert SignUp.objects.filter(checked_in_at__isnull=False, checked_out_at__isnull=True).exists()
    hours = ServiceHours.objects.filter(source=HoursSource.ACTIVITY)
    assert hours.exists() and not hours.filter(served_on__gt=today - datetime.timedelta(days=14)).exists()
    for occ in Occurrence.objects.filter(taken__gt=0)[:20]:
        assert occ.taken == occ.signups.filter(state="seated").count() <= (occ.capacity or 10**6)
    again = seed_activities([world.district.path], today=today, seed=1)
    assert again == {} and Activity.objects.count() == counts["activity"]
    # 乙社区 has no teams: nothing written there.
    assert not Activity.objects.filter(community=world.other_community).exists()
