"""Writes of a programme itself: create and change it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.volunteering.programmes.models import (
    MAX_AGE,
    MAX_CAPACITY,
    Audience,
    Programme,
    ProgrammeKind,
)
from tongxin.volunteering.programmes.services._common import _check_runs, _fill_from_waiting, _text
from tongxin.volunteering.service.models import Volunteer, VolunteerTeam

EARLIEST = datetime.date(2000, 1, 1)


PROGRAMME_FIELDS = [
    "kind",
    "title",
    "description",
    "place",
    "start_date",
    "end_date",
    "capacity",
    "min_age",
    "max_age",
    "audience",
    "is_published",
]


def _check_programme(
    *,
    area: Area,
    data: dict[str, Any],
    teachers: Iterable[Volunteer],
    team: VolunteerTeam | None,
    enrolled: int = 0,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if area.level not in COMMUNITY_LEVELS:
        add("area", _("A programme belongs to a community or a village."))
    if data.get("kind") not in ProgrammeKind.values:
        add("kind", _("Choose a kind of programme from the list."))
    if data.get("audience") not in Audience.values:
        add("audience", _("Choose who may enrol from the list."))
    if not data.get("title"):
        add("title", _("Give the programme a title."))
    if not data.get("place"):
        add("place", _("Say where the programme meets."))
    start, end = data.get("start_date"), data.get("end_date")
    if not isinstance(start, datetime.date):
        add("start_date", _("Enter a date."))
    elif start < EARLIEST:
        add("start_date", _("Enter a date from 2000 on."))
    if not isinstance(end, datetime.date):
        add("end_date", _("Enter a date."))
    elif isinstance(start, datetime.date) and end < start:
        add("end_date", _("The last day cannot be before the first day."))
    elif isinstance(start, datetime.date) and (end - start).days > 366:
        add("end_date", _("A programme runs for a year at most; start a new one for the next year."))
    capacity = data.get("capacity")
    if not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        add("capacity", _("Enter the number of seats: from 1 to %(max)d.") % {"max": MAX_CAPACITY})
    elif capacity < enrolled:
        add(
            "capacity",
            _("%(n)d people are enrolled already; cancel some enrolments before lowering the seats.") % {"n": enrolled},
        )
    low, high = data.get("min_age"), data.get("max_age")
    for field, value in (("min_age", low), ("max_age", high)):
        if value is not None and (not isinstance(value, int) or not 0 <= value <= MAX_AGE):
            add(field, _("Enter an age from 0 to %(max)d.") % {"max": MAX_AGE})
    if isinstance(low, int) and isinstance(high, int) and high < low:
        add("max_age", _("The oldest age cannot be below the youngest age."))
    for teacher in teachers:
        if teacher.area_id != area.pk:
            add("teachers", _("%(name)s is a volunteer of another community.") % {"name": teacher.name})
    if team is not None and team.area_id != area.pk and not team.area.path.startswith(area.path):
        add("team", _("Choose a team of this community."))
    return errors


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    data["title"] = _text(data.get("title"), 100)
    data["place"] = _text(data.get("place"), 100)
    data["description"] = str(data.get("description") or "").strip()[:2000]
    data["is_published"] = bool(data.get("is_published"))
    return data


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    area: Area,
    teachers: Iterable[Volunteer] = (),
    team: VolunteerTeam | None = None,
    **data: Any,
) -> Programme:
    """A new programme of a community (四点半学校, 暑期托管班, 社区大讲堂, a course)."""
    _check_runs(actor, area)
    data = _clean(data)
    teachers = list(teachers)
    errors = _check_programme(area=area, data=data, teachers=teachers, team=team)
    if errors:
        raise DomainError(errors)
    programme = Programme.objects.create(
        area=area, team=team, created_by=signed_in(actor), **{f: data.get(f) for f in PROGRAMME_FIELDS}
    )
    programme.teachers.set(teachers)
    audit_record(
        actor=actor,
        action="create",
        obj=programme,
        changes={**{f: data.get(f) for f in PROGRAMME_FIELDS}, "teachers": [t.name for t in teachers]},
    )
    return programme


@transaction.atomic
def programme_update(
    *,
    actor: Actor,
    programme: Programme,
    teachers: Iterable[Volunteer] = (),
    team: VolunteerTeam | None = None,
    **data: Any,
) -> Programme:
    """Change a programme; seats cannot drop below those already taken."""
    locked = Programme.objects.select_for_update().select_related("area").get(pk=programme.pk)
    _check_runs(actor, locked.area)
    data = _clean(data)
    teachers = list(teachers)
    errors = _check_programme(area=locked.area, data=data, teachers=teachers, team=team, enrolled=locked.enrolled)
    if errors:
        raise DomainError(errors)
    before = {f: getattr(locked, f) for f in PROGRAMME_FIELDS}
    for field in PROGRAMME_FIELDS:
        setattr(locked, field, data.get(field))
    locked.team = team
    locked.save()
    locked.teachers.set(teachers)
    changes = {f: [before[f], data.get(f)] for f in PROGRAMME_FIELDS if before[f] != data.get(f)}
    changes["teachers"] = [t.name for t in teachers]
    audit_record(actor=actor, action="update", obj=locked, changes=changes)
    # More seats: those waiting move up into them, first come first served.
    _fill_from_waiting(locked, actor=actor)
    return locked
