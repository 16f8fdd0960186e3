"""The area tree of one community: grids, estates, buildings and entrances."""

from __future__ import annotations

from dataclasses import dataclass, field

from tongxin.interfaces.demo.seed.config import ESTATE_FIRST, ESTATE_SECOND, AreaPlan, numeral, split
from tongxin.interfaces.demo.seed.context import SeedContext
from tongxin.interfaces.demo.seed.outlines import community_outlines
from tongxin.registry.areas.models import Area, Estate, Level

# Share of a community's buildings that stand in an estate; the rest are scattered old blocks.
ESTATE_COVERAGE = {"grid": 0.85, "midsize": 0.85}


@dataclass
class BuildingInfo:
    area_id: int
    number: int
    name: str
    grid_index: int
    households: int
    # Where the households hang: the entrances (单元) if the building has them, else itself.
    targets: list[int] = field(default_factory=list)


@dataclass
class CommunityAreas:
    plan: AreaPlan
    community: Area
    region: str
    grids: list[Area]
    buildings: list[BuildingInfo]
    estates: list[Estate]
    # For each estate, the indexes of its buildings in `buildings`.
    estate_buildings: list[list[int]]

    @property
    def short_name(self) -> str:
        return self.community.name.removesuffix("社区").removesuffix("村")

    def buildings_of_grid(self, grid_index: int) -> list[BuildingInfo]:
        return [b for b in self.buildings if b.grid_index == grid_index]


def build_community(
    ctx: SeedContext,
    subdistrict: Area,
    plan: AreaPlan,
    name: str,
    region: str,
    number: int,
) -> CommunityAreas:
    writer, rng = ctx.writer, ctx.rng
    level = Level.VILLAGE if plan.village else Level.COMMUNITY
    code = f"{subdistrict.code}{number:03d}"
    community = writer.node(Area, subdistrict, level=level, name=name, code=code, sort_order=number)
    # Outlines laid out per subdistrict: the district and subdistrict place it on the map.
    district_index = subdistrict.parent.sort_order - 1 if subdistrict.parent else 0
    outlines = community_outlines(district_index, subdistrict.sort_order - 1, number - 1, plan.grids)
    grids = [
        writer.node(
            Area,
            community,
            level=Level.GRID,
            name=f"第{numeral(i + 1)}网格",
            # 15-digit grid code: 6 region + 3 subdistrict + 3 community + 3 grid.
            code=f"{code}{i + 1:03d}",
            sort_order=i + 1,
            outline=outlines[i],
        )
        for i in range(plan.grids)
    ]
    per_grid = split(plan.buildings, plan.grids)
    per_building = split(plan.households, plan.buildings, rng, jitter=0.4)
    for index, count in enumerate(per_building):
        if count == 0:
            # Every building has someone living in it (the fixed residents need that too).
            fullest = max(range(len(per_building)), key=per_building.__getitem__)
            per_building[fullest] -= 1
            per_building[index] = 1
    estates, estate_of = _estates(ctx, community, plan, per_grid)
    buildings: list[BuildingInfo] = []
    forced_entrances = ctx.tiny and plan.entrance_share > 0
    for grid_index, (grid, count) in enumerate(zip(grids, per_grid, strict=True)):
        for _ in range(count):
            index = len(buildings)
            number = index + 1
            label = f"{number}排民居" if plan.village else f"{number}号楼"
            households = per_building[index]
            estate = estate_of.get(index)
            building = writer.node(
                Area,
                grid,
                level=Level.BUILDING,
                name=label,
                estate_id=estate.pk if estate else None,
                sort_order=number,
            )
            info = BuildingInfo(building.pk, number, label, grid_index, households)
            entrances = 0
            if not plan.village and households >= 6 and rng.random() < plan.entrance_share:
                entrances = min(4, max(2, households // 10))
            elif forced_entrances and households >= 2:
                # Tiny data is too small for the odds above; keep one building with entrances.
                entrances, forced_entrances = 2, False
            for e in range(entrances):
                entrance = writer.node(Area, building, level=Level.ENTRANCE, name=f"{e + 1}单元", sort_order=e + 1)
                info.targets.append(entrance.pk)
            if not info.targets:
                info.targets.append(building.pk)
            buildings.append(info)
    estate_buildings = [[i for i, e in sorted(estate_of.items()) if e is estate] for estate in estates]
    return CommunityAreas(plan, community, region, grids, buildings, estates, estate_buildings)


def _estates(
    ctx: SeedContext, community: Area, plan: AreaPlan, per_grid: list[int]
) -> tuple[list[Estate], dict[int, Estate]]:
    """Estates (小区) and which building index belongs to which; an estate may span grids."""
    if not plan.estates:
        return [], {}
    rng = ctx.rng
    names = [a + b for a in ESTATE_FIRST for b in ESTATE_SECOND]
    chosen = rng.sample(names, plan.estates)
    estates = []
    for i, estate_name in enumerate(chosen):
        # Seed 003: the first estate of that community has no property company and is run by
        # owners' committee, residents' committee and owners together (三位一体).
        without_company = plan.shape == "estate" and i == 0
        estates.append(
            ctx.writer.add(
                Estate(
                    community_id=community.pk,
                    name=estate_name,
                    has_property_company=not without_company and rng.random() < 0.85,
                    note="无物业小区：业委会管钱、居委会管事、业主监督（三位一体）" if without_company else "",
                )
            )
        )
    total = sum(per_grid)
    covered = round(total * ESTATE_COVERAGE.get(plan.shape, 1.0))
    estate_of: dict[int, Estate] = {}
    start = 0
    for estate, size in zip(estates, split(covered, len(estates)), strict=True):
        for index in range(start, start + size):
            estate_of[index] = estate
        start += size
    return estates, estate_of
