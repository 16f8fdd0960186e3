"""Writes of volunteer teams: create and change a team, its members, its leader."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, check
from tongxin.platform.core.audit import audit_record, diff, stored
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level
from tongxin.volunteering.service.models import (
    Speciality,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)
from tongxin.volunteering.service.services._common import _leads, _runs_service, _text, community_of

TEAM_FIELDS = ["area_id", "unit_id", "name", "speciality", "description", "founded_on", "is_active"]


@transaction.atomic
def team_save(
    *,
    actor: Actor,
    team: VolunteerTeam | None = None,
    area: Area,
    name: str,
    speciality: str,
    description: str = "",
    unit: Any = None,
    founded_on: datetime.date | None = None,
    is_active: bool = True,
) -> VolunteerTeam:
    """Create a team (team=None) or change one; a team belongs to a community or one of its grids."""

    check(_runs_service(actor, area.path) and (team is None or not team.pk or _runs_service(actor, team.area.path)))
    errors: dict[str, list[str]] = {}
    name = _text(name, 100)
    if area.level not in (*COMMUNITY_LEVELS, Level.GRID):
        errors.setdefault("area", []).append(_("A team belongs to a community or a grid."))
    if not name:
        errors.setdefault("name", []).append(_("Enter the team's name."))
    if speciality not in Speciality.values:
        errors.setdefault("speciality", []).append(_("Choose a speciality from the list."))
    if founded_on is not None and founded_on > timezone.localdate():
        errors.setdefault("founded_on", []).append(_("Enter a date up to today."))
    if not errors and unit is not None:
        community = community_of(area)
        if unit.area_id is None or not (
            unit.area.path.startswith(community.path) or community.path.startswith(unit.area.path)
        ):
            errors.setdefault("unit", []).append(_("Choose a resident unit of this community."))
    if team is not None and team.pk and not errors and community_of(area).pk != community_of(team.area).pk:
        if team.memberships.exists():
            errors.setdefault("area", []).append(_("A team with members stays in its community."))
    clash = VolunteerTeam.objects.filter(area=area, name=name)
    if team is not None and team.pk:
        clash = clash.exclude(pk=team.pk)
    if name and clash.exists():
        errors.setdefault("name", []).append(_("There is already a team of this name here."))
    if errors:
        raise DomainError(errors)
    before = stored(team, TEAM_FIELDS) if team is not None and team.pk else {}
    team = team or VolunteerTeam()
    team.area, team.unit, team.name, team.speciality = area, unit, name, speciality
    team.description, team.founded_on, team.is_active = _text(description, 2000), founded_on, is_active
    creating = not team.pk
    team.save()
    after = {f: getattr(team, f) for f in TEAM_FIELDS}
    audit_record(
        actor=actor,
        action="create" if creating else "update",
        obj=team,
        changes=after if creating else diff(before, after),
    )
    return team


@transaction.atomic
def team_member_add(
    *, actor: Actor, team: VolunteerTeam, volunteer: Volunteer, joined_on: datetime.date | None = None
) -> Any:
    """Add a volunteer of the team's community to the team (again, if they had left)."""

    check(_leads(actor, team))
    joined_on = joined_on or timezone.localdate()
    if volunteer.area_id != community_of(team.area).pk:
        raise DomainError({"volunteer": [_("Choose a volunteer registered in the team's community.")]})
    if not volunteer.is_active:
        raise DomainError({"volunteer": [_("%(name)s is no longer an active volunteer.") % {"name": volunteer.name}]})
    membership = TeamMembership.objects.select_for_update().filter(team=team, volunteer=volunteer).first()
    if membership is not None and membership.left_on is None:
        raise DomainError(
            {"volunteer": [_("%(name)s is already in this team.") % {"name": volunteer.name}]}, code="duplicate"
        )
    if membership is None:
        membership = TeamMembership.objects.create(team=team, volunteer=volunteer, joined_on=joined_on)
    else:
        membership.joined_on, membership.left_on = joined_on, None
        membership.save(update_fields=["joined_on", "left_on"])
    audit_record(actor=actor, action="update", obj=team, changes={"member_added": volunteer.name})
    return membership


@transaction.atomic
def team_member_remove(*, actor: Actor, team: VolunteerTeam, volunteer: Volunteer) -> None:
    """The volunteer leaves the team (their hours stay); a leader who leaves stops leading."""

    check(_leads(actor, team))
    membership = TeamMembership.objects.select_for_update().filter(team=team, volunteer=volunteer, left_on__isnull=True)
    if not membership.update(left_on=timezone.localdate()):
        raise DomainError(_("%(name)s is not in this team.") % {"name": volunteer.name})
    changes: dict[str, Any] = {"member_removed": volunteer.name}
    if team.leader_id == volunteer.pk:
        VolunteerTeam.objects.filter(pk=team.pk).update(leader=None)
        team.leader = None
        changes["leader"] = [volunteer.name, None]
    audit_record(actor=actor, action="update", obj=team, changes=changes)


@transaction.atomic
def team_leader_set(*, actor: Actor, team: VolunteerTeam, volunteer: Volunteer | None) -> VolunteerTeam:
    """The team's leader (队长): one of its current members, or nobody; staff choose, not leaders."""

    check(_runs_service(actor, team.area.path))
    if (
        volunteer is not None
        and not TeamMembership.objects.filter(team=team, volunteer=volunteer, left_on__isnull=True).exists()
    ):
        raise DomainError({"leader": [_("The leader must be a member of the team.")]})
    before = team.leader.name if team.leader_id else None
    team.leader = volunteer
    team.save(update_fields=["leader", "updated_at"])
    audit_record(
        actor=actor, action="update", obj=team, changes={"leader": [before, volunteer.name if volunteer else None]}
    )
    return team
