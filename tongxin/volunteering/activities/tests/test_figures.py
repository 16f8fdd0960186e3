"""Activity figures against a small hand-made data set whose answers are written here."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from tongxin.volunteering.activities.figures import activity_figures
from tongxin.volunteering.activities.models import Activity, Occurrence, SignUp
from tongxin.volunteering.activities.tests.support import at, team, volunteer
from tongxin.volunteering.service.models import HoursSource, ServiceHours

D = datetime.date


def _activity(area, community, title):
    return Activity.objects.create(
        area=area, community=community, title=title, place="广场", start_time=datetime.time(9),
        duration_minutes=120, first_date=D(2026, 3, 1),
    )  # fmt: skip


def _occ(a, day, *, cancelled=False):
    return Occurrence.objects.create(
        activity=a, date=day, starts_at=at(f"{day} 09:00"), ends_at=at(f"{day} 11:00"), token=f"t{a.pk}{day}",
        cancelled_at=timezone.now() if cancelled else None,
    )  # fmt: skip


def _seat(o, v, *, came=True, state="seated"):
    return SignUp.objects.create(
        occurrence=o, volunteer=v, state=state, joined_at=at("2026-03-01 08:00"),
        checked_in_at=o.starts_at if came else None,
    )  # fmt: skip


def _hours(v, area, day, hours, *, confirmed=True, source=HoursSource.ACTIVITY):
    return ServiceHours.objects.create(
        volunteer=v, area=area, served_on=day, hours=Decimal(hours), description="活动", source=source,
        confirmed_at=timezone.now() if confirmed else None,
    )  # fmt: skip


def test_activity_figures_on_hand_made_data(world, django_assert_num_queries):
    c, g1 = world.community, world.grid1
    team(c)
    v1, v2, v3 = (volunteer(c, n) for n in ("一", "二", "三"))
    w = volunteer(world.other_community, "乙")
    friday = _activity(c, c, "周五活动日")
    grid = _activity(g1, c, "网格清扫")
    other = _activity(world.other_community, world.other_community, "乙社区活动")
    quiet = _activity(c, c, "没有日期的")
    f1, f2 = _occ(friday, D(2026, 3, 6)), _occ(friday, D(2026, 3, 13))
    _occ(friday, D(2026, 3, 20), cancelled=True)  # called off: not held
    _occ(friday, D(2026, 4, 3))  # after the period
    g = _occ(grid, D(2026, 3, 10))
    o = _occ(other, D(2026, 3, 6))
    _occ(quiet, D(2026, 2, 27))  # before the period
    _seat(f1, v1), _seat(f1, v2), _seat(f1, v3, came=False)
    _seat(f2, v1), _seat(f2, v2, state="waiting", came=False)
    _seat(g, v3)
    _seat(o, w)
    _hours(v1, c, D(2026, 3, 6), "2.5")
    _hours(v2, c, D(2026, 3, 6), "2")
    _hours(v1, c, D(2026, 3, 13), "1.5", confirmed=False)  # not confirmed: not counted
    _hours(v3, g1, D(2026, 3, 10), "1.25")
    _hours(v1, c, D(2026, 3, 13), "3", source=HoursSource.MANUAL)  # not from an activity
    _hours(w, world.other_community, D(2026, 3, 6), "2")  # elsewhere
    with django_assert_num_queries(3):
        figures = activity_figures(c, D(2026, 3, 1), D(2026, 3, 31))
    assert figures == {
        "activities": 2,  # 周五活动日, 网格清扫
        "occurrences": 3,  # 03-06, 03-13, 03-10
        "signups": 5,  # seated at those: v1 v2 v3 at 03-06, v1 at 03-13, v3 at 03-10
        "participants": 3,  # v1, v2, v3 (checked in at 03-10)
        "hours": Decimal("5.75"),
    }
    assert activity_figures(g1, D(2026, 3, 1), D(2026, 3, 31)) == {
        "activities": 1, "occurrences": 1, "signups": 1, "participants": 1, "hours": Decimal("1.25"),
    }  # fmt: skip
    district = activity_figures(world.district, D(2026, 3, 1), D(2026, 3, 31))
    assert (district["activities"], district["participants"], district["hours"]) == (3, 4, Decimal("7.75"))
