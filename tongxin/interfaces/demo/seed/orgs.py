"""Party organizations and members of each community, in the shapes the seeds describe.

- grid (seed 002): 社区党委 → 网格党支部 + 业委会党支部 → 楼栋党小组 → 党员中心户
- large (seed 000): 社区党总支 → 居民小组党支部 → 楼宇党小组; a 流动党员联络站; a 联合党委 of
  25 resident units
- midsize (seed 001): 社区党委 → 两新组织, 特色 (interest teams), 离退休 and 功能型 branches
- village (seed 004): 村党支部 → one 党小组 of 16 members per grid, leaders doubling as grid leaders
- estate (seed 003): 社区党支部 → 小区党小组 → 党员责任区, beside it a 共建联系委员会 uniting
  13 unit organizations with their 党员活动小组
"""

from __future__ import annotations

from collections.abc import Callable

from tongxin.interfaces.demo.seed.areas import CommunityAreas
from tongxin.interfaces.demo.seed.config import NEW_ORGS, numeral, scaled, split
from tongxin.interfaces.demo.seed.context import SeedContext
from tongxin.interfaces.demo.seed.households import CommunityPeople
from tongxin.interfaces.demo.seed.identity import age_on_ref
from tongxin.interfaces.demo.seed.members import ALL_KINDS, MemberFactory
from tongxin.interfaces.demo.seed.units import make_units, org_node
from tongxin.registry.party.models import BranchType, MemberKind, Organization, OrgKind

Builder = Callable[[SeedContext, Organization, CommunityAreas, MemberFactory], None]


def grid_community(ctx: SeedContext, street: Organization, areas: CommunityAreas, members: MemberFactory) -> None:
    rng, factor = ctx.rng, ctx.scale.member_factor
    community = areas.community
    committee = org_node(ctx, street, OrgKind.COMMITTEE, f"{community.name}党委", area_id=community.pk)
    group_counts = split(47, len(areas.grids))
    for g, grid in enumerate(areas.grids):
        branch = org_node(
            ctx, committee, OrgKind.BRANCH, f"{grid.name}党支部", area_id=grid.pk, branch_type=BranchType.GRID
        )
        buildings = areas.buildings_of_grid(g)
        groups = [
            org_node(
                ctx,
                branch,
                OrgKind.GROUP,
                f"{buildings[j % len(buildings)].name}党小组",
                area_id=buildings[j % len(buildings)].area_id,
                branch_type=BranchType.BUILDING,
            )
            for j in range(group_counts[g])
        ]
        for home in (h for h in members.people.member_homes if h.grid_index == g):
            group = next((x for x in groups if x.area_id == home.building_id), groups[0])
            host = org_node(
                ctx,
                group,
                OrgKind.MEMBER_HOUSEHOLD,
                f"{home.head.person.name}党员中心户",
                area_id=home.building_id,
                branch_type=BranchType.BUILDING,
                secretary=home.head.person.name,
            )
            elder = age_on_ref(home.head.person.birth_date) >= 60
            members.add(host, MemberKind.RETIRED if elder else MemberKind.DIRECT, ref=home.head)
        if ctx.first_subdistrict and g == 0:
            # The `member` demo account: a directly managed member of grid 1's branch.
            account = members.add(branch, MemberKind.DIRECT, link_share=1.0, grid_index=0)
            ctx.refs.branch_id, ctx.refs.member_id = branch.pk, account.pk
        for k in range(scaled(37, factor, minimum=5)):
            # Every branch holds every kind, whatever the scale; the rest follow the mix.
            kind = ALL_KINDS[(g + k) % len(ALL_KINDS)] if k < len(ALL_KINDS) else members.pick_kind()
            target = rng.choice(groups) if groups and rng.random() < 0.65 else branch
            link = 0.3 if kind in (MemberKind.FLOATING_OUT, MemberKind.FLOATING_IN) else 0.45
            members.add(target, kind, grid_index=g, link_share=link)
    estate = areas.estates[0].name if areas.estates else community.name
    owners = org_node(
        ctx,
        committee,
        OrgKind.BRANCH,
        f"{estate}业委会党支部",
        area_id=community.pk,
        branch_type=BranchType.OWNERS_COMMITTEE,
    )
    for k in range(scaled(15, factor, minimum=2)):
        members.add(owners, MemberKind.RETIRED if k % 3 == 0 else MemberKind.DIRECT, link_share=0.8)
    # Seed 002: "辖区有行政企事业单位10家", co-building with the community committee.
    joint = org_node(
        ctx,
        committee,
        OrgKind.JOINT_COMMITTEE,
        f"{community.name}区域化党建联合党委",
        area_id=community.pk,
        note="社区党委牵头，辖区10家行政企事业单位党组织共建",
    )
    make_units(ctx, joint, areas, 10, 160)


def large_community(ctx: SeedContext, street: Organization, areas: CommunityAreas, members: MemberFactory) -> None:
    rng, factor = ctx.rng, ctx.scale.member_factor
    community = areas.community
    general = org_node(ctx, street, OrgKind.GENERAL_BRANCH, f"{community.name}党总支", area_id=community.pk)
    chunks = split(len(areas.buildings), 11)
    group_counts = split(72, 11)
    branches: list[Organization] = []
    groups: list[list[Organization]] = []
    start = 0
    for i in range(11):
        branch = org_node(
            ctx, general, OrgKind.BRANCH, f"第{numeral(i + 1)}居民小组党支部", branch_type=BranchType.RESIDENT_GROUP
        )
        # Each resident group covers a run of buildings; its 楼宇党小组 sit in them.
        own = areas.buildings[start : start + chunks[i]] or areas.buildings
        start += chunks[i]
        groups.append(
            [
                org_node(
                    ctx,
                    branch,
                    OrgKind.GROUP,
                    f"{own[j % len(own)].name}党小组",
                    area_id=own[j % len(own)].area_id,
                    branch_type=BranchType.BUILDING,
                )
                for j in range(group_counts[i])
            ]
        )
        branches.append(branch)
    station = org_node(
        ctx,
        general,
        OrgKind.LIAISON_STATION,
        f"{community.name}流动党员联络站",
        area_id=community.pk,
        branch_type=BranchType.FUNCTIONAL,
    )
    joint = org_node(
        ctx,
        general,
        OrgKind.JOINT_COMMITTEE,
        f"{areas.short_name}区域化党建联合党委",
        area_id=community.pk,
        note="社区党总支牵头，驻区单位党组织书记任兼职委员（大党委）",
    )
    units = make_units(ctx, joint, areas, 25, 1700)
    if ctx.first_subdistrict:
        ctx.refs.unit_org_id, ctx.refs.unit_contact_id = units[0].org.pk, units[0].contact_id

    def place(n: int) -> Organization:
        branch_groups = groups[n % 11]
        return rng.choice(branch_groups) if branch_groups and rng.random() < 0.5 else branches[n % 11]

    for n in range(scaled(64, factor)):
        members.add(place(n), MemberKind.DIRECT, link_share=0.5)
    for _ in range(scaled(30, factor)):
        members.add(station, MemberKind.FLOATING_IN, link_share=0.2)
    for n in range(scaled(20, factor)):
        members.add(place(n), MemberKind.FLOATING_OUT, link_share=0.6)
    for n in range(scaled(20, factor)):
        members.add(place(n + 3), MemberKind.RETIRED, link_share=0.6)
    for n in range(scaled(30, factor)):
        unit = units[n % len(units)]
        members.add(place(n + 5), MemberKind.IN_SERVICE, link_share=0.5, employer=(unit.name, unit.org.name))


def midsize_community(ctx: SeedContext, street: Organization, areas: CommunityAreas, members: MemberFactory) -> None:
    factor = ctx.scale.member_factor
    community = areas.community
    committee = org_node(ctx, street, OrgKind.COMMITTEE, f"{community.name}党委", area_id=community.pk)

    def branch_with_groups(name: str, branch_type: str, group_names: list[str]) -> list[Organization]:
        branch = org_node(ctx, committee, OrgKind.BRANCH, name, branch_type=branch_type)
        return [branch] + [org_node(ctx, branch, OrgKind.GROUP, g, branch_type=branch_type) for g in group_names]

    def fill(orgs: list[Organization], count: int, kinds: tuple[tuple[str, float], ...], link: float) -> None:
        for n in range(count):
            members.add(orgs[n % len(orgs)], members.pick_kind(kinds), link_share=link)

    two_groups = ["第一党小组", "第二党小组"]
    for company in NEW_ORGS:
        # 两新组织: branches in new economic and social organizations (seed 001 has 4).
        orgs = branch_with_groups(f"{areas.short_name}{company}党支部", BranchType.NEW_ORGANIZATION, two_groups)
        fill(orgs, scaled(27, factor), ((MemberKind.DIRECT, 0.85), (MemberKind.FLOATING_IN, 0.15)), 0.25)
    # 18 members from 13 cultural teams make up the 特色党支部 (seed 001).
    orgs = branch_with_groups("文体队伍特色党支部", BranchType.INTEREST, ["舞蹈队党小组", "合唱队党小组"])
    fill(orgs, scaled(18, factor), ((MemberKind.DIRECT, 0.6), (MemberKind.RETIRED, 0.4)), 0.7)
    orgs = branch_with_groups("离退休党支部", BranchType.RETIRED, [f"第{numeral(i)}党小组" for i in range(1, 5)])
    fill(orgs, scaled(97, factor), ((MemberKind.RETIRED, 1.0),), 0.6)
    orgs = branch_with_groups(
        "志愿服务功能型党支部", BranchType.FUNCTIONAL, ["助老服务党小组", "治安巡逻党小组", "环境整治党小组"]
    )
    fill(orgs, scaled(40, factor), ((MemberKind.IN_SERVICE, 0.5), (MemberKind.DIRECT, 0.5)), 0.4)


def village(ctx: SeedContext, street: Organization, areas: CommunityAreas, members: MemberFactory) -> None:
    village_area = areas.community
    branch = org_node(ctx, street, OrgKind.BRANCH, f"{village_area.name}党支部", area_id=village_area.pk)
    kinds = ((MemberKind.DIRECT, 0.75), (MemberKind.RETIRED, 0.15), (MemberKind.FLOATING_OUT, 0.10))
    for g, grid in enumerate(areas.grids):
        # Seed 004: one group of 16 per grid; the group leader is also the grid leader.
        leader = members.take(elder=False, grid_index=g)
        group = org_node(
            ctx,
            branch,
            OrgKind.GROUP,
            f"{grid.name}党小组",
            area_id=grid.pk,
            secretary=leader.person.name if leader else None,
            note="党小组长兼任网格长",
        )
        members.add(group, MemberKind.DIRECT, ref=leader, grid_index=g)
        for _ in range(15):
            members.add(group, members.pick_kind(kinds), link_share=0.85, grid_index=g)


def estate_community(ctx: SeedContext, street: Organization, areas: CommunityAreas, members: MemberFactory) -> None:
    factor = ctx.scale.member_factor
    community = areas.community
    branch = org_node(ctx, street, OrgKind.BRANCH, f"{community.name}党支部", area_id=community.pk)
    kinds = ((MemberKind.DIRECT, 0.7), (MemberKind.RETIRED, 0.3))
    for estate, indexes in zip(areas.estates, areas.estate_buildings, strict=True):
        buildings = [areas.buildings[i] for i in indexes] or areas.buildings
        group = org_node(
            ctx,
            branch,
            OrgKind.GROUP,
            f"{estate.name}党小组",
            area_id=areas.grids[buildings[0].grid_index].pk,
            branch_type=BranchType.ESTATE,
        )
        zones = [
            # 党员责任区: each member answers for a few buildings of the estate.
            org_node(
                ctx,
                group,
                OrgKind.MEMBER_HOUSEHOLD,
                f"{estate.name}第{numeral(k + 1)}党员责任区",
                area_id=buildings[k % len(buildings)].area_id,
                branch_type=BranchType.BUILDING,
            )
            for k in range(ctx.rng.randint(2, 3))
        ]
        for n in range(scaled(12, factor, minimum=len(zones) + 1)):
            target = zones[n] if n < len(zones) else group
            members.add(target, members.pick_kind(kinds), link_share=0.6)
    joint = org_node(
        ctx,
        street,
        OrgKind.JOINT_COMMITTEE,
        f"{community.name}共建联系委员会",
        area_id=community.pk,
        note="非建制性联合党委：驻区单位党组织—党员活动小组—党员志愿者队伍",
    )
    units = make_units(ctx, joint, areas, 13, 590, activity_groups=4)
    for n in range(scaled(10, factor)):
        # Dual identity: members of a unit's organization who also answer to the community.
        unit = units[n % len(units)]
        members.add(branch, MemberKind.IN_SERVICE, link_share=0.5, employer=(unit.name, unit.org.name))


BUILDERS: dict[str, Builder] = {
    "grid": grid_community,
    "large": large_community,
    "midsize": midsize_community,
    "village": village,
    "estate": estate_community,
}


def build_orgs(ctx: SeedContext, street: Organization, areas: CommunityAreas, people: CommunityPeople) -> None:
    BUILDERS[areas.plan.shape](ctx, street, areas, MemberFactory(ctx, areas, people))
