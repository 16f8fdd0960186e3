"""Scoped reads of volunteer teams, volunteers and hours, and who may lead a team."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.trees import AREA
from tongxin.volunteering.service.models import HoursSource, ServiceHours, TeamMembership, Volunteer, VolunteerTeam


def teams_visible_to(user: Actor) -> QuerySet[VolunteerTeam]:
    """Teams in the user's area scope, and the teams the user leads or serves in."""
    scoped = visible_to(VolunteerTeam.objects.all(), user)
    if not getattr(user, "is_authenticated", False):
        return scoped
    own = TeamMembership.objects.filter(volunteer__user=user, left_on__isnull=True).values("team_id")
    return VolunteerTeam.objects.filter(Q(pk__in=scoped.values("pk")) | Q(pk__in=own) | Q(leader__user=user))


def teams_led_by(user: Actor) -> QuerySet[VolunteerTeam]:
    """Teams whose leader is the user's volunteer record."""
    if not getattr(user, "is_authenticated", False):
        return VolunteerTeam.objects.none()
    return VolunteerTeam.objects.filter(leader__user=user)


def may_lead(user: Actor, team: VolunteerTeam) -> bool:
    """The team's leader, or staff with SERVICE over the team's area, runs the team."""
    if not getattr(user, "is_authenticated", False):
        return False
    if scope_for(user).allows_path(Perm.SERVICE, AREA, team.area.path):
        return True
    return team.leader_id is not None and Volunteer.objects.filter(pk=team.leader_id, user=user).exists()


def may_run_service(user: Actor, path: str) -> bool:
    """SERVICE over the area of this path (staff of the community, or above)."""
    return scope_for(user).allows_path(Perm.SERVICE, AREA, path)


def volunteers_visible_to(user: Actor) -> QuerySet[Volunteer]:
    """Volunteers registered in the user's area scope."""
    return visible_to(Volunteer.objects.all(), user)


def hours_visible_to(user: Actor) -> QuerySet[ServiceHours]:
    """Hours given in the user's area scope."""
    return visible_to(ServiceHours.objects.all(), user)


# Lists and totals, computed in the database

ZERO = Decimal("0")
HOURS = DecimalField(max_digits=12, decimal_places=2)


def year_span(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def confirmed_hours_between(start: datetime.date, end: datetime.date) -> QuerySet[ServiceHours]:
    return ServiceHours.objects.filter(served_on__gte=start, served_on__lte=end, confirmed_at__isnull=False)


def _team_hours(start: datetime.date, end: datetime.date) -> Coalesce:
    rows = (
        confirmed_hours_between(start, end)
        .filter(team=OuterRef("pk"))
        .order_by()
        .values("team")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=HOURS), Value(ZERO), output_field=HOURS)


def _team_members() -> Coalesce:
    rows = (
        TeamMembership.objects.filter(team=OuterRef("pk"), left_on__isnull=True)
        .order_by()
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def team_rows(
    user: Actor, *, node: Any = None, speciality: str = "", year: int, active_only: bool = False
) -> QuerySet[VolunteerTeam]:
    """Teams the user sees, with their current members and confirmed hours in the year (one query)."""
    qs = teams_visible_to(user)
    if node is not None:
        qs = qs.filter(area__path__startswith=node.path)
    if speciality:
        qs = qs.filter(speciality=speciality)
    if active_only:
        qs = qs.filter(is_active=True)
    start, end = year_span(year)
    return (
        qs.select_related("area", "leader", "unit")
        .annotate(members=_team_members(), year_hours=_team_hours(start, end))
        .order_by("area__path", "name")
    )


def volunteer_rows(user: Actor, *, node: Any = None, query: str = "", year: int) -> QuerySet[Volunteer]:
    from tongxin.platform.core.people import person_search_q

    qs = volunteers_visible_to(user).select_related("area")
    if node is not None:
        qs = qs.filter(area__path__startswith=node.path)
    if query:
        qs = qs.filter(person_search_q(query, with_id=False))
    start, end = year_span(year)
    hours = (
        confirmed_hours_between(start, end)
        .filter(volunteer=OuterRef("pk"))
        .order_by()
        .values("volunteer")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    teams = (
        TeamMembership.objects.filter(volunteer=OuterRef("pk"), left_on__isnull=True)
        .order_by()
        .values("volunteer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        year_hours=Coalesce(Subquery(hours, output_field=HOURS), Value(ZERO), output_field=HOURS),
        team_count=Coalesce(Subquery(teams, output_field=IntegerField()), Value(0)),
    ).order_by("name_pinyin", "id")


def volunteer_record(volunteer: Volunteer) -> dict[str, Any]:
    """A person's hours record: by year (confirmed and waiting), by team and by source (4 queries)."""
    rows = ServiceHours.objects.filter(volunteer=volunteer).order_by()
    confirmed = Q(confirmed_at__isnull=False)
    by_year = list(
        rows.annotate(year=ExtractYear("served_on"))
        .values("year")
        .annotate(
            confirmed_hours=Coalesce(Sum("hours", filter=confirmed), Value(ZERO), output_field=HOURS),
            services=Count("pk", filter=confirmed),
            waiting_hours=Coalesce(Sum("hours", filter=~confirmed), Value(ZERO), output_field=HOURS),
        )
        .order_by("-year")
    )
    by_team = list(
        rows.filter(confirmed)
        .values("team_id", "team__name")
        .annotate(total=Sum("hours"), services=Count("pk"))
        .order_by("-total", "team__name")
    )
    by_source = list(
        rows.filter(confirmed).values("source").annotate(total=Sum("hours"), services=Count("pk")).order_by("source")
    )
    labels = dict(HoursSource.choices)
    for row in by_source:
        row["label"] = labels.get(row["source"], row["source"])
    return {"by_year": by_year, "by_team": by_team, "by_source": by_source}


def hours_totals(
    user: Actor, *, start: datetime.date, end: datetime.date, node: Any = None
) -> dict[str, list[dict[str, Any]]]:
    """Confirmed hours per team and per community in a period, in the database (2 queries)."""
    qs = hours_visible_to(user).filter(served_on__gte=start, served_on__lte=end, confirmed_at__isnull=False)
    if node is not None:
        qs = qs.filter(area__path__startswith=node.path)
    qs = qs.order_by()
    per_team = list(
        qs.values("team_id", "team__name", "team__area__name")
        .annotate(hours=Sum("hours"), services=Count("pk"), volunteers=Count("volunteer", distinct=True))
        .order_by("-hours", "team__name")
    )
    per_community = list(
        qs.values("area_id", "area__name")
        .annotate(hours=Sum("hours"), services=Count("pk"), volunteers=Count("volunteer", distinct=True))
        .order_by("-hours", "area__name")
    )
    return {"teams": per_team, "communities": per_community}


def pending_hours(user: Actor, *, node: Any = None) -> QuerySet[ServiceHours]:
    """Hours waiting for confirmation that this user may confirm: staff's area, or the teams they lead."""
    scope = scope_for(user)
    staff = visible_to(ServiceHours.objects.all(), user, Perm.SERVICE)
    condition = Q(pk__in=staff.values("pk")) if not scope.is_admin else Q()
    if getattr(user, "is_authenticated", False) and not scope.is_admin:
        condition |= Q(team__leader__user=user)
    qs = ServiceHours.objects.filter(condition, confirmed_at__isnull=True)
    if node is not None:
        qs = qs.filter(area__path__startswith=node.path)
    return qs.select_related("volunteer", "team", "area").order_by("served_on", "id")


def may_confirm(user: Actor, row: ServiceHours) -> bool:
    """Staff with SERVICE over the place where the hours were served, or the team's leader."""
    if scope_for(user).allows_path(Perm.SERVICE, AREA, row.area.path):
        return True
    return row.team_id is not None and VolunteerTeam.objects.filter(pk=row.team_id, leader__user=user).exists()


def team_year_totals(team: VolunteerTeam, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    confirmed = Q(confirmed_at__isnull=False)
    totals = ServiceHours.objects.filter(team=team, served_on__gte=start, served_on__lte=end).aggregate(
        hours=Coalesce(Sum("hours", filter=confirmed), Value(ZERO), output_field=HOURS),
        services=Count("pk", filter=confirmed),
        people=Coalesce(Sum("people_served", filter=confirmed), Value(0)),
        pending=Count("pk", filter=~confirmed),
    )
    return totals


def returned_requests(team: VolunteerTeam) -> list[tuple[int, str]]:
    """Cases handed to the team that it returned resolved (hours can be recorded for them)."""
    from django.contrib.contenttypes.models import ContentType

    from tongxin.grid.cases.models import Case, CaseHandover

    handed = CaseHandover.objects.filter(
        kind=CaseHandover.Kind.TEAM,
        target_type=ContentType.objects.get_for_model(VolunteerTeam),
        target_id=team.pk,
        status=CaseHandover.Status.RETURNED,
    ).values("case_id")
    rows = Case.objects.filter(pk__in=handed).order_by("-reported_at").values_list("pk", "tracking_code", "description")
    return [(pk, f"{code} · {text[:30]}") for pk, code, text in rows[:200]]
