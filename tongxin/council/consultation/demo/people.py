"""Who sits on the demo's councils and raises its topics: real rows of the place where there are any."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from tongxin.council.consultation import services
from tongxin.council.consultation.models import Council, CouncilKind, MemberKind, MemberRole
from tongxin.registry.areas.models import Area, Household, Level
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident

ADULT = 18


@dataclass(frozen=True)
class Local:
    """A resident of the place, as much as the demo needs."""

    resident_id: int
    name: str
    building_id: int
    grid_id: int | None
    household_id: int
    is_head: bool


class People:
    """The adults of one community or village, read once."""

    def __init__(self, place: Area, today: datetime.date, rng: random.Random) -> None:
        self.place, self.rng = place, rng
        born_by = today.replace(year=today.year - ADULT, day=min(today.day, 28))
        rows = (
            Resident.objects.filter(household__area__path__startswith=place.path, birth_date__lte=born_by)
            .order_by("id")
            .values_list(
                "pk",
                "name",
                "household__area_id",
                "household__area__level",
                "household__area__parent_id",
                "household__grid_id",
                "household_id",
                "relation",
            )
        )
        self.adults = [
            Local(pk, name, area if level == Level.BUILDING else parent or 0, grid, household, relation == "head")
            for pk, name, area, level, parent, grid, household, relation in rows
            if (area if level == Level.BUILDING else parent) is not None
        ]
        self.members = list(
            PartyMember.objects.current()
            .filter(resident__household__area__path__startswith=place.path, status=PartyMember.Status.FULL)
            .select_related("resident__household__area")
            .order_by("id")
        )

    def pick(self, n: int, *, heads: bool = False, where: int | None = None) -> list[Local]:
        pool = [p for p in self.adults if (not heads or p.is_head) and (where is None or where in (p.grid_id,))]
        return self.rng.sample(pool, min(n, len(pool)))

    def household(self, pk: int) -> Household:
        return Household.objects.select_related("area").get(pk=pk)

    def one(self, *, grid: int | None = None) -> Local | None:
        found = self.pick(1, where=grid)
        return found[0] if found else None


def unit_of(place: Area) -> tuple[ResidentUnit | None, str]:
    """A co-building unit of the place, or of its subdistrict, and its contact's name."""
    units = ResidentUnit.objects.filter(area=place).order_by("id")
    unit = units.first() or ResidentUnit.objects.filter(area__path__startswith=place.path[:-9]).order_by("id").first()
    if unit is None:
        return None, ""
    contact = UnitContact.objects.filter(unit=unit).order_by("id").first()
    return unit, contact.name if contact else ""


def create_council(
    actor: Any,
    place: Area,
    kind_code: str,
    name: str,
    *,
    founded: datetime.date,
    description: str,
    organization: Any = None,
) -> Council:
    return services.council_create(
        actor=actor,
        area=place,
        kind=CouncilKind.objects.get(code=kind_code),
        name=name,
        organization=organization,
        founded_on=founded,
        description=description,
    )


def seat_members(
    council: Council,
    actor: Any,
    people: People,
    *,
    residents: int,
    members: int,
    founded: datetime.date,
    today: datetime.date,
    unit: tuple[ResidentUnit | None, str] = (None, ""),
    staff: tuple[str, ...] = (),
    grid: int | None = None,
    households: bool = False,
) -> int:
    """Residents, party members (linked to both rows), a unit's representative and staff, with terms:
    one or two leave half-way and someone new takes the seat."""
    rng = people.rng
    seats: list[dict[str, Any]] = []
    for name in staff:
        seats.append({"name": name, "kind": MemberKind.STAFF})
    taken: set[int] = set()
    pool = [m for m in people.members if m.resident and (grid is None or m.resident.household.grid_id == grid)]
    for m in rng.sample(pool, min(members, len(pool))):
        taken.add(m.resident_id or 0)
        seats.append({"name": m.name, "kind": MemberKind.PARTY_MEMBER, "party_member": m, "resident": m.resident})
    if unit[0] is not None and unit[1]:
        seats.append({"name": unit[1], "kind": MemberKind.UNIT, "unit": unit[0]})
    chosen = [
        p for p in people.pick(residents + len(taken), heads=households, where=grid) if p.resident_id not in taken
    ]
    objects = Resident.objects.select_related("household__area").in_bulk([p.resident_id for p in chosen])
    for p in chosen[:residents]:
        seats.append(
            {"name": p.name, "kind": MemberKind.RESIDENT, "resident": objects[p.resident_id], "household": households}
        )
    written = 0
    half = founded + datetime.timedelta(days=(today - founded).days // 2)
    leaving = {len(seats) - 1} if len(seats) > 6 else set()
    for i, seat in enumerate(seats):
        role = MemberRole.CHAIR if i == 0 else MemberRole.CLERK if i == 1 else MemberRole.MEMBER
        member = services.member_add(
            council=council,
            actor=actor,
            name=seat["name"],
            term_start=founded,
            kind=seat["kind"],
            role=role,
            resident=seat.get("resident"),
            party_member=seat.get("party_member"),
            unit=seat.get("unit"),
            represents_household=bool(seat.get("household")),
        )
        written += 1
        if i in leaving:
            # Moved away half-way; a neighbour took the seat.
            services.member_end(member=member, actor=actor, term_end=half)
            newcomer = people.one(grid=grid)
            if newcomer is not None and newcomer.resident_id not in {p.resident_id for p in chosen} | taken:
                services.member_add(
                    council=council,
                    actor=actor,
                    name=newcomer.name,
                    term_start=half + datetime.timedelta(days=1),
                    kind=MemberKind.RESIDENT,
                    resident=Resident.objects.select_related("household__area").get(pk=newcomer.resident_id),
                )
                written += 1
    return written
