"""Writes of activities: plan and edit, materialize dates, sign up and cancel, check in and out,
roll call, confirm hours. Each checks its actor (`Forbidden`) and every rule, then writes with
an audit record, or refuses whole (DomainError). Who may: staff with SERVICE over the activity's
area or the leader of one of its teams plans and runs it; a volunteer signs up and cancels their
own place; `occurrences_sync` and `horizon_extend` are the system's (no actor).

Seats are counted on the occurrence row and moved only by conditional UPDATEs
(`taken < capacity`), so two people signing up for the last seat at once cannot both get it,
on SQLite (IMMEDIATE transactions serialize writers) as on PostgreSQL (the UPDATE re-checks the
condition on the row it locks).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.platform.access.actor import Actor, check, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area
from tongxin.volunteering.activities.models import MAX_CAPACITY, MAX_DURATION_MINUTES, Activity, Occurrence, SignUp
from tongxin.volunteering.activities.recurrence import HORIZON_WEEKS, activity_dates, rule_normalize
from tongxin.volunteering.service.models import HoursSource, Volunteer, VolunteerTeam

# The venue QR opens an hour before the start and closes three hours after the end.
CHECKIN_OPENS = datetime.timedelta(hours=1)
CHECKIN_CLOSES = datetime.timedelta(hours=3)
# Hours from check-in/out are capped at the scheduled duration plus this.
HOURS_SLACK_MINUTES = 60
QUARTER = 15
EARLIEST = datetime.date(2000, 1, 1)


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def new_token() -> str:
    return secrets.token_urlsafe(16)[:22]


def community_of(area: Area) -> Area:
    from tongxin.volunteering.service.services import community_of as service_community_of

    return service_community_of(area)


# Planning


@dataclass
class ActivityPlan:
    """What the create/edit form gives the service."""

    area: Area
    title: str
    place: str
    start_time: datetime.time
    duration_minutes: int
    first_date: datetime.date
    teams: list[VolunteerTeam]
    description: str = ""
    capacity: int | None = None
    rrule: str = ""
    until: datetime.date | None = None
    count: int | None = None
    skip_holidays: bool = True
    cancelled_dates: list[str] | None = None


def _check_plan(plan: ActivityPlan) -> tuple[dict[str, list[str]], str, Area | None]:
    errors: dict[str, list[str]] = {}
    community = None
    try:
        community = community_of(plan.area)
    except DomainError:
        errors.setdefault("area", []).append(_("Choose a community or a grid."))
    if plan.area.level not in ("community", "village", "grid"):
        errors.setdefault("area", []).append(_("Choose a community or a grid."))
    if not _text(plan.title, 100):
        errors.setdefault("title", []).append(_("Give the activity a title."))
    if not _text(plan.place, 100):
        errors.setdefault("place", []).append(_("Say where the activity takes place."))
    if not isinstance(plan.duration_minutes, int) or not 15 <= plan.duration_minutes <= MAX_DURATION_MINUTES:
        errors.setdefault("duration_minutes", []).append(_("Enter a duration from 15 minutes to 12 hours."))
    if plan.capacity is not None and not 1 <= plan.capacity <= MAX_CAPACITY:
        errors.setdefault("capacity", []).append(_("Enter from 1 to 10000 seats, or leave empty for no limit."))
    if not isinstance(plan.first_date, datetime.date) or plan.first_date < EARLIEST:
        errors.setdefault("first_date", []).append(_("Enter a date from 2000 on."))
    if plan.until is not None and isinstance(plan.first_date, datetime.date) and plan.until < plan.first_date:
        errors.setdefault("until", []).append(_("The last date cannot be before the first date."))
    if plan.count is not None and not 1 <= plan.count <= 1000:
        errors.setdefault("count", []).append(_("Enter a number of times from 1 to 1000."))
    if not plan.teams:
        errors.setdefault("teams", []).append(_("Choose the team (or teams) that run the activity."))
    elif community is not None:
        outside = [t.name for t in plan.teams if not t.area.path.startswith(community.path)]
        if outside:
            errors.setdefault("teams", []).append(
                _("These teams are not of this community: %(names)s.") % {"names": "、".join(outside)}
            )
    rule = ""
    try:
        rule = rule_normalize(plan.rrule)
    except DomainError as exc:
        errors.setdefault("rrule", []).extend(exc.messages)
    return errors, rule, community


def _apply(activity: Activity, plan: ActivityPlan, rule: str, community: Area) -> None:
    activity.area, activity.community = plan.area, community
    activity.title, activity.place = _text(plan.title, 100), _text(plan.place, 100)
    activity.description = _text(plan.description, 2000)
    activity.start_time, activity.duration_minutes = plan.start_time, plan.duration_minutes
    activity.capacity, activity.first_date, activity.rrule = plan.capacity, plan.first_date, rule
    activity.until, activity.count = (plan.until, plan.count) if rule else (None, None)
    activity.skip_holidays = plan.skip_holidays
    activity.cancelled_dates = sorted(set(plan.cancelled_dates or []))


def _describe(activity: Activity) -> dict[str, Any]:
    return {
        "title": activity.title,
        "area": activity.area.name,
        "place": activity.place,
        "start_time": activity.start_time.isoformat(timespec="minutes"),
        "duration_minutes": activity.duration_minutes,
        "capacity": activity.capacity,
        "first_date": activity.first_date.isoformat(),
        "rrule": activity.rrule,
        "until": activity.until.isoformat() if activity.until else None,
        "count": activity.count,
        "skip_holidays": activity.skip_holidays,
    }


# What a planner is told when the plan names neither a team they lead nor an area they run.
PLAN_REFUSED = gettext_lazy("Choose a team you lead, or an area where you run the service.")


def may_run_plan(actor: Actor, plan: ActivityPlan) -> bool:
    """Staff with SERVICE over the plan's area, or the leader of one of the teams chosen."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if scope_for(actor).allows_path(Perm.SERVICE, AREA, plan.area.path):
        return True
    leaders = [t.leader_id for t in plan.teams if t.leader_id]
    return bool(leaders) and Volunteer.objects.filter(pk__in=leaders, user_id=actor.pk).exists()


@transaction.atomic
def activity_create(*, actor: Actor, plan: ActivityPlan, now: datetime.datetime | None = None) -> Activity:
    """Plan an activity and materialize its dates up to the horizon."""
    check(may_run_plan(actor, plan), PLAN_REFUSED)
    errors, rule, community = _check_plan(plan)
    if errors:
        raise DomainError(errors)
    assert community is not None
    activity = Activity(created_by=signed_in(actor))
    _apply(activity, plan, rule, community)
    activity.save()
    activity.teams.set(plan.teams)
    audit_record(actor=actor, action="create", obj=activity, changes=_describe(activity))
    occurrences_sync(activity=activity, now=now)
    return activity


@transaction.atomic
def activity_update(
    *, actor: Actor, activity: Activity, plan: ActivityPlan, now: datetime.datetime | None = None
) -> Activity:
    """Change the plan; future dates follow it (see occurrences_sync), past ones stay.

    Who runs the activity may change it, into a plan they may run themselves."""
    activity = Activity.objects.select_for_update().select_related("area").get(pk=activity.pk)
    check(may_lead_activity(actor, activity))
    check(may_run_plan(actor, plan), PLAN_REFUSED)
    errors, rule, community = _check_plan(plan)
    if errors:
        raise DomainError(errors)
    assert community is not None
    before = _describe(activity)
    _apply(activity, plan, rule, community)
    activity.save()
    activity.teams.set(plan.teams)
    after = _describe(activity)
    audit_record(
        actor=actor,
        action="update",
        obj=activity,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
    occurrences_sync(activity=activity, now=now)
    return activity


def _moment(activity: Activity, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, activity.start_time))
    return start, start + datetime.timedelta(minutes=activity.duration_minutes)


def _has_people(occurrence_ids: list[int]) -> set[int]:
    return set(
        SignUp.objects.filter(occurrence_id__in=occurrence_ids)
        .exclude(state=SignUp.State.CANCELLED)
        .values_list("occurrence_id", flat=True)
    )


def occurrences_sync(
    *, activity: Activity, now: datetime.datetime | None = None, horizon_end: datetime.date | None = None
) -> dict[str, int]:
    """Make the future dates match the plan, up to the horizon (12 weeks ahead).

    A future date the plan no longer gives is deleted when nobody signed up, and called off
    (kept, with a notice to everyone signed up) when somebody did. Dates already begun stay.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon_end = horizon_end or today + datetime.timedelta(weeks=HORIZON_WEEKS)
    wanted = activity_dates(
        first_date=activity.first_date,
        rule=activity.rrule,
        until=activity.until,
        count=activity.count,
        skip_holidays=activity.skip_holidays,
        cancelled=activity.cancelled_dates,
        start=today,
        end=horizon_end,
    )
    wanted_moments = {day: _moment(activity, day) for day in wanted}
    wanted_moments = {day: m for day, m in wanted_moments.items() if m[0] > now}
    future = list(Occurrence.objects.filter(activity=activity, starts_at__gt=now).select_for_update())
    # A date moved to a time already begun today is not "future" any more but still exists.
    existing_dates = set(
        Occurrence.objects.filter(activity=activity, date__in=list(wanted_moments)).values_list("date", flat=True)
    )
    with_people = _has_people([o.pk for o in future])
    counts = {"created": 0, "updated": 0, "deleted": 0, "called_off": 0}
    to_delete: list[int] = []
    to_call_off: list[Occurrence] = []
    for occ in future:
        if occ.date in wanted_moments:
            start, end = wanted_moments[occ.date]
            changed = (occ.starts_at, occ.ends_at, occ.capacity, occ.cancelled_at) != (
                start,
                end,
                activity.capacity,
                None,
            )
            if changed:
                occ.starts_at, occ.ends_at, occ.capacity, occ.cancelled_at = start, end, activity.capacity, None
                occ.save(update_fields=["starts_at", "ends_at", "capacity", "cancelled_at"])
                counts["updated"] += 1
                _waiting_promote(occ)
        elif occ.pk in with_people:
            if occ.cancelled_at is None:
                to_call_off.append(occ)
        else:
            to_delete.append(occ.pk)
    if to_delete:
        Occurrence.objects.filter(pk__in=to_delete).delete()
        counts["deleted"] = len(to_delete)
    for occ in to_call_off:
        occ.cancelled_at = now
        occ.save(update_fields=["cancelled_at"])
        _notify_called_off(activity, occ)
        counts["called_off"] += 1
    new = [
        Occurrence(
            activity=activity,
            date=day,
            starts_at=start,
            ends_at=end,
            capacity=activity.capacity,
            token=new_token(),
        )
        for day, (start, end) in sorted(wanted_moments.items())
        if day not in existing_dates
    ]
    Occurrence.objects.bulk_create(new)
    counts["created"] = len(new)
    return counts


def _notify_called_off(activity: Activity, occ: Occurrence) -> None:
    from tongxin.platform.inbox.services import notify

    users = list(
        SignUp.objects.filter(occurrence=occ, volunteer__user__isnull=False)
        .exclude(state=SignUp.State.CANCELLED)
        .select_related("volunteer__user")
        .values_list("volunteer__user", flat=True)
    )
    if not users:
        return
    from tongxin.platform.access.models import User

    recipients = list(User.objects.filter(pk__in=users))
    title = _("Called off: %(title)s on %(date)s") % {"title": activity.title, "date": occ.date.isoformat()}
    url = reverse("activities:occurrence", args=[occ.pk])
    transaction.on_commit(lambda: notify(recipients=recipients, kind="status", title=title[:100], url=url))


def horizon_extend(*, now: datetime.datetime | None = None) -> int:
    """Materialize every recurring activity's dates up to the horizon (the nightly job)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    created = 0
    active = Activity.objects.exclude(rrule="").filter(Q(until__isnull=True) | Q(until__gte=today))
    for activity in active.iterator():
        with transaction.atomic():
            created += occurrences_sync(activity=activity, now=now)["created"]
    return created


# Sign-up and the waiting list


def seat_take(occurrence_id: int) -> bool:
    """Take one seat if one is free: one conditional UPDATE, True when it took a seat."""
    unlimited = Occurrence.objects.filter(pk=occurrence_id, capacity__isnull=True)
    limited = Occurrence.objects.filter(pk=occurrence_id, taken__lt=F("capacity"))
    return bool(unlimited.update(taken=F("taken") + 1) or limited.update(taken=F("taken") + 1))


def seat_give_back(occurrence_id: int) -> None:
    Occurrence.objects.filter(pk=occurrence_id, taken__gt=0).update(taken=F("taken") - 1)


def _waiting_promote(occ: Occurrence) -> list[SignUp]:
    """Seat the waiting list in order while seats are free; notify who moved up."""
    promoted: list[SignUp] = []
    waiting = list(
        SignUp.objects.filter(occurrence=occ, state=SignUp.State.WAITING)
        .order_by("joined_at", "id")
        .values_list("pk", flat=True)[:MAX_CAPACITY]
    )
    for pk in waiting:
        if not seat_take(occ.pk):
            break
        if SignUp.objects.filter(pk=pk, state=SignUp.State.WAITING).update(state=SignUp.State.SEATED):
            promoted.append(SignUp.objects.select_related("volunteer").get(pk=pk))
        else:
            # Cancelled (or moved up by someone else) a moment ago: the seat goes back.
            seat_give_back(occ.pk)
    if promoted:
        _notify_promoted(occ, promoted)
    return promoted


def _notify_promoted(occ: Occurrence, promoted: list[SignUp]) -> None:
    from tongxin.platform.access.models import User
    from tongxin.platform.inbox.services import notify

    ids = [s.volunteer.user_id for s in promoted if s.volunteer.user_id]
    if not ids:
        return
    recipients = list(User.objects.filter(pk__in=ids))
    activity = Activity.objects.only("title").get(pk=occ.activity_id)
    title = _("You have a seat: %(title)s on %(date)s") % {"title": activity.title, "date": occ.date.isoformat()}
    url = reverse("activities:occurrence", args=[occ.pk])
    transaction.on_commit(lambda: notify(recipients=recipients, kind="status", title=title[:100], url=url))


def _open_for_signup(occ: Occurrence, now: datetime.datetime) -> None:
    if occ.cancelled_at is not None:
        raise DomainError(_("This date of the activity was called off."), code="called_off")
    if occ.starts_at <= now:
        raise DomainError(_("The activity has begun; sign-up is closed."), code="started")


@transaction.atomic
def signup_create(
    *,
    actor: Actor,
    occurrence: Occurrence,
    volunteer: Volunteer,
    now: datetime.datetime | None = None,
    walk_in: bool = False,
) -> SignUp:
    """Sign a volunteer up: a seat if one is free, else the end of the waiting list.

    A volunteer signs themselves up; who runs the activity signs up anyone."""
    now = now or timezone.now()
    occ = Occurrence.objects.select_related("activity", "activity__area").get(pk=occurrence.pk)
    check(is_own(actor, volunteer) or may_lead_activity(actor, occ.activity))
    if not walk_in:
        _open_for_signup(occ, now)
    elif occ.cancelled_at is not None:
        raise DomainError(_("This date of the activity was called off."), code="called_off")
    if not volunteer.is_active:
        raise DomainError(_("%(name)s is no longer an active volunteer.") % {"name": volunteer.name})
    if volunteer.area_id != occ.activity.community_id:
        raise DomainError(_("%(name)s is not a volunteer of this community.") % {"name": volunteer.name})
    existing = SignUp.objects.select_for_update().filter(occurrence=occ, volunteer=volunteer).first()
    if existing is not None and existing.state != SignUp.State.CANCELLED:
        raise DomainError(
            _("%(name)s has already signed up for this date.") % {"name": volunteer.name}, code="duplicate"
        )
    seated = seat_take(occ.pk)
    if walk_in and not seated:
        raise DomainError(_("All seats are taken; ask the leader."), code="full")
    signup = existing or SignUp(occurrence=occ, volunteer=volunteer)
    signup.state = SignUp.State.SEATED if seated else SignUp.State.WAITING
    signup.joined_at, signup.signed_up_by, signup.walk_in = now, signed_in(actor), walk_in
    signup.checked_in_at = signup.checked_out_at = None
    signup.hours = None
    signup.save()
    audit_record(
        actor=actor,
        action="create" if existing is None else "update",
        obj=signup,
        changes={"volunteer": volunteer.name, "date": occ.date.isoformat(), "state": signup.state},
    )
    return signup


@transaction.atomic
def signup_cancel(*, actor: Actor, signup: SignUp, now: datetime.datetime | None = None) -> SignUp:
    """Cancel a sign-up before the start; a freed seat goes to the first on the waiting list.

    The volunteer cancels their own; who runs the activity cancels anyone's."""
    now = now or timezone.now()
    row = SignUp.objects.select_for_update().select_related("occurrence", "volunteer").get(pk=signup.pk)
    check(is_own(actor, row.volunteer) or may_lead_activity(actor, row.occurrence.activity))
    if row.state == SignUp.State.CANCELLED:
        raise DomainError(_("This sign-up is already cancelled."), code="cancelled")
    if row.occurrence.starts_at <= now:
        raise DomainError(_("The activity has begun; the sign-up can no longer be cancelled."), code="started")
    was = row.state
    # Only the request that moves the row out of its state frees the seat.
    if not SignUp.objects.filter(pk=row.pk, state=was).update(state=SignUp.State.CANCELLED):
        raise DomainError(_("This sign-up is already cancelled."), code="cancelled")
    row.state = SignUp.State.CANCELLED
    if was == SignUp.State.SEATED:
        seat_give_back(row.occurrence_id)
        _waiting_promote(row.occurrence)
    audit_record(
        actor=actor,
        action="update",
        obj=row,
        changes={"volunteer": row.volunteer.name, "date": row.occurrence.date.isoformat(), "state": [was, "cancelled"]},
    )
    return row


# Check-in and check-out


def checkin_window(occ: Occurrence) -> tuple[datetime.datetime, datetime.datetime]:
    return occ.starts_at - CHECKIN_OPENS, occ.ends_at + CHECKIN_CLOSES


@transaction.atomic
def checkin_by_token(*, user: Actor, occurrence: Occurrence, now: datetime.datetime | None = None) -> SignUp:
    """The volunteer scanned the venue QR: check in (signing up a walk-in if a seat is free),
    or check out when already in. The token is the proof of presence: any signed-in account."""
    from tongxin.volunteering.service.services import volunteer_for_user

    check(bool(getattr(user, "is_authenticated", False)))
    now = now or timezone.now()
    occ = Occurrence.objects.select_related("activity").get(pk=occurrence.pk)
    opens, closes = checkin_window(occ)
    if occ.cancelled_at is not None:
        raise DomainError(_("This date of the activity was called off."), code="called_off")
    if now < opens:
        raise DomainError(_("Check-in opens an hour before the start."), code="early")
    if now > closes:
        raise DomainError(_("Check-in closed three hours after the end."), code="late")
    volunteer = volunteer_for_user(user=user, area=occ.activity.community)
    signup = SignUp.objects.select_for_update().filter(occurrence=occ, volunteer=volunteer).first()
    if signup is None or signup.state != SignUp.State.SEATED:
        if signup is not None and signup.state == SignUp.State.WAITING:
            if not seat_take(occ.pk):
                raise DomainError(_("All seats are taken; ask the leader."), code="full")
            SignUp.objects.filter(pk=signup.pk).update(state=SignUp.State.SEATED)
            signup.state = SignUp.State.SEATED
        else:
            signup = signup_create(actor=user, occurrence=occ, volunteer=volunteer, now=now, walk_in=True)
    if signup.credited_at is not None:
        raise DomainError(_("Your hours for this date are already confirmed."), code="credited")
    if signup.checked_in_at is None:
        signup.checked_in_at = now
        action = "check_in"
    elif signup.checked_out_at is None:
        signup.checked_out_at = max(now, signup.checked_in_at)
        action = "check_out"
    else:
        raise DomainError(_("You have already checked in and out."), code="done")
    signup.save(update_fields=["checked_in_at", "checked_out_at"])
    audit_record(actor=user, action="update", obj=signup, changes={action: now.isoformat()})
    return signup


def hours_of(
    *,
    checked_in_at: datetime.datetime | None,
    checked_out_at: datetime.datetime | None,
    duration_minutes: int,
    entered: Decimal | None = None,
) -> Decimal | None:
    """Hours of one sign-up: what the leader entered, else check-out − check-in rounded down
    to the quarter hour and capped at the scheduled duration + 1 h; None without a check-out."""
    if entered is not None:
        return entered
    if checked_in_at is None or checked_out_at is None:
        return None
    minutes = int((checked_out_at - checked_in_at).total_seconds() // 60)
    minutes = min(minutes, duration_minutes + HOURS_SLACK_MINUTES)
    minutes -= minutes % QUARTER
    return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def may_lead_activity(user: Actor, activity: Activity) -> bool:
    """Staff with SERVICE over the activity's area, or the leader of one of its teams."""
    if not getattr(user, "is_authenticated", False):
        return False
    if scope_for(user).allows_path(Perm.SERVICE, AREA, activity.area.path):
        return True
    return activity.teams.filter(leader__user_id=user.pk).exists()


def is_own(actor: Actor, volunteer: Volunteer) -> bool:
    """The volunteer record is the actor's own (by account, or through their party member record)."""
    if not getattr(actor, "is_authenticated", False):
        return False
    return Volunteer.objects.filter(Q(user_id=actor.pk) | Q(member__user_id=actor.pk), pk=volunteer.pk).exists()


@dataclass
class Attendance:
    """One row of the roll call as the leader filled it."""

    signup: SignUp
    came: bool
    checked_in_at: datetime.datetime | None = None
    checked_out_at: datetime.datetime | None = None
    hours: Decimal | None = None


@transaction.atomic
def rollcall_record(
    *, actor: Actor, occurrence: Occurrence, rows: list[Attendance], now: datetime.datetime | None = None
) -> int:
    """The leader's roll call: who came, their times or hours. Rows already confirmed stay."""
    now = now or timezone.now()
    occ = Occurrence.objects.select_related("activity", "activity__area").get(pk=occurrence.pk)
    check(may_lead_activity(actor, occ.activity))
    if occ.starts_at - CHECKIN_OPENS > now:
        raise DomainError(_("The roll call opens an hour before the start."), code="early")
    errors: list[str] = []
    changed = 0
    for row in rows:
        s = row.signup
        name = s.volunteer.name
        if s.occurrence_id != occ.pk or s.state != SignUp.State.SEATED:
            errors.append(_("%(name)s has no seat at this date.") % {"name": name})
            continue
        if s.credited_at is not None:
            continue
        if not row.came:
            new = (None, None, None)
        else:
            cin = row.checked_in_at or s.checked_in_at or occ.starts_at
            cout = row.checked_out_at if row.checked_out_at is not None else s.checked_out_at
            if cout is not None and cout < cin:
                errors.append(_("%(name)s: the check-out is before the check-in.") % {"name": name})
                continue
            if cout is not None and cout > now:
                errors.append(_("%(name)s: the check-out is in the future.") % {"name": name})
                continue
            if row.hours is not None and not (Decimal("0") < row.hours <= Decimal("24")):
                errors.append(_("%(name)s: enter the hours, more than 0 and at most 24.") % {"name": name})
                continue
            new = (cin, cout, row.hours)
        if new != (s.checked_in_at, s.checked_out_at, s.hours):
            s.checked_in_at, s.checked_out_at, s.hours = new
            s.save(update_fields=["checked_in_at", "checked_out_at", "hours"])
            audit_record(
                actor=actor,
                action="update",
                obj=s,
                changes={
                    "roll_call": row.came,
                    "checked_in_at": new[0].isoformat() if new[0] else None,
                    "checked_out_at": new[1].isoformat() if new[1] else None,
                    "hours": str(new[2]) if new[2] is not None else None,
                },
            )
            changed += 1
    if errors:
        raise DomainError(errors)
    return changed


def _team_for(activity: Activity, volunteer: Volunteer) -> VolunteerTeam | None:
    teams = list(activity.teams.all())
    mine = {t.pk for t in volunteer.teams.all()} if teams else set()
    return next((t for t in teams if t.pk in mine), teams[0] if teams else None)


@transaction.atomic
def hours_confirm_occurrence(
    *, actor: Actor, occurrence: Occurrence, signup: SignUp | None = None, now: datetime.datetime | None = None
) -> tuple[int, list[str]]:
    """Credit the hours of every seated volunteer who came (or of one), confirmed by the leader.

    Returns how many were credited and the names still lacking a check-out (no hours yet).
    """
    from tongxin.volunteering.service.services import hours_credit_apply

    now = now or timezone.now()
    occ = Occurrence.objects.select_for_update().select_related("activity", "activity__area").get(pk=occurrence.pk)
    check(may_lead_activity(actor, occ.activity))
    if occ.starts_at > now:
        raise DomainError(_("Hours are confirmed once the activity has begun."), code="early")
    rows = SignUp.objects.filter(occurrence=occ, state=SignUp.State.SEATED, checked_in_at__isnull=False)
    if signup is not None:
        rows = rows.filter(pk=signup.pk)
    rows = rows.select_related("volunteer").select_for_update(of=("self",))
    credited, missing = 0, []
    for s in rows:
        if s.credited_at is not None:
            continue
        hours = hours_of(
            checked_in_at=s.checked_in_at,
            checked_out_at=s.checked_out_at,
            duration_minutes=occ.activity.duration_minutes,
            entered=s.hours,
        )
        if hours is None:
            missing.append(s.volunteer.name)
            continue
        if hours <= 0:
            continue
        hours_credit_apply(
            volunteer=s.volunteer,
            area=occ.activity.area,
            served_on=occ.date,
            hours=hours,
            description=occ.activity.title[:200],
            source=HoursSource.ACTIVITY,
            source_id=s.pk,
            team=_team_for(occ.activity, s.volunteer),
            actor=actor,
            confirmed=True,
        )
        SignUp.objects.filter(pk=s.pk).update(credited_at=now)
        credited += 1
    if signup is not None and credited == 0 and not missing:
        raise DomainError(_("There are no hours to confirm for this volunteer."), code="nothing")
    if signup is None and not missing:
        occ.hours_confirmed_at = now
        occ.save(update_fields=["hours_confirmed_at"])
    return credited, missing
