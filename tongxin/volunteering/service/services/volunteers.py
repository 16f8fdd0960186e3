"""Writes of the volunteer register: registering a volunteer, and an account's own record on first use."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, check
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.personal import normalize_phone, protect_phone
from tongxin.registry.areas.models import Area
from tongxin.registry.party.models import PartyMember
from tongxin.volunteering.service import queries
from tongxin.volunteering.service.models import (
    Volunteer,
)
from tongxin.volunteering.service.services._common import _runs_service, _text, community_of


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
