"""Writes of an activity's plan: create and change it, and materialize its dates up to the horizon."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
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
from tongxin.volunteering.activities.services._common import _waiting_promote, may_lead_activity
from tongxin.volunteering.service.models import Volunteer, VolunteerTeam

EARLIEST = datetime.date(2000, 1, 1)


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def new_token() -> str:
    return secrets.token_urlsafe(16)[:22]


def community_of(area: Area) -> Area:
    from tongxin.volunteering.service.services import community_of as service_community_of

    return service_community_of(area)


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
