"""Helpers for service tests: volunteers, teams and hours made directly."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tongxin.volunteering.service.models import (
    HoursSource,
    ServiceHours,
    Speciality,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)


def volunteer(area: Any, name: str, **extra: Any) -> Volunteer:
    v = Volunteer(area=area, registered_on=extra.pop("registered_on", datetime.date(2025, 1, 1)), **extra)
    v.set_name(name)
    v.save()
    return v


def team(area: Any, name: str, speciality: str = Speciality.REPAIRS, **extra: Any) -> VolunteerTeam:
    return VolunteerTeam.objects.create(area=area, name=name, speciality=speciality, **extra)


def join(t: VolunteerTeam, v: Volunteer, on: datetime.date = datetime.date(2025, 1, 1)) -> TeamMembership:
    return TeamMembership.objects.create(team=t, volunteer=v, joined_on=on)


def served(
    v: Volunteer,
    on: datetime.date,
    hours: str,
    *,
    t: VolunteerTeam | None = None,
    area: Any = None,
    confirmed: bool = True,
    source: str = HoursSource.MANUAL,
    source_id: int | None = None,
    people: int = 0,
) -> ServiceHours:
    return ServiceHours.objects.create(
        volunteer=v,
        team=t,
        area=area or v.area,
        served_on=on,
        hours=Decimal(hours),
        description="服务",
        source=source,
        source_id=source_id,
        people_served=people,
        confirmed_at=timezone.now() if confirmed else None,
    )
