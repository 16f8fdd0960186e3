"""Writes of programmes: each checks its actor (`Forbidden`) and every rule, then writes with an
audit record, or refuses whole (`DomainError` with a message for the user).

Who may: staff with SERVICE over the programme's community run it (programmes, sessions,
attendance, desk enrolment and cancelling); REVEAL there shows a full phone number. A resident
without an account enrols through the public page (`source=PUBLIC`, any actor, the programme
published) and cancels there with the proof the page holds, through `enrolment_cancel_apply`.

Seats: `Programme.enrolled` counts the enrolled. A seat is taken by a conditional UPDATE
(`enrolled < capacity`), which the database applies to one request at a time, so the last
seat goes to exactly one person; whoever finds none takes the next waiting-list number.
A cancelled seat goes to the first person waiting, else it is given back to the counter.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from dateutil.rrule import DAILY, rrule
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, check_at, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.crypto import keyed_hash
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.personal import protect_phone
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.volunteering.programmes.models import (
    CODE_LENGTH,
    MAX_AGE,
    MAX_CAPACITY,
    Attendance,
    Audience,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Programme,
    ProgrammeKind,
    Session,
)
from tongxin.volunteering.service.models import HoursSource, Volunteer, VolunteerTeam
from tongxin.volunteering.service.services import hours_credit_apply

EARLIEST = datetime.date(2000, 1, 1)
# Lookup codes: no 0/O, 1/I/L, so a code read out on the phone is typed back right.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PARTICIPANT_KIND = "programme_participant"
MAX_SESSIONS_AT_ONCE = 200
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


def _check_runs(actor: Actor, area: Area) -> None:
    """Refuse (`Forbidden`) unless the actor holds SERVICE over the programme's community."""
    check_at(actor, Perm.SERVICE, AREA, area.path)


def _text(value: Any, limit: int) -> str:
    return "".join(c for c in str(value or "") if c >= " " and c != "\x7f").strip()[:limit]


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Full years on `day` (someone born on 29 February turns a year older on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Enrolment.objects.filter(code=code).exists():
            return code


def participant_key(name: str, birth_date: datetime.date | None, phone: str) -> str:
    """A keyed hash naming one participant: the same name, birth date and phone."""
    plain = "|".join([name.strip(), birth_date.isoformat() if birth_date else "", phone])
    return keyed_hash(PARTICIPANT_KIND, plain)


# Programmes


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


# Sessions


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


# Enrolment


def _take_seat(programme_id: int) -> bool:
    return bool(
        Programme.objects.filter(pk=programme_id, enrolled__lt=F("capacity")).update(enrolled=F("enrolled") + 1)
    )


def _next_waiting_number(programme_id: int) -> int:
    Programme.objects.filter(pk=programme_id).update(waiting_seq=F("waiting_seq") + 1)
    return Programme.objects.filter(pk=programme_id).values_list("waiting_seq", flat=True).get()


def check_participant(
    programme: Programme, *, name: str, birth_date: Any, guardian_name: str, source: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name:
        errors.setdefault("name", []).append(_("Enter the participant's name."))
    child = programme.audience == Audience.CHILDREN
    ages = programme.min_age is not None or programme.max_age is not None
    if birth_date is not None and not isinstance(birth_date, datetime.date):
        errors.setdefault("birth_date", []).append(_("Enter a date."))
    elif birth_date is None and (child or ages):
        errors.setdefault("birth_date", []).append(
            _("Enter the date of birth: this programme has an age limit.")
            if ages
            else _("Enter the child's date of birth.")
        )
    elif birth_date is not None:
        if birth_date > timezone.localdate():
            errors.setdefault("birth_date", []).append(_("A date of birth cannot be in the future."))
        else:
            age = age_on(birth_date, programme.start_date)
            if age > MAX_AGE:
                errors.setdefault("birth_date", []).append(_("Check the date of birth."))
            elif programme.min_age is not None and age < programme.min_age:
                errors.setdefault("birth_date", []).append(
                    _("This programme is for ages %(low)s and up; on %(day)s the participant will be %(age)d.")
                    % {"low": programme.min_age, "day": programme.start_date.isoformat(), "age": age}
                )
            elif programme.max_age is not None and age > programme.max_age:
                errors.setdefault("birth_date", []).append(
                    _("This programme is for ages up to %(high)s; on %(day)s the participant will be %(age)d.")
                    % {"high": programme.max_age, "day": programme.start_date.isoformat(), "age": age}
                )
            elif programme.audience == Audience.ADULTS and age < 18:
                errors.setdefault("birth_date", []).append(_("This programme is for adults (18 and over)."))
    if child and not guardian_name:
        errors.setdefault("guardian_name", []).append(_("Enter the name of the child's guardian."))
    if source == EnrolmentSource.PUBLIC and not programme.is_published:
        errors.setdefault("__all__", []).append(_("This programme is not open for enrolment online."))
    return errors


@transaction.atomic
def enrolment_create(
    *,
    actor: Actor | None,
    programme: Programme,
    name: str,
    phone: str,
    birth_date: datetime.date | None = None,
    guardian_name: str = "",
    resident: Any = None,
    source: str = EnrolmentSource.STAFF,
    ip: str | None = None,
    today: datetime.date | None = None,
) -> Enrolment:
    """Enrol someone: a seat if one is left, else a place on the waiting list.

    `phone` is the normalized number (`normalize_phone`), required online, optional at the desk.
    Online (`source=PUBLIC`) anyone enrols, with no account; otherwise staff who run the programme.
    """
    if source != EnrolmentSource.PUBLIC:
        _check_runs(actor or AnonymousUser(), programme.area)
    today = today or timezone.localdate()
    name = _text(name, 50)
    guardian_name = _text(guardian_name, 50)
    errors = check_participant(programme, name=name, birth_date=birth_date, guardian_name=guardian_name, source=source)
    if source not in EnrolmentSource.values:
        errors.setdefault("__all__", []).append(_("Unknown way of enrolling."))
    if source == EnrolmentSource.PUBLIC and not phone:
        errors.setdefault("phone", []).append(_("Enter a phone number."))
    if programme.end_date < today:
        errors.setdefault("__all__", []).append(_("This programme has ended."))
    if resident is not None and not resident.household.area.path.startswith(programme.area.path):
        errors.setdefault("resident", []).append(_("Choose a resident of this community."))
    key = participant_key(name, birth_date if isinstance(birth_date, datetime.date) else None, phone)
    if not errors and (
        Enrolment.objects.filter(programme=programme, participant_key=key)
        .exclude(status=EnrolmentStatus.CANCELLED)
        .exists()
    ):
        errors.setdefault("__all__", []).append(
            _("%(name)s is already enrolled in this programme (or waiting for a seat).") % {"name": name}
        )
    if errors:
        raise DomainError(errors)
    if _take_seat(programme.pk):
        status, number = EnrolmentStatus.ENROLLED, None
    else:
        # Full: hold the programme row while taking a number, so a seat given back meanwhile
        # (a cancellation holds the same row) is not left empty while this person waits.
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        if _take_seat(programme.pk):
            status, number = EnrolmentStatus.ENROLLED, None
        else:
            status, number = EnrolmentStatus.WAITING, _next_waiting_number(programme.pk)
    enrolment = Enrolment(
        programme=programme,
        birth_date=birth_date,
        guardian_name=guardian_name,
        resident=resident,
        status=status,
        waiting_position=number,
        enrolled_at=timezone.now(),
        source=source,
        code=new_code(),
        participant_key=key,
        ip_address=ip if source == EnrolmentSource.PUBLIC else None,
        created_by=signed_in(actor),
    )
    enrolment.set_name(name)
    enrolment.set_phone(protect_phone(phone) if phone else None)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as exc:
        # The same person sent the form twice at once; the other request enrolled them.
        raise DomainError(
            _("%(name)s is already enrolled in this programme (or waiting for a seat).") % {"name": name},
            code="duplicate",
        ) from exc
    audit_record(
        actor=actor,
        action="create",
        obj=enrolment,
        changes={
            "programme": programme.title,
            "name": name,
            "phone": enrolment.phone_masked,
            "status": status,
            "source": source,
        },
    )
    return enrolment


def waiting_rank(enrolment: Enrolment) -> int | None:
    """Place in the queue now (1 = next to get a seat)."""
    if enrolment.status != EnrolmentStatus.WAITING or enrolment.waiting_position is None:
        return None
    ahead = Enrolment.objects.filter(
        programme_id=enrolment.programme_id,
        status=EnrolmentStatus.WAITING,
        waiting_position__lt=enrolment.waiting_position,
    ).count()
    return ahead + 1


def _fill_from_waiting(programme: Programme, *, actor: Actor | None) -> list[Enrolment]:
    """Give free seats to those waiting, in order (the caller holds the programme row)."""
    moved: list[Enrolment] = []
    while True:
        first = (
            Enrolment.objects.select_for_update()
            .filter(programme_id=programme.pk, status=EnrolmentStatus.WAITING)
            .order_by("waiting_position", "id")
            .first()
        )
        if first is None or not _take_seat(programme.pk):
            return moved
        first.status, first.waiting_position = EnrolmentStatus.ENROLLED, None
        first.save(update_fields=["status", "waiting_position"])
        audit_record(actor=actor, action="update", obj=first, changes={"status": ["waiting", "enrolled"]})
        moved.append(first)


@transaction.atomic
def enrolment_cancel(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """Staff who run the programme cancel an enrolment; a seat it held goes to the first person waiting."""
    _check_runs(actor, Area.objects.only("path").get(programmes=enrolment.programme_id))
    return enrolment_cancel_apply(actor=actor, enrolment=enrolment)


@transaction.atomic
def enrolment_cancel_apply(*, actor: Actor | None, enrolment: Enrolment) -> Enrolment:
    """Cancel an enrolment: `enrolment_cancel` calls it after checking its actor, and the public page
    after the browser proved the enrolment is its own (it made it, or looked it up by phone and code)."""
    programme = Programme.objects.select_for_update().get(pk=enrolment.programme_id)
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.status == EnrolmentStatus.CANCELLED:
        raise DomainError(_("This enrolment is already cancelled."), code="cancelled")
    held_seat = locked.status == EnrolmentStatus.ENROLLED
    before = locked.status
    locked.status, locked.waiting_position, locked.cancelled_at = EnrolmentStatus.CANCELLED, None, timezone.now()
    locked.save(update_fields=["status", "waiting_position", "cancelled_at"])
    if held_seat:
        Programme.objects.filter(pk=programme.pk, enrolled__gt=0).update(enrolled=F("enrolled") - 1)
    audit_record(actor=actor, action="update", obj=locked, changes={"status": [before, "cancelled"]})
    if held_seat:
        _fill_from_waiting(programme, actor=actor)
    return locked


def enrolment_reveal(*, actor: Actor, enrolment: Enrolment) -> str:
    """The full phone number, for staff who may see it (REVEAL over the community); every reveal is audited."""
    check_at(actor, Perm.REVEAL, AREA, Area.objects.only("path").get(programmes=enrolment.programme_id).path)
    audit_record(actor=actor, action="reveal", obj=enrolment, changes={"field": "phone"})
    return enrolment.phone_plain()


def public_enrolments_from(ip: str | None, since: datetime.datetime) -> int:
    if not ip:
        return 0
    return Enrolment.objects.filter(source=EnrolmentSource.PUBLIC, ip_address=ip, enrolled_at__gte=since).count()
