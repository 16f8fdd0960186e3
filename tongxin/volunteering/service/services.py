"""Writes of volunteer service: the hours ledger every source credits, volunteers, teams.

Each write checks its actor (`Forbidden`) and every rule, then writes with an audit record,
or refuses whole (`DomainError` with a message for the user). The ledger's `hours_credit_apply`
is the step the other capabilities (activities, programmes, pairing) call after their own checks.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, check, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record, diff, stored
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.personal import normalize_phone, protect_phone
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level
from tongxin.registry.party.models import PartyMember
from tongxin.volunteering.service import queries
from tongxin.volunteering.service.models import (
    MAX_HOURS_A_DAY,
    HoursSource,
    ServiceHours,
    ServiceOffering,
    Speciality,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)

EARLIEST = datetime.date(2000, 1, 1)
DESCRIPTION_MAX = 200


def _runs_service(actor: Actor, path: str) -> bool:
    """Staff with SERVICE over the place (the community, or above)."""
    return scope_for(actor).allows_path(Perm.SERVICE, AREA, path)


def _leads(actor: Actor, team: VolunteerTeam) -> bool:
    """The team's leader, or staff with SERVICE over the team's area."""
    return queries.may_lead(actor, team)


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def community_of(area: Area) -> Area:
    """The community (or village) an area lies in: itself, or its ancestor at that level."""
    if area.level in COMMUNITY_LEVELS:
        return area
    found = Area.objects.filter(pk__in=area.ancestor_ids(), level__in=COMMUNITY_LEVELS).first()
    if found is None:
        raise DomainError(_("Choose a community, or a place inside one."), code="not_in_community")
    return found


def parse_hours(value: Any) -> Decimal | None:
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        return None
    return hours if hours.is_finite() else None


def _check_hours(hours: Any, served_on: Any, description: str, today: datetime.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    amount = parse_hours(hours)
    if amount is None or amount <= 0 or amount > MAX_HOURS_A_DAY:
        errors.setdefault("hours", []).append(_("Enter the hours: more than 0 and at most 24."))
    elif amount != amount.quantize(Decimal("0.01")):
        errors.setdefault("hours", []).append(_("Enter the hours with at most two decimal places."))
    if not isinstance(served_on, datetime.date) or isinstance(served_on, datetime.datetime):
        errors.setdefault("served_on", []).append(_("Enter a date."))
    elif served_on > today:
        errors.setdefault("served_on", []).append(_("Hours cannot be credited for a day in the future."))
    elif served_on < EARLIEST:
        errors.setdefault("served_on", []).append(_("Enter a date from 2000 up to today."))
    if not description:
        errors.setdefault("description", []).append(_("Say what service was given."))
    return errors


@transaction.atomic
def hours_credit(
    *,
    volunteer: Volunteer,
    area: Area,
    served_on: datetime.date,
    hours: Decimal,
    description: str,
    source: str,
    source_id: int | None,
    team: VolunteerTeam | None = None,
    people_served: int = 0,
    actor: Actor,
    confirmed: bool = False,
) -> ServiceHours:
    """A leader or staff credits hours by hand: the team's leader (or staff over it), or staff
    with SERVICE over the place when no team is named."""
    check(_leads(actor, team) if team is not None else _runs_service(actor, area.path))
    return hours_credit_apply(
        volunteer=volunteer,
        area=area,
        served_on=served_on,
        hours=hours,
        description=description,
        source=source,
        source_id=source_id,
        team=team,
        people_served=people_served,
        actor=actor,
        confirmed=confirmed,
    )


@transaction.atomic
def hours_credit_apply(
    *,
    volunteer: Volunteer,
    area: Area,
    served_on: datetime.date,
    hours: Decimal,
    description: str,
    source: str,
    source_id: int | None,
    team: VolunteerTeam | None = None,
    people_served: int = 0,
    actor: Actor | None,
    confirmed: bool = False,
) -> ServiceHours:
    """Credit service hours to a volunteer (one ledger row), or update the same credit.

    The ledger's one write: `hours_credit` calls it after checking its actor, and so do the
    services of activities, programmes and pairing after checking theirs.

    Idempotent per (source, source_id, volunteer): a second call for the same piece of service
    updates the row while it waits for confirmation, and refuses once it is confirmed.
    `confirmed=True` writes the row confirmed by `actor` (a leader's or staff's own entry).
    """
    today = timezone.localdate()
    description = _text(description, DESCRIPTION_MAX)
    errors = _check_hours(hours, served_on, description, today)
    if source not in HoursSource.values:
        errors.setdefault("source", []).append(_("Unknown source of hours."))
    if not isinstance(people_served, int) or isinstance(people_served, bool) or not 0 <= people_served <= 100000:
        errors.setdefault("people_served", []).append(_("Enter the number of people served (0 or more)."))
    if source_id is not None and (not isinstance(source_id, int) or source_id <= 0):
        errors.setdefault("source", []).append(_("Unknown source of hours."))
    if team is not None and not team.is_active:
        errors.setdefault("team", []).append(_("This team is no longer active."))
    if not volunteer.is_active:
        message = _("%(name)s is no longer an active volunteer.") % {"name": volunteer.name}
        errors.setdefault("volunteer", []).append(message)
    if errors:
        raise DomainError(errors)
    amount = parse_hours(hours)
    now = timezone.now()
    existing = None
    if source_id is not None:
        existing = (
            ServiceHours.objects.select_for_update()
            .filter(source=source, source_id=source_id, volunteer=volunteer)
            .first()
        )
    if existing is not None and existing.confirmed_at is not None:
        raise DomainError(
            _("These hours of %(name)s are already confirmed and cannot be changed.") % {"name": volunteer.name},
            code="confirmed",
        )
    row = existing or ServiceHours(volunteer=volunteer, source=source, source_id=source_id, created_by=signed_in(actor))
    row.team, row.area, row.served_on, row.hours = team, area, served_on, amount
    row.people_served, row.description = people_served, description
    if confirmed:
        row.confirmed_at, row.confirmed_by = now, signed_in(actor)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        # Another request credited the same piece of service at the same moment.
        raise DomainError(_("These hours were just credited; reload the page."), code="duplicate") from exc
    audit_record(
        actor=actor,
        action="update" if existing is not None else "create",
        obj=row,
        changes={
            "volunteer": volunteer.name,
            "team": team.name if team else "",
            "area": area.name,
            "served_on": served_on.isoformat(),
            "hours": str(amount),
            "people_served": people_served,
            "source": source,
            "source_id": source_id,
            "confirmed": confirmed,
        },
    )
    return row


@transaction.atomic
def hours_confirm(*, hours: ServiceHours, actor: Actor) -> ServiceHours:
    """Confirm credited hours: from now on they count in every total."""
    row = ServiceHours.objects.select_for_update(of=("self",)).select_related("volunteer", "area").get(pk=hours.pk)
    check(_may_confirm(actor, row))
    if row.confirmed_at is not None:
        raise DomainError(_("These hours are already confirmed."), code="confirmed")
    if row.served_on > timezone.localdate():
        raise DomainError(_("Hours cannot be credited for a day in the future."), code="future")
    row.confirmed_at, row.confirmed_by = timezone.now(), signed_in(actor)
    row.save(update_fields=["confirmed_at", "confirmed_by"])
    audit_record(
        actor=actor,
        action="update",
        obj=row,
        changes={"confirmed": True, "volunteer": row.volunteer.name, "hours": str(row.hours)},
    )
    return row


def _may_confirm(actor: Actor, row: ServiceHours) -> bool:
    """Staff with SERVICE over the place the hours were given, or the leader of their team."""
    return bool(getattr(actor, "is_authenticated", False)) and queries.may_confirm(actor, row)


@transaction.atomic
def hours_confirm_many(*, rows: list[ServiceHours], actor: Actor) -> int:
    """Confirm the rows still waiting (rows confirmed meanwhile are skipped); how many were confirmed."""
    count = 0
    for row in ServiceHours.objects.select_for_update().filter(pk__in=[r.pk for r in rows], confirmed_at__isnull=True):
        hours_confirm(hours=row, actor=actor)
        count += 1
    return count


@transaction.atomic
def hours_reject(*, hours: ServiceHours, actor: Actor, reason: str) -> None:
    """Reject credited hours that were not given: the row is removed, the audit keeps it and why."""
    reason = _text(reason, 200)
    row = (
        ServiceHours.objects.select_for_update(of=("self",))
        .select_related("volunteer", "team", "area")
        .filter(pk=hours.pk)
        .first()
    )
    if row is None:
        raise DomainError(_("These hours were already removed."), code="gone")
    check(_may_confirm(actor, row))
    if row.confirmed_at is not None:
        raise DomainError(_("These hours are already confirmed."), code="confirmed")
    if not reason:
        raise DomainError({"reason": [_("Say why these hours are rejected.")]})
    audit_record(
        actor=actor,
        action="delete",
        obj=row,
        changes={
            "volunteer": row.volunteer.name,
            "team": row.team.name if row.team else "",
            "served_on": row.served_on.isoformat(),
            "hours": str(row.hours),
            "source": row.source,
            "source_id": row.source_id,
            "reason": reason,
        },
    )
    row.delete()


@transaction.atomic
def volunteer_for_user(*, user: Actor, area: Area) -> Volunteer:
    """The volunteer record of an account in a community, created on first use.

    A record already kept for the account's party member is linked to the account rather
    than duplicated. The name is the member's, else the account's display name.
    """
    if not getattr(user, "is_authenticated", False):
        raise DomainError(_("Sign in first."), code="anonymous")
    community = community_of(area)
    found = Volunteer.objects.select_for_update().filter(area=community, user=user).first()
    if found is not None:
        return found

    member = PartyMember.objects.filter(user=user).first()
    if member is not None:
        by_member = (
            Volunteer.objects.select_for_update().filter(area=community, member=member, user__isnull=True).first()
        )
        if by_member is not None:
            by_member.user = user
            by_member.save(update_fields=["user", "updated_at"])
            audit_record(actor=user, action="update", obj=by_member, changes={"account": user.get_username()})
            return by_member
    volunteer = Volunteer(
        area=community,
        user=user,
        member=member,
        resident_id=member.resident_id if member is not None else None,
        registered_on=timezone.localdate(),
    )
    volunteer.set_name((member.name if member is not None else str(user))[:50])
    if member is not None:
        volunteer.set_phone(member.protected_phone() if member.phone_enc else None)
    if volunteer.resident_id and Volunteer.objects.filter(area=community, resident_id=volunteer.resident_id).exists():
        volunteer.resident_id = None
    if member is not None and Volunteer.objects.filter(area=community, member=member).exists():
        volunteer.member = None
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError:
        # Registered by a parallel request a moment ago.
        return Volunteer.objects.get(area=community, user=user)
    audit_record(
        actor=user,
        action="create",
        obj=volunteer,
        changes={"name": volunteer.name, "community": community.name, "account": user.get_username()},
    )
    return volunteer


# Volunteers


def _phone_value(phone: str, errors: dict[str, list[str]]) -> Any:
    from django.core.exceptions import ValidationError

    if not (phone or "").strip():
        return None
    try:
        return protect_phone(normalize_phone(phone))
    except ValidationError as exc:
        errors.setdefault("phone", []).extend(exc.messages)
        return None


@transaction.atomic
def volunteer_register(
    *,
    actor: Actor,
    area: Area,
    name: str = "",
    phone: str = "",
    resident: Any = None,
    member: Any = None,
    skills: str = "",
    registered_on: datetime.date | None = None,
) -> Volunteer:
    """Register a volunteer in a community: a resident, a party member, or a name and phone.

    A person is registered once per community (same resident, member, account or phone).
    """
    community = community_of(area)
    # Staff of the community, or the leader of one of its teams adding someone to the team.
    check(
        _runs_service(actor, community.path)
        or (
            bool(getattr(actor, "is_authenticated", False))
            and queries.teams_led_by(actor).filter(area__path__startswith=community.path).exists()
        )
    )
    errors: dict[str, list[str]] = {}
    protected = _phone_value(phone, errors)
    if resident is not None:
        if not resident.household.area.path.startswith(community.path):
            errors.setdefault("resident", []).append(_("Choose a resident of this community."))
        name = resident.name
        if protected is None and resident.phone_enc:
            protected = resident.protected_phone()
    if member is not None:
        name = name if resident is not None else member.name
        if protected is None and member.phone_enc:
            protected = member.protected_phone()
    name = _text(name, 50)
    if not name:
        errors.setdefault("name", []).append(_("Enter the volunteer's name."))
    registered_on = registered_on or timezone.localdate()
    if registered_on > timezone.localdate():
        errors.setdefault("registered_on", []).append(_("Enter a date up to today."))
    if errors:
        raise DomainError(errors)
    same = Volunteer.objects.filter(area=community)
    clash = None
    if resident is not None:
        clash = same.filter(resident=resident).first()
    if clash is None and member is not None:
        clash = same.filter(member=member).first() or (
            same.filter(user_id=member.user_id).first() if member.user_id else None
        )
    if clash is None and protected is not None:
        clash = same.filter(phone_hash=protected.hash).first()
    if clash is not None:
        raise DomainError(
            _("%(name)s is already registered as a volunteer in %(community)s.")
            % {"name": clash.name, "community": community.name},
            code="duplicate",
        )
    volunteer = Volunteer(
        area=community,
        resident=resident,
        member=member,
        user_id=member.user_id if member is not None else None,
        skills=_text(skills, 200),
        registered_on=registered_on,
    )
    volunteer.set_name(name)
    volunteer.set_phone(protected)
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError as exc:
        raise DomainError(_("This person was just registered; reload the page."), code="duplicate") from exc
    audit_record(
        actor=actor,
        action="create",
        obj=volunteer,
        changes={
            "name": volunteer.name,
            "community": community.name,
            "phone": volunteer.phone_masked,
            "resident": resident.pk if resident is not None else None,
            "member": member.pk if member is not None else None,
        },
    )
    return volunteer


# Teams

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


# Catalogue


@transaction.atomic
def offering_save(
    *,
    actor: Actor,
    offering: Any = None,
    team: VolunteerTeam,
    name: str,
    description: str = "",
    case_category: Any = None,
    is_active: bool = True,
) -> Any:
    """Add a service to a team's catalogue, or change one; staff over the team's area do it."""

    check(_runs_service(actor, team.area.path))
    name = _text(name, 100)
    if not name:
        raise DomainError({"name": [_("Enter the name of the service.")]})
    creating = offering is None
    offering = offering or ServiceOffering(team=team)
    offering.name, offering.description = name, _text(description, 2000)
    offering.case_category, offering.is_active = case_category, is_active
    offering.save()
    audit_record(
        actor=actor,
        action="create" if creating else "update",
        obj=offering,
        changes={"team": team.name, "name": name, "active": is_active},
    )
    return offering


@transaction.atomic
def case_hours_credit(
    *,
    actor: Actor,
    team: VolunteerTeam,
    case: Any,
    volunteers: list[Volunteer],
    served_on: datetime.date,
    hours: Decimal,
    confirm_others: bool = True,
) -> list[ServiceHours]:
    """Credit the team members who worked on a service request (a case handed to the team).

    The leader's entry confirms the others' hours; the leader's own wait for staff.
    """
    check(_leads(actor, team))
    if not volunteers:
        raise DomainError({"volunteers": [_("Choose who worked on it.")]})
    description = _("Service request %(code)s") % {"code": case.tracking_code}
    rows = []
    for volunteer in volunteers:
        rows.append(
            hours_credit_apply(
                volunteer=volunteer,
                team=team,
                area=community_of(team.area),
                served_on=served_on,
                hours=hours,
                description=f"{description} {case.category}"[:DESCRIPTION_MAX],
                source=HoursSource.CASE,
                source_id=case.pk,
                actor=actor,
                confirmed=confirm_others and (volunteer.user_id is None or volunteer.user_id != actor.pk),
            )
        )
    return rows
