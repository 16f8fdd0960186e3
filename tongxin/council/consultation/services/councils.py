"""Councils and their members (with terms)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.council.consultation.models import Council, CouncilKind, CouncilMember, MemberKind, MemberRole, QuorumBasis
from tongxin.council.consultation.services._common import check_runs, clean
from tongxin.platform.access.actor import Actor
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import Area, Level

COUNCIL_LEVELS = (Level.COMMUNITY, Level.VILLAGE, Level.GRID, Level.BUILDING)


@transaction.atomic
def council_create(
    *,
    actor: Actor,
    area: Area,
    kind: CouncilKind,
    name: str,
    organization: Any = None,
    founded_on: datetime.date | None = None,
    description: str = "",
) -> Council:
    check_runs(actor, area)
    if area.level not in COUNCIL_LEVELS:
        raise DomainError({"area": _("A council belongs to a community, a village, an estate or a building.")})
    if kind.quorum_basis == QuorumBasis.PARTY and organization is None:
        raise DomainError({"organization": _("Choose the Party organization whose members meet.")})
    council = Council.objects.create(
        area=area,
        kind=kind,
        name=clean(name, 100, field="name", required=True),
        organization=organization,
        founded_on=founded_on,
        description=clean(description, 2000, field="description"),
    )
    audit_record(actor=actor, action="create", obj=council, changes={"name": council.name})
    return council


@transaction.atomic
def council_update(
    *, council: Council, actor: Actor, name: str, description: str = "", is_active: bool = True
) -> Council:
    check_runs(actor, council.area)
    council.name = clean(name, 100, field="name", required=True)
    council.description = clean(description, 2000, field="description")
    council.is_active = is_active
    council.save(update_fields=["name", "description", "is_active", "updated_at"])
    audit_record(actor=actor, action="update", obj=council, changes={"name": council.name})
    return council


@transaction.atomic
def member_add(
    *,
    council: Council,
    actor: Actor,
    name: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    kind: str = MemberKind.RESIDENT,
    role: str = MemberRole.MEMBER,
    resident: Any = None,
    party_member: Any = None,
    unit: Any = None,
    represents_household: bool = False,
) -> CouncilMember:
    check_runs(actor, council.area)
    if kind not in MemberKind.values:
        raise DomainError({"kind": _("Choose what kind of member this is.")})
    if role not in MemberRole.values:
        raise DomainError({"role": _("Choose the member's role.")})
    if term_end is not None and term_end < term_start:
        raise DomainError({"term_end": _("The term cannot end before it starts.")})
    if resident is not None and not resident.household.area.path.startswith(council.area.path):
        raise DomainError({"resident": _("Choose a resident of the council's place.")})
    if party_member is not None and not _party_member_of(party_member, council.area):
        raise DomainError({"party_member": _("Choose a Party member of the council's place.")})
    member = CouncilMember(
        council=council,
        kind=kind,
        role=role,
        resident=resident,
        party_member=party_member,
        unit=unit,
        term_start=term_start,
        term_end=term_end,
        represents_household=represents_household,
    )
    member.set_name(clean(name, 50, field="name", required=True))
    member.save()
    audit_record(actor=actor, action="create", obj=member, changes={"council": council.pk, "name": member.name})
    return member


def _party_member_of(member: Any, area: Area) -> bool:
    """In the place: the member's organization is built on it, or the member lives there."""
    if member.org.area_id is not None and member.org.area.path.startswith(area.path):
        return True
    home = member.resident.household.area if member.resident_id else None
    return home is not None and home.path.startswith(area.path)


@transaction.atomic
def member_end(*, member: CouncilMember, actor: Actor, term_end: datetime.date) -> CouncilMember:
    """The member leaves (or the term ends): past meetings keep their attendance as it was."""
    check_runs(actor, member.council.area)
    if term_end < member.term_start:
        raise DomainError({"term_end": _("The term cannot end before it starts.")})
    member.term_end = term_end
    member.save(update_fields=["term_end"])
    audit_record(actor=actor, action="update", obj=member, changes={"term_end": [None, str(term_end)]})
    return member
