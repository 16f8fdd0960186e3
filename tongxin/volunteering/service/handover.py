"""Cases handed to a volunteer team (handover kind "team"): which teams, who answers for them."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from tongxin.platform.access.actor import Actor
from tongxin.volunteering.service.models import TeamMembership, VolunteerTeam


def team_choices(actor: Actor, case: Any) -> QuerySet[VolunteerTeam]:
    """The active teams of the case's community (its grids' teams included)."""
    from tongxin.volunteering.service.services import community_of

    community = community_of(case.area)
    return VolunteerTeam.objects.filter(is_active=True, area__path__startswith=community.path).order_by("name")


def team_answers_for(user: Actor, team: VolunteerTeam) -> bool:
    """The leader and the members with an account answer for the team."""
    if not getattr(user, "is_authenticated", False):
        return False
    if team.leader_id is not None and team.leader.user_id == user.pk:
        return True
    return TeamMembership.objects.filter(team=team, volunteer__user=user, left_on__isnull=True).exists()


def team_answered_by_q(user: Actor) -> Q | None:
    if not getattr(user, "is_authenticated", False):
        return None
    teams = set(
        TeamMembership.objects.filter(volunteer__user=user, left_on__isnull=True).values_list("team_id", flat=True)
    ) | set(VolunteerTeam.objects.filter(leader__user=user).values_list("pk", flat=True))
    if not teams:
        return None
    return Q(target_type=ContentType.objects.get_for_model(VolunteerTeam), target_id__in=sorted(teams))


def team_recipients(team: VolunteerTeam) -> list[Any]:
    """The leader's account is told of a new handover (the members, when there is no leader)."""
    from tongxin.platform.access.models import User

    if team.leader_id is not None and team.leader.user_id is not None:
        return list(User.objects.filter(pk=team.leader.user_id, is_active=True))
    ids = TeamMembership.objects.filter(team=team, left_on__isnull=True, volunteer__user__isnull=False).values(
        "volunteer__user_id"
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))
