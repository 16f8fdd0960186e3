"""Writes to the duty rosters: rotas, shifts (one at a time or a period's from a weekly pattern in
one bulk write), assignments, check-in by the person on the shift, and swaps.

The office (Perm.FRONT_DESK over the community) keeps the rota; whoever is assigned checks in to
their own shift and asks for a swap without it; the person asked accepts it; the office approves.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.frontdesk.rosters.models import CHECK_IN_EARLY, MAX_NEEDED, Assignment, Rota, Shift, Swap
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for
from tongxin.platform.calendar import SHANGHAI, is_working_day
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area

# The longest period generated at once.
MAX_PERIOD_DAYS = 92
STAFF_ROLES = (Role.COMMUNITY, Role.GRID_WORKER, Role.BUILDING_LEADER)


def may_run(actor: Actor, community: Area) -> bool:
    """The community's front-desk staff (the community's office, admin)."""
    return scope_for(actor).allows_path(Perm.FRONT_DESK, AREA, community.path)


def check_runs(actor: Actor, community: Area) -> None:
    if not may_run(actor, community):
        raise Forbidden(_("Only the community's front-desk staff may do this."))


def clean(value: Any, limit: int, *, field: str, required: bool = False) -> str:
    text = "".join(c for c in str(value or "") if c >= " " or c in "\n\t").replace("\x7f", "").strip()
    if required and not text:
        raise DomainError({field: _("This field is required.")})
    if len(text) > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return text


def staff_of(community: Area) -> QuerySet[User]:
    """The accounts that may be put on the community's rotas: those holding a role in its place."""
    areas = Area.objects.filter(path__startswith=community.path).values("pk")
    held = RoleAssignment.objects.filter(role__in=STAFF_ROLES, node_id__in=areas).values("user_id")
    return User.objects.filter(pk__in=held, is_active=True).order_by("display_name", "username", "id")


def instants(
    day: datetime.date, start: datetime.time, end: datetime.time
) -> tuple[datetime.datetime, datetime.datetime]:
    """A shift's start and end; an end at or before the start is the next morning's."""
    starts = datetime.datetime.combine(day, start, tzinfo=SHANGHAI)
    end_day = day + datetime.timedelta(days=1) if end <= start else day
    return starts, datetime.datetime.combine(end_day, end, tzinfo=SHANGHAI)


def _check_times(start: Any, end: Any, needed: Any) -> int:
    if not isinstance(start, datetime.time):
        raise DomainError({"start_time": _("Enter a time, e.g. 08:30.")})
    if not isinstance(end, datetime.time):
        raise DomainError({"end_time": _("Enter a time, e.g. 17:30.")})
    if start == end:
        raise DomainError({"end_time": _("A shift ends at another time than it starts.")})
    try:
        count = int(needed)
    except (TypeError, ValueError) as exc:
        raise DomainError({"needed": _("Enter a number of people from 1 to %(max)d.") % {"max": MAX_NEEDED}}) from exc
    if not 1 <= count <= MAX_NEEDED:
        raise DomainError({"needed": _("Enter a number of people from 1 to %(max)d.") % {"max": MAX_NEEDED}})
    return count


@transaction.atomic
def rota_save(
    *,
    actor: Actor,
    rota: Rota | None = None,
    community: Area | None = None,
    kind: str,
    name: str,
    location: str = "",
    active: bool = True,
) -> Rota:
    if rota is not None:
        community = rota.community
    if community is None:
        raise DomainError({"community": _("Choose a community.")})
    check_runs(actor, community)
    if kind not in Rota.Kind.values:
        raise DomainError({"kind": _("Choose from the list.")})
    values = {
        "kind": kind,
        "name": clean(name, 100, field="name", required=True),
        "location": clean(location, 200, field="location"),
        "active": bool(active),
    }
    created = rota is None
    if rota is None:
        rota = Rota(community=community, created_by=signed_in(actor), **values)
    else:
        for key, value in values.items():
            setattr(rota, key, value)
    rota.save()
    audit_record(actor=actor, action="create" if created else "update", obj=rota, changes={"name": rota.name})
    return rota


@transaction.atomic
def shift_add(
    *,
    actor: Actor,
    rota: Rota,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    needed: Any = 1,
    note: str = "",
) -> Shift:
    check_runs(actor, rota.community)
    count = _check_times(start_time, end_time, needed)
    if not isinstance(date, datetime.date):
        raise DomainError({"date": _("Enter a date.")})
    starts, ends = instants(date, start_time, end_time)
    shift = Shift(
        rota=rota,
        date=date,
        start_time=start_time,
        end_time=end_time,
        starts=starts,
        ends=ends,
        needed=count,
        note=clean(note, 200, field="note"),
    )
    try:
        with transaction.atomic():
            shift.save()
    except IntegrityError as exc:
        raise DomainError({"start_time": _("This rota already has a shift starting then on that day.")}) from exc
    audit_record(actor=actor, action="create", obj=shift, changes={"date": str(date)})
    return shift


@transaction.atomic
def shift_remove(*, actor: Actor, shift: Shift) -> None:
    """Remove a shift not started yet (a past shift is the record of who kept it)."""
    check_runs(actor, shift.rota.community)
    if shift.starts <= timezone.now():
        raise DomainError(_("This shift has started: it stays on the record."))
    audit_record(actor=actor, action="delete", obj=shift, changes={"date": str(shift.date)})
    shift.delete()


@transaction.atomic
def shifts_generate(
    *,
    actor: Actor,
    rota: Rota,
    starts_on: datetime.date,
    ends_on: datetime.date,
    weekdays: Iterable[int],
    start_time: datetime.time,
    end_time: datetime.time,
    needed: Any = 1,
    working_days_only: bool = False,
    people: Sequence[User] = (),
) -> list[Shift]:
    """A period's shifts from a weekly pattern (weekdays 0 = Monday … 6 = Sunday), in one bulk
    write; days that already have a shift at that start are left as they are. With `people`, each
    shift gets `needed` of them in turn. `working_days_only`: the official calendar's working
    days only (holidays off, make-up days on)."""
    check_runs(actor, rota.community)
    count = _check_times(start_time, end_time, needed)
    if not isinstance(starts_on, datetime.date) or not isinstance(ends_on, datetime.date):
        raise DomainError({"starts_on": _("Enter a date.")})
    if ends_on < starts_on:
        raise DomainError({"ends_on": _("The period ends after it starts.")})
    if (ends_on - starts_on).days >= MAX_PERIOD_DAYS:
        raise DomainError({"ends_on": _("At most %(days)d days at once.") % {"days": MAX_PERIOD_DAYS}})
    days = {int(d) for d in weekdays if str(d).isdigit() and 0 <= int(d) <= 6}
    if not days and not working_days_only:
        raise DomainError({"weekdays": _("Choose at least one day of the week.")})
    staff_ids = set(staff_of(rota.community).values_list("pk", flat=True)) if people else set()
    if any(p.pk not in staff_ids for p in people):
        raise DomainError({"people": _("Only the community's staff can be put on its rota.")})
    taken = set(
        Shift.objects.filter(rota=rota, date__gte=starts_on, date__lte=ends_on, start_time=start_time).values_list(
            "date", flat=True
        )
    )
    new: list[Shift] = []
    day = starts_on
    while day <= ends_on:
        wanted = is_working_day(day) if working_days_only else day.weekday() in days
        if wanted and day not in taken:
            starts, ends = instants(day, start_time, end_time)
            new.append(
                Shift(
                    rota=rota,
                    date=day,
                    start_time=start_time,
                    end_time=end_time,
                    starts=starts,
                    ends=ends,
                    needed=count,
                )
            )
        day += datetime.timedelta(days=1)
    created = Shift.objects.bulk_create(new)
    if people and created:
        by = signed_in(actor)
        rows: list[Assignment] = []
        turn = 0
        for shift in created:
            chosen: list[User] = []
            for _i in range(min(count, len(people))):
                chosen.append(people[turn % len(people)])
                turn += 1
            rows += [Assignment(shift=shift, user=u, assigned_by=by) for u in {u.pk: u for u in chosen}.values()]
        Assignment.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="create",
        obj=rota,
        changes={"shifts": len(created), "from": str(starts_on), "to": str(ends_on)},
    )
    return created


@transaction.atomic
def assign(*, actor: Actor, shift: Shift, user: User) -> Assignment:
    check_runs(actor, shift.rota.community)
    if shift.ends <= timezone.now():
        raise DomainError(_("This shift is over."))
    if not staff_of(shift.rota.community).filter(pk=user.pk).exists():
        raise DomainError({"user": _("Only the community's staff can be put on its rota.")})
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(shift=shift, user=user, assigned_by=signed_in(actor))
    except IntegrityError as exc:
        raise DomainError({"user": _("This person is already on this shift.")}) from exc
    audit_record(actor=actor, action="create", obj=assignment, changes={"shift": shift.pk, "user": user.pk})
    return assignment


@transaction.atomic
def unassign(*, actor: Actor, assignment: Assignment) -> None:
    check_runs(actor, assignment.shift.rota.community)
    if assignment.checked_in_at is not None:
        raise DomainError(_("This person has checked in: the assignment stays on the record."))
    audit_record(actor=actor, action="delete", obj=assignment, changes={"user": assignment.user_id})
    assignment.delete()


def check_in_window(shift: Shift) -> tuple[datetime.datetime, datetime.datetime]:
    return shift.starts - CHECK_IN_EARLY, shift.ends


@transaction.atomic
def check_in(*, actor: Actor, assignment: Assignment, now: datetime.datetime | None = None) -> Assignment:
    """The person on the shift taps 签到 on their phone: once, within the window around the start."""
    if not actor.is_authenticated or assignment.user_id != actor.pk:
        raise Forbidden(_("Only the person on this shift may check in to it."))
    now = now or timezone.now()
    opens, closes = check_in_window(assignment.shift)
    if now < opens:
        raise DomainError(
            _("Check-in opens at %(time)s.") % {"time": timezone.localtime(opens, SHANGHAI).strftime("%H:%M")}
        )
    if now > closes:
        raise DomainError(_("This shift is over: it can no longer be checked in to."))
    done = Assignment.objects.filter(pk=assignment.pk, checked_in_at__isnull=True).update(checked_in_at=now)
    assignment.refresh_from_db()
    if done:
        audit_record(actor=actor, action="update", obj=assignment, changes={"checked_in": True})
    return assignment


def _open_swap(assignment: Assignment) -> Swap | None:
    return Swap.objects.filter(assignment=assignment, status__in=[Swap.Status.ASKED, Swap.Status.ACCEPTED]).first()


@transaction.atomic
def swap_ask(
    *,
    actor: Actor,
    assignment: Assignment,
    to_user: User | None = None,
    note: str = "",
    now: datetime.datetime | None = None,
) -> Swap:
    """The person on a shift asks another to take it (or, without `to_user`, offers it to the staff)."""
    if not actor.is_authenticated or assignment.user_id != actor.pk:
        raise Forbidden(_("Only the person on this shift may hand it over."))
    shift = assignment.shift
    if shift.starts <= (now or timezone.now()):
        raise DomainError(_("This shift has started: it can no longer be handed over."))
    if assignment.checked_in_at is not None:
        raise DomainError(_("You have checked in to this shift."))
    if to_user is not None:
        if to_user.pk == actor.pk:
            raise DomainError({"to_user": _("Choose someone else.")})
        if not staff_of(shift.rota.community).filter(pk=to_user.pk).exists():
            raise DomainError({"to_user": _("Only the community's staff can be put on its rota.")})
        if shift.assignments.filter(user=to_user).exists():
            raise DomainError({"to_user": _("This person is already on this shift.")})
    if _open_swap(assignment) is not None:
        raise DomainError(_("A swap of this shift is already open."))
    try:
        with transaction.atomic():
            swap = Swap.objects.create(
                assignment=assignment, from_user_id=actor.pk, to_user=to_user, note=clean(note, 200, field="note")
            )
    except IntegrityError as exc:
        raise DomainError(_("A swap of this shift is already open.")) from exc
    audit_record(actor=actor, action="create", obj=swap, changes={"to": to_user.pk if to_user else None})
    return swap


@transaction.atomic
def swap_accept(*, actor: Actor, swap: Swap) -> Swap:
    """The person asked (or, for an offer, any of the community's staff but the asker) takes it on."""
    shift = swap.assignment.shift
    if not actor.is_authenticated:
        raise Forbidden(_("Only the person asked may accept."))
    if swap.to_user_id is not None and swap.to_user_id != actor.pk:
        raise Forbidden(_("Only the person asked may accept."))
    if swap.to_user_id is None:
        if actor.pk == swap.from_user_id or not staff_of(shift.rota.community).filter(pk=actor.pk).exists():
            raise Forbidden(_("Only the community's staff may take this shift."))
        if shift.assignments.filter(user_id=actor.pk).exists():
            raise DomainError(_("You are already on this shift."))
    done = Swap.objects.filter(pk=swap.pk, status=Swap.Status.ASKED).update(
        status=Swap.Status.ACCEPTED, to_user_id=actor.pk, accepted_at=timezone.now()
    )
    if not done:
        raise DomainError(_("This swap is no longer waiting for an answer."))
    swap.refresh_from_db()
    audit_record(actor=actor, action="update", obj=swap, changes={"status": ["asked", "accepted"]})
    return swap


@transaction.atomic
def swap_approve(*, actor: Actor, swap: Swap) -> Swap:
    """The office approves an accepted swap: the assignment moves to the other person."""
    assignment = (
        Assignment.objects.select_for_update().select_related("shift__rota__community").get(pk=swap.assignment_id)
    )
    check_runs(actor, assignment.shift.rota.community)
    if actor.pk in (swap.from_user_id, swap.to_user_id):
        raise Forbidden(_("Someone else of the office approves a swap of one's own shift."))
    if swap.status != Swap.Status.ACCEPTED or swap.to_user_id is None:
        raise DomainError(_("Only a swap the other person accepted can be approved."))
    if assignment.checked_in_at is not None or assignment.shift.ends <= timezone.now():
        raise DomainError(_("This shift has been kept already."))
    if Assignment.objects.filter(shift_id=assignment.shift_id, user_id=swap.to_user_id).exists():
        raise DomainError(_("This person is already on this shift."))
    done = Swap.objects.filter(pk=swap.pk, status=Swap.Status.ACCEPTED).update(
        status=Swap.Status.APPROVED, decided_at=timezone.now(), decided_by=signed_in(actor)
    )
    if not done:
        raise DomainError(_("Only a swap the other person accepted can be approved."))
    Assignment.objects.filter(pk=assignment.pk).update(user_id=swap.to_user_id)
    swap.refresh_from_db()
    audit_record(actor=actor, action="update", obj=assignment, changes={"user": [swap.from_user_id, swap.to_user_id]})
    return swap


@transaction.atomic
def swap_decline(*, actor: Actor, swap: Swap) -> Swap:
    """The person asked declines, the asker withdraws (cancelled), or the office refuses."""
    community = swap.assignment.shift.rota.community
    if actor.is_authenticated and actor.pk == swap.from_user_id:
        to = Swap.Status.CANCELLED
    elif (actor.is_authenticated and actor.pk == swap.to_user_id) or may_run(actor, community):
        to = Swap.Status.DECLINED
    else:
        raise Forbidden(_("Only the people of this swap or the office may decline it."))
    done = Swap.objects.filter(pk=swap.pk, status__in=[Swap.Status.ASKED, Swap.Status.ACCEPTED]).update(
        status=to, decided_at=timezone.now(), decided_by=signed_in(actor)
    )
    if not done:
        raise DomainError(_("This swap is closed already."))
    swap.refresh_from_db()
    audit_record(actor=actor, action="update", obj=swap, changes={"status": to})
    return swap
