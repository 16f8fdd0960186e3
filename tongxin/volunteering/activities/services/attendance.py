"""Writes of attendance: check-in and check-out by the venue QR, the roll call, confirming hours."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, check
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.volunteering.activities.models import Activity, Occurrence, SignUp
from tongxin.volunteering.activities.services._common import may_lead_activity, seat_take
from tongxin.volunteering.activities.services.signups import signup_create
from tongxin.volunteering.service.models import HoursSource, Volunteer, VolunteerTeam

# The venue QR opens an hour before the start and closes three hours after the end.
CHECKIN_OPENS = datetime.timedelta(hours=1)
CHECKIN_CLOSES = datetime.timedelta(hours=3)
# Hours from check-in/out are capped at the scheduled duration plus this.
HOURS_SLACK_MINUTES = 60
QUARTER = 15


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
