"""Writes of sessions: add one or a weekly run, mark one held (crediting the teachers' hours), the tick list."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from dateutil.rrule import DAILY, rrule
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import Area
from tongxin.volunteering.programmes.models import (
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Programme,
    Session,
)
from tongxin.volunteering.programmes.services._common import _check_runs, _text
from tongxin.volunteering.service.models import HoursSource, Volunteer
from tongxin.volunteering.service.services import hours_credit_apply

MAX_SESSIONS_AT_ONCE = 200


def _check_session(
    programme: Programme, date: Any, starts_at: Any, ends_at: Any, teacher: Volunteer | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not isinstance(date, datetime.date):
        errors.setdefault("date", []).append(_("Enter a date."))
    elif not programme.start_date <= date <= programme.end_date:
        errors.setdefault("date", []).append(
            _("Choose a day from %(start)s to %(end)s, when the programme runs.")
            % {"start": programme.start_date.isoformat(), "end": programme.end_date.isoformat()}
        )
    if not isinstance(starts_at, datetime.time):
        errors.setdefault("starts_at", []).append(_("Enter a time."))
    if not isinstance(ends_at, datetime.time):
        errors.setdefault("ends_at", []).append(_("Enter a time."))
    elif isinstance(starts_at, datetime.time) and ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(_("A session ends after it starts."))
    if teacher is not None and teacher.area_id != programme.area_id:
        errors.setdefault("teacher", []).append(
            _("%(name)s is a volunteer of another community.") % {"name": teacher.name}
        )
    return errors


@transaction.atomic
def session_add(
    *,
    actor: Actor,
    programme: Programme,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    topic: str = "",
    teacher: Volunteer | None = None,
) -> Session:
    _check_runs(actor, programme.area)
    errors = _check_session(programme, date, starts_at, ends_at, teacher)
    if not errors and Session.objects.filter(programme=programme, date=date, starts_at=starts_at).exists():
        errors.setdefault("date", []).append(_("There is a session at this time on this day already."))
    if errors:
        raise DomainError(errors)
    try:
        with transaction.atomic():
            session = Session.objects.create(
                programme=programme,
                date=date,
                starts_at=starts_at,
                ends_at=ends_at,
                topic=_text(topic, 100),
                teacher=teacher,
            )
    except IntegrityError as exc:
        raise DomainError(_("There is a session at this time on this day already."), code="duplicate") from exc
    audit_record(
        actor=actor,
        action="create",
        obj=session,
        changes={"programme": programme.title, "date": date.isoformat(), "from": starts_at, "until": ends_at},
    )
    return session


def weekdays_between(start: datetime.date, end: datetime.date, weekdays: Iterable[int]) -> list[datetime.date]:
    """The days from `start` to `end` falling on `weekdays` (0 Monday … 6 Sunday)."""
    days = sorted(set(weekdays))
    if not days or end < start:
        return []
    rule = rrule(DAILY, dtstart=start, until=end, byweekday=days)
    return [d.date() for d in rule]


@transaction.atomic
def sessions_repeat(
    *,
    actor: Actor,
    programme: Programme,
    first: datetime.date,
    last: datetime.date,
    weekdays: Iterable[int],
    starts_at: datetime.time,
    ends_at: datetime.time,
    topic: str = "",
    teacher: Volunteer | None = None,
) -> list[Session]:
    """Sessions on every chosen weekday from `first` to `last` ("every weekday 16:30–18:00").

    Days that already have a session at that time are skipped, so running it twice adds nothing.
    """
    _check_runs(actor, programme.area)
    errors = _check_session(programme, first, starts_at, ends_at, teacher)
    if "date" in errors:
        errors["first"] = errors.pop("date")
    if not isinstance(last, datetime.date):
        errors.setdefault("last", []).append(_("Enter a date."))
    elif isinstance(first, datetime.date) and last < first:
        errors.setdefault("last", []).append(_("The last day cannot be before the first day."))
    elif last > programme.end_date:
        errors.setdefault("last", []).append(
            _("Choose a day up to %(end)s, when the programme ends.") % {"end": programme.end_date.isoformat()}
        )
    weekdays = [d for d in weekdays if isinstance(d, int) and 0 <= d <= 6]
    if not weekdays:
        errors.setdefault("weekdays", []).append(_("Choose at least one day of the week."))
    if errors:
        raise DomainError(errors)
    days = weekdays_between(first, last, weekdays)
    taken = set(
        Session.objects.filter(programme=programme, date__in=days, starts_at=starts_at).values_list("date", flat=True)
    )
    days = [d for d in days if d not in taken]
    if len(days) > MAX_SESSIONS_AT_ONCE:
        raise DomainError(
            {"last": [_("That makes more than %(max)d sessions; add them in parts.") % {"max": MAX_SESSIONS_AT_ONCE}]}
        )
    text = _text(topic, 100)
    sessions = Session.objects.bulk_create(
        [
            Session(programme=programme, date=d, starts_at=starts_at, ends_at=ends_at, topic=text, teacher=teacher)
            for d in days
        ]
    )
    audit_record(
        actor=actor,
        action="create",
        obj=programme,
        changes={
            "sessions": len(sessions),
            "first": first.isoformat(),
            "last": last.isoformat(),
            "weekdays": sorted(weekdays),
            "from": starts_at,
            "until": ends_at,
        },
    )
    return sessions


def session_teachers(session: Session) -> list[Volunteer]:
    """Who taught a session: its own teacher, else the programme's teachers."""
    if session.teacher_id is not None:
        return [session.teacher] if session.teacher is not None else []
    return list(session.programme.teachers.all())


@transaction.atomic
def session_mark_held(*, actor: Actor, session: Session, today: datetime.date | None = None) -> Session:
    """Staff confirm the session took place: each teacher is credited its hours, confirmed."""
    today = today or timezone.localdate()
    locked = (
        Session.objects.select_for_update(of=("self",))
        .select_related("programme", "programme__area", "teacher")
        .get(pk=session.pk)
    )
    _check_runs(actor, locked.programme.area)
    if locked.held_at is not None:
        raise DomainError(_("This session is already marked as held."), code="held")
    if locked.date > today:
        raise DomainError(_("A session can be marked as held on its day or later."), code="future")
    teachers = session_teachers(locked)
    programme = locked.programme
    hours = Decimal(str(round(locked.hours, 2)))
    for teacher in teachers:
        hours_credit_apply(
            volunteer=teacher,
            area=programme.area,
            served_on=locked.date,
            hours=hours,
            description=_text(f"{programme.title} · {locked.topic}" if locked.topic else programme.title, 200),
            source=HoursSource.PROGRAMME,
            source_id=locked.pk,
            team=programme.team if programme.team is not None and programme.team.is_active else None,
            people_served=Attendance.objects.filter(session=locked, present=True).count(),
            actor=actor,
            confirmed=True,
        )
    locked.held_at, locked.held_by = timezone.now(), signed_in(actor)
    locked.save(update_fields=["held_at", "held_by"])
    audit_record(
        actor=actor,
        action="update",
        obj=locked,
        changes={"held": True, "teachers": [t.name for t in teachers], "hours": str(hours)},
    )
    return locked


@transaction.atomic
def attendance_record(*, actor: Actor, session: Session, present_ids: Iterable[int]) -> int:
    """The tick list of a session: who of those enrolled came. Returns how many came."""
    _check_runs(actor, Area.objects.only("path").get(programmes=session.programme_id))
    enrolled = set(
        Enrolment.objects.filter(programme_id=session.programme_id, status=EnrolmentStatus.ENROLLED).values_list(
            "pk", flat=True
        )
    )
    present = {pk for pk in present_ids if pk in enrolled}
    existing = {row.enrolment_id: row for row in Attendance.objects.select_for_update().filter(session=session)}
    to_update = []
    for pk, row in existing.items():
        value = pk in present
        if row.present != value:
            row.present = value
            to_update.append(row)
    Attendance.objects.bulk_update(to_update, ["present"])
    Attendance.objects.bulk_create(
        [Attendance(session=session, enrolment_id=pk, present=pk in present) for pk in sorted(enrolled - set(existing))]
    )
    audit_record(
        actor=actor, action="update", obj=session, changes={"present": len(present), "enrolled": len(enrolled)}
    )
    return len(present)
