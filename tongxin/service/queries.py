"""Scoped reads of volunteer teams, volunteers and hours, and who may lead a team."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tongxin.access.roles import Perm
from tongxin.access.scope import scope_for, visible_to
from tongxin.core.trees import AREA
from tongxin.service.models import ServiceHours, TeamMembership, Volunteer, VolunteerTeam


def teams_visible_to(user: Any) -> QuerySet[VolunteerTeam]:
    """Teams in the user's area scope, and the teams the user leads or serves in."""
    scoped = visible_to(VolunteerTeam.objects.all(), user)
    if not getattr(user, "is_authenticated", False):
        return scoped
    own = TeamMembership.objects.filter(volunteer__user=user, left_on__isnull=True).values("team_id")
    return VolunteerTeam.objects.filter(Q(pk__in=scoped.values("pk")) | Q(pk__in=own) | Q(leader__user=user))


def teams_led_by(user: Any) -> QuerySet[VolunteerTeam]:
    """Teams whose leader is the user's volunteer record."""
    if not getattr(user, "is_authenticated", False):
        return VolunteerTeam.objects.none()
    return VolunteerTeam.objects.filter(leader__user=user)


def may_lead(user: Any, team: VolunteerTeam) -> bool:
    """The team's leader, or staff with SERVICE over the team's area, runs the team."""
    if not getattr(user, "is_authenticated", False):
        return False
    if scope_for(user).allows_path(Perm.SERVICE, AREA, team.area.path):
        return True
    return team.leader_id is not None and Volunteer.objects.filter(pk=team.leader_id, user=user).exists()


def may_run_service(user: Any, path: str) -> bool:
    """SERVICE over the area of this path (staff of the community, or above)."""
    return scope_for(user).allows_path(Perm.SERVICE, AREA, path)


def volunteers_visible_to(user: Any) -> QuerySet[Volunteer]:
    """Volunteers registered in the user's area scope."""
    return visible_to(Volunteer.objects.all(), user)


def hours_visible_to(user: Any) -> QuerySet[ServiceHours]:
    """Hours given in the user's area scope."""
    return visible_to(ServiceHours.objects.all(), user)
