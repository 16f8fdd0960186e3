# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows for the activity pages (collected by tests/test_permission_matrix.py).

The world's activity is 甲社区's weekly activity day a week ahead; 赵党员 (the party member
persona) is a volunteer of 甲社区 and so sees it and signs up, but does not lead it. Leading
takes Perm.SERVICE over the area (admin, the community secretary) or leading one of its teams.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse as R
from django.utils import timezone

from tests.matrix_rows import Rows

ROWS = Rows()


def _team(w: Any, community: Any = None) -> Any:
    from tongxin.volunteering.service.models import VolunteerTeam

    community = community or w.community
    return VolunteerTeam.objects.get_or_create(area=community, name="党员先锋队", defaults={"speciality": "other"})[0]


def _volunteer(w: Any) -> Any:
    """赵党员's volunteer record in 甲社区, with the account when the persona has one."""
    from tongxin.volunteering.service.models import Volunteer

    v = Volunteer.objects.filter(area=w.community, member=w.member1).first()
    if v is None:
        v = Volunteer(area=w.community, member=w.member1, registered_on=datetime.date(2025, 1, 1))
        v.set_name("赵党员")
    v.user = w.member1.user
    v.save()
    return v


def _activity(w: Any, community: Any = None) -> Any:
    from tongxin.volunteering.activities.models import Activity
    from tongxin.volunteering.activities.services import ActivityPlan, activity_create
    from tongxin.volunteering.activities.tests.support import staff

    _volunteer(w)
    community = community or w.community
    found = Activity.objects.filter(area=community).first()
    if found is not None:
        return found
    plan = ActivityPlan(
        area=community, title="主题党日活动", place="党群服务中心", start_time=datetime.time(14, 30),
        duration_minutes=150, first_date=timezone.localdate() + datetime.timedelta(days=7),
        teams=[_team(w, community)], capacity=20, rrule="FREQ=WEEKLY",
    )  # fmt: skip
    return activity_create(actor=staff(), plan=plan)


def _occ(w: Any, community: Any = None) -> Any:
    return _activity(w, community).occurrences.order_by("starts_at").first()


def _past_occ(w: Any) -> Any:
    """Yesterday's date of the activity (begun, so its roll call and hours may be recorded)."""
    from tongxin.volunteering.activities.models import Occurrence

    a = _activity(w)
    start = timezone.now() - datetime.timedelta(days=1)
    return Occurrence.objects.create(
        activity=a, date=timezone.localdate(start), starts_at=start, ends_at=start + datetime.timedelta(hours=2),
        capacity=20, token="matrixpasttoken",
    )  # fmt: skip


def _signup(w: Any) -> Any:
    from tongxin.volunteering.activities.services import signup_create
    from tongxin.volunteering.activities.tests.support import staff

    return signup_create(actor=staff(), occurrence=_occ(w), volunteer=_volunteer(w))


_NEW = {
    "area": lambda w: str(w.community.pk), "teams": lambda w: str(_team(w).pk), "title": "周五活动日",
    "place": "党群服务中心", "first_date": "2027-01-08", "start_time": "14:30", "duration_minutes": "150",
    "capacity": "30", "repeat": "weekly", "weekdays": "FR", "skip_holidays": "on",
}  # fmt: skip

# fmt: off
ROWS.row("activities:list",       "GET",  lambda w: (_volunteer(w), R("activities:list"))[1],                                      "200 200 200 200 200 200 200 200 403 403 302")
ROWS.row("activities:list",       "GET",  lambda w: (_volunteer(w), R("activities:list"))[1] + f"?view=activities&node={w.other_community.pk}", "200 200 404 404 404 404 404 404 403 403 302")
ROWS.row("activities:mine",       "GET",  lambda w: (_signup(w), R("activities:mine"))[1],                                         "200 200 200 200 200 200 200 200 200 200 302")
ROWS.row("activities:create",     "GET",  lambda w: R("activities:create"),                                                        "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("activities:create",     "POST", lambda w: R("activities:create"),                                                        "302 403 302 403 403 403 403 403 403 403 302", _NEW)
ROWS.row("activities:detail",     "GET",  lambda w: R("activities:detail", args=[_activity(w).pk]),                                "200 200 200 404 404 404 404 200 404 404 302")
ROWS.row("activities:detail",     "GET",  lambda w: R("activities:detail", args=[_activity(w, w.other_community).pk]),             "200 200 404 404 404 404 404 404 404 404 302")
ROWS.row("activities:edit",       "GET",  lambda w: R("activities:edit", args=[_activity(w).pk]),                                  "200 403 200 404 404 404 404 403 404 404 302")
ROWS.row("activities:edit",       "POST", lambda w: R("activities:edit", args=[_activity(w).pk]),                                  "302 403 302 404 404 404 404 403 404 404 302", _NEW)
ROWS.row("activities:occurrence", "GET",  lambda w: R("activities:occurrence", args=[_occ(w).pk]),                                 "200 200 200 404 404 404 404 200 404 404 302")
ROWS.row("activities:occurrence", "GET",  lambda w: R("activities:occurrence", args=[_occ(w, w.other_community).pk]),              "200 200 404 404 404 404 404 404 404 404 302")
ROWS.row("activities:signup",     "POST", lambda w: R("activities:signup", args=[_occ(w).pk]),                                     "302 302 302 404 404 404 404 302 404 404 302")
ROWS.row("activities:signup",     "POST", lambda w: R("activities:signup", args=[_occ(w).pk]),                                     "302 403 302 404 404 404 404 403 404 404 302", {"volunteer": lambda w: str(_volunteer(w).pk)})
ROWS.row("activities:cancel",     "POST", lambda w: R("activities:cancel", args=[_signup(w).pk]),                                  "302 403 302 404 404 404 404 302 404 404 302")
ROWS.row("activities:qr",         "GET",  lambda w: R("activities:qr", args=[_occ(w).pk]),                                         "200 403 200 404 404 404 404 403 404 404 302")
ROWS.row("activities:rollcall",   "GET",  lambda w: R("activities:rollcall", args=[_past_occ(w).pk]),                              "200 403 200 404 404 404 404 403 404 404 302")
ROWS.row("activities:rollcall",   "POST", lambda w: R("activities:rollcall", args=[_past_occ(w).pk]),                              "302 403 302 404 404 404 404 403 404 404 302")
ROWS.row("activities:confirm",    "POST", lambda w: R("activities:confirm", args=[_past_occ(w).pk]),                               "302 403 302 404 404 404 404 403 404 404 302")
# The venue QR's link: the token is the proof of presence, any signed-in account may use it.
ROWS.row("activities:checkin",    "GET",  lambda w: R("activities:checkin", args=[_occ(w).token]),                                 "200 200 200 200 200 200 200 200 200 200 302")
ROWS.row("activities:checkin",    "POST", lambda w: R("activities:checkin", args=[_occ(w).token]),                                 "302 302 302 302 302 302 302 302 302 302 302")
ROWS.row("activities:checkin",    "GET",  lambda w: R("activities:checkin", args=["no-such-token"]),                               "404 404 404 404 404 404 404 404 404 404 302")
# fmt: on
