"""Helpers for programme tests: volunteers as teachers, programmes, sessions, enrolments."""

from __future__ import annotations

import datetime
from typing import Any

from tongxin.platform.core.personal import protect_phone
from tongxin.volunteering.programmes.models import Audience, Programme, ProgrammeKind, Session
from tongxin.volunteering.service.models import Volunteer

START = datetime.date(2026, 3, 2)  # a Monday
END = datetime.date(2026, 6, 30)


def staff() -> Any:
    """A platform admin to enrol and run programmes with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_programmes_staff", defaults={"is_superuser": True})[0]


def volunteer(area: Any, name: str, phone: str = "") -> Volunteer:
    v = Volunteer(area=area, registered_on=datetime.date(2025, 1, 1))
    v.set_name(name)
    if phone:
        v.set_phone(protect_phone(phone))
    v.save()
    return v


def programme(area: Any, title: str = "四点半学校", **extra: Any) -> Programme:
    values: dict[str, Any] = {
        "kind": ProgrammeKind.AFTER_SCHOOL,
        "place": "社区活动室",
        "start_date": START,
        "end_date": END,
        "capacity": 20,
        "audience": Audience.CHILDREN,
        "min_age": 6,
        "max_age": 12,
        "is_published": True,
    }
    values.update(extra)
    teachers = values.pop("teachers", [])
    p = Programme.objects.create(area=area, title=title, **values)
    p.teachers.set(teachers)
    return p


def session(p: Programme, day: datetime.date, start: str = "16:30", end: str = "18:00", **extra: Any) -> Session:
    return Session.objects.create(
        programme=p,
        date=day,
        starts_at=datetime.time.fromisoformat(start),
        ends_at=datetime.time.fromisoformat(end),
        **extra,
    )


CHILD_BIRTH = datetime.date(2017, 5, 1)


def child_args(name: str = "张小明", birth: datetime.date = CHILD_BIRTH, phone: str = "13812345678") -> dict:
    return {"name": name, "birth_date": birth, "guardian_name": "张三", "phone": phone}
