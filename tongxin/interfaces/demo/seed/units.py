"""Resident units (驻区单位), each with its own Party organization and contacts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tongxin.interfaces.demo.seed.areas import CommunityAreas
from tongxin.interfaces.demo.seed.config import UNIT_TEMPLATES, split
from tongxin.interfaces.demo.seed.context import SeedContext
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact
from tongxin.registry.party.models import BranchType, Organization, OrgKind

# First two characters of the unified social credit code: registering department and type.
CREDIT_PREFIX = {
    "government": "11",
    "institution": "12",
    "school": "12",
    "hospital": "12",
    "soe": "91",
    "private": "91",
    "social": "51",
    "other": "93",
}


@dataclass
class UnitRef:
    name: str
    org: Organization
    contact_id: int


def org_node(
    ctx: SeedContext,
    parent: Organization | None,
    kind: str,
    name: str,
    *,
    area_id: int | None = None,
    branch_type: str = BranchType.TERRITORIAL,
    secretary: str | None = None,
    note: str = "",
) -> Organization:
    rng = ctx.rng
    if secretary is None:
        secretary = ctx.ids.name("M" if rng.random() < 0.55 else "F")
    return ctx.writer.node(
        Organization,
        parent,
        kind=kind,
        name=name,
        area_id=area_id,
        branch_type=branch_type,
        secretary_name=secretary,
        founded_on=ctx.date_between(datetime.date(1998, 1, 1), datetime.date(2021, 12, 31)),
        note=note,
    )


def make_units(
    ctx: SeedContext,
    joint: Organization,
    areas: CommunityAreas,
    count: int,
    total_members: int,
    activity_groups: int = 0,
) -> list[UnitRef]:
    """`count` units under a joint committee, whose members add up to `total_members`.

    Their members stay members of the unit's own organization (the "dual identity" of seed
    003), so they appear here as a count on the unit, not as rows in the member registry.
    """
    rng, writer = ctx.rng, ctx.writer
    units: list[UnitRef] = []
    for i, members in enumerate(split(total_members, count, rng, jitter=0.7)):
        kind, suffix = UNIT_TEMPLATES[i % len(UNIT_TEMPLATES)]
        name = f"{areas.short_name}{suffix}"
        # 50–100 members may form a general branch (党总支); fewer, a branch.
        org_kind = OrgKind.GENERAL_BRANCH if members >= 50 else OrgKind.BRANCH
        label = "党总支" if org_kind == OrgKind.GENERAL_BRANCH else "党支部"
        org = org_node(ctx, joint, org_kind, f"{name}{label}", branch_type=BranchType.RESIDENT_UNIT)
        if i < activity_groups:
            # 党员活动小组建在楼道 (seed 003): the unit's members active where they live.
            org_node(ctx, org, OrgKind.GROUP, f"{name}党员活动小组", branch_type=BranchType.RESIDENT_UNIT)
        unit = writer.add(
            ResidentUnit(
                name=name,
                credit_code=ctx.ids.credit_code(CREDIT_PREFIX[kind], areas.region),
                kind=kind,
                area_id=areas.community.pk,
                org_id=org.pk,
                address=f"{areas.community.name}{rng.randint(1, 200)}号",
                member_count=members,
            )
        )
        contact_ids = []
        for title in ("党组织书记", "党建联络员")[: rng.randint(1, 2)]:
            person = ctx.ids.person(
                gender=rng.choice("MF"), age=rng.randint(28, 58), local_code=areas.region, with_id=False
            )
            contact = UnitContact(
                unit_id=unit.pk,
                title=title,
                name=person.name,
                name_pinyin=person.pinyin[0],
                name_initials=person.pinyin[1],
            )
            contact.set_phone(person.phone)
            contact_ids.append(writer.add(contact).pk)
        units.append(UnitRef(name, org, contact_ids[0]))
    return units
