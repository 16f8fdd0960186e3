"""Scoped reads of activities: fetch-and-authorize, the upcoming dates, a volunteer's own."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.scope import get_for, visible_to
from tongxin.volunteering.activities.models import Activity, Occurrence, SignUp
from tongxin.volunteering.activities.services import may_lead_activity
from tongxin.volunteering.service.models import Volunteer, VolunteerTeam


def activities_visible_to(user: Actor) -> QuerySet[Activity]:
    return visible_to(Activity.objects.all(), user)


def activity_for(user: Actor, pk: Any, *, lead: bool = False) -> Activity:
    """The activity, or 404 outside scope; 403 when `lead` and the user may not run it."""
    activity = get_for(user, Activity.objects.select_related("area", "community"), pk)
    if lead and not may_lead_activity(user, activity):
        raise PermissionDenied
    return activity


def occurrence_for(user: Actor, pk: Any, *, lead: bool = False) -> Occurrence:
    occ = get_for(user, Occurrence.objects.select_related("activity", "activity__area", "activity__community"), pk)
    if lead and not may_lead_activity(user, occ.activity):
        raise PermissionDenied
    return occ


def my_volunteers(user: Actor) -> QuerySet[Volunteer]:
    """The user's own volunteer records (by account, or through their party member record)."""
    if not getattr(user, "is_authenticated", False):
        return Volunteer.objects.none()
    return Volunteer.objects.filter(Q(user_id=user.pk) | Q(member__user_id=user.pk), is_active=True)


def upcoming(
    user: Actor,
    *,
    now: datetime.datetime | None = None,
    days: int | None = None,
    area: Any = None,
    team: VolunteerTeam | None = None,
) -> QuerySet[Occurrence]:
    """Dates not yet over in the user's scope (or their communities), soonest first, with counts."""
    now = now or timezone.now()
    qs = visible_to(Occurrence.objects.all(), user).filter(ends_at__gt=now, cancelled_at__isnull=True)
    if days is not None:
        qs = qs.filter(starts_at__lt=now + datetime.timedelta(days=days))
    if area is not None:
        qs = qs.filter(activity__area__path__startswith=area.path)
    if team is not None:
        qs = qs.filter(activity__teams=team)
    return (
        qs.select_related("activity", "activity__area")
        .prefetch_related(Prefetch("activity__teams", queryset=VolunteerTeam.objects.only("pk", "name")))
        .annotate(n_waiting=Count("signups", filter=Q(signups__state=SignUp.State.WAITING)))
        .order_by("starts_at", "id")
    )


def my_states(user: Actor, occurrence_ids: list[int]) -> dict[int, SignUp]:
    """The user's own sign-ups at these dates (cancelled ones left out), by occurrence id."""
    rows = SignUp.objects.filter(
        occurrence_id__in=occurrence_ids, volunteer__in=my_volunteers(user).values("pk")
    ).exclude(state=SignUp.State.CANCELLED)
    return {s.occurrence_id: s for s in rows}


def my_signups(user: Actor, *, since: datetime.date) -> QuerySet[SignUp]:
    return (
        SignUp.objects.filter(volunteer__in=my_volunteers(user).values("pk"), occurrence__date__gte=since)
        .exclude(state=SignUp.State.CANCELLED)
        .select_related("occurrence", "occurrence__activity")
        .order_by("occurrence__starts_at", "id")
    )


def waiting_position(signup: SignUp) -> int:
    """1 for the first on the waiting list."""
    return (
        SignUp.objects.filter(occurrence_id=signup.occurrence_id, state=SignUp.State.WAITING)
        .filter(Q(joined_at__lt=signup.joined_at) | Q(joined_at=signup.joined_at, pk__lt=signup.pk))
        .count()
        + 1
    )


def activity_rows(user: Actor, *, now: datetime.datetime | None = None, area: Any = None) -> QuerySet[Activity]:
    """Activities in scope with their upcoming dates and sign-ups counted in the database."""
    now = now or timezone.now()
    qs = activities_visible_to(user)
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    future = Q(occurrences__ends_at__gt=now, occurrences__cancelled_at__isnull=True)
    return (
        qs.select_related("area")
        .annotate(
            n_upcoming=Count("occurrences", filter=future, distinct=True),
            n_signups=Count(
                "occurrences__signups",
                filter=future & Q(occurrences__signups__state=SignUp.State.SEATED),
                distinct=True,
            ),
        )
        .order_by("area__path", "title", "id")
    )
