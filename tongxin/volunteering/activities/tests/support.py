"""Helpers for activity tests: teams, volunteers and activities made directly."""

from __future__ import annotations

import datetime
from typing import Any

from tongxin.volunteering.activities.models import Activity
from tongxin.volunteering.activities.services import ActivityPlan, activity_create
from tongxin.volunteering.service.models import Speciality, TeamMembership, Volunteer, VolunteerTeam

SH = datetime.timezone(datetime.timedelta(hours=8))


def at(text: str) -> datetime.datetime:
    """An aware moment in Asia/Shanghai from 'YYYY-MM-DD HH:MM'."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SH)


def staff() -> Any:
    """A platform admin to plan and sign up with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_activities_staff", defaults={"is_superuser": True})[0]


def volunteer(area: Any, name: str, **extra: Any) -> Volunteer:
    v = Volunteer(area=area, registered_on=extra.pop("registered_on", datetime.date(2025, 1, 1)), **extra)
    v.set_name(name)
    v.save()
    return v


def team(area: Any, name: str = "党员先锋队", **extra: Any) -> VolunteerTeam:
    return VolunteerTeam.objects.create(area=area, name=name, speciality=Speciality.OTHER, **extra)


def join(t: VolunteerTeam, v: Volunteer) -> TeamMembership:
    return TeamMembership.objects.create(team=t, volunteer=v, joined_on=datetime.date(2025, 1, 1))


def friday_activity(
    area: Any,
    teams: list[VolunteerTeam],
    *,
    first: datetime.date = datetime.date(2026, 9, 18),
    capacity: int | None = 20,
    now: datetime.datetime | None = None,
    rrule: str = "FREQ=WEEKLY;BYDAY=FR",
    **extra: Any,
) -> Activity:
    """Every Friday afternoon is party-member activity day (seed 000): 14:30–17:00."""
    plan = ActivityPlan(
        area=area,
        title=extra.pop("title", "主题党日活动"),
        place="党群服务中心",
        start_time=datetime.time(14, 30),
        duration_minutes=150,
        first_date=first,
        teams=teams,
        capacity=capacity,
        rrule=rrule,
        **extra,
    )
    return activity_create(actor=staff(), plan=plan, now=now or at(f"{first.isoformat()} 08:00"))
