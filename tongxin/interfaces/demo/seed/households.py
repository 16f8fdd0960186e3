"""Households and their residents, with care categories (六清楚 and the configurable tags)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tongxin.interfaces.demo.seed.areas import BuildingInfo, CommunityAreas
from tongxin.interfaces.demo.seed.config import split
from tongxin.interfaces.demo.seed.context import MemberHome, PersonRef, SeedContext
from tongxin.interfaces.demo.seed.identity import FixedPerson, Person, age_on_ref
from tongxin.registry.areas.models import Household
from tongxin.registry.people.models import Resident

Rel = Resident.Relation
# (relation, gender, age) of each member of a household
Family = list[tuple[str, str, int]]

# Household kinds: owner-occupied, rented, collective (dormitory), vacant.
KIND_WEIGHTS = ((Household.Kind.OWNER, 0.84), (Household.Kind.RENTED, 0.10), (Household.Kind.COLLECTIVE, 0.02))
# Members who can be linked to a party member are split by age, so a retired member is old.
ELDER_AGE = 58


@dataclass
class CommunityPeople:
    adults: dict[int, list[PersonRef]] = field(default_factory=dict)  # per grid, 22–57
    elders: dict[int, list[PersonRef]] = field(default_factory=dict)  # per grid, 58+
    member_homes: list[MemberHome] = field(default_factory=list)
    households: int = 0
    residents: int = 0


def other(gender: str) -> str:
    return "F" if gender == "M" else "M"


def family(rng: random.Random) -> tuple[str, Family]:
    """A household's make-up; the weights give ≈3 people a household, ≈23 % over 60."""
    g = rng.choice("MF")
    r = rng.random()
    if r < 0.06:
        return "elder_alone", [(Rel.HEAD, g, rng.randint(66, 92))]
    if r < 0.25:
        age = rng.randint(61, 88)
        return "elder_couple", [(Rel.HEAD, "M", age), (Rel.SPOUSE, "F", max(58, age - rng.randint(0, 4)))]
    if r < 0.27:
        return "young", [(Rel.HEAD, g, rng.randint(20, 38))]
    if r < 0.32:
        age = rng.randint(24, 38)
        return "young", [(Rel.HEAD, "M", age), (Rel.SPOUSE, "F", max(20, age - rng.randint(0, 4)))]
    if r < 0.72:
        age = rng.randint(28, 56)
        people: Family = [(Rel.HEAD, "M", age), (Rel.SPOUSE, "F", max(22, age - rng.randint(0, 4)))]
        for _ in range(1 if r < 0.55 else 2):
            people.append((Rel.CHILD, rng.choice("MF"), max(0, age - rng.randint(24, 34))))
        return "family", people
    if r < 0.94:
        age = rng.randint(30, 55)
        people = [(Rel.HEAD, g, age), (Rel.SPOUSE, other(g), max(24, age - rng.randint(-3, 4)))]
        people += [(Rel.CHILD, rng.choice("MF"), max(0, age - rng.randint(24, 33)))]
        if rng.random() < 0.25:
            people.append((Rel.CHILD, rng.choice("MF"), max(0, age - rng.randint(28, 36))))
        for _ in range(1 if rng.random() < 0.5 else 2):
            people.append((Rel.PARENT, rng.choice("MF"), min(96, age + rng.randint(24, 32))))
        return "three_gen", people
    if r < 0.96:
        # Grandparents raising a grandchild whose parents work elsewhere (留守儿童).
        age = rng.randint(58, 75)
        people = [(Rel.HEAD, "M", age)]
        if rng.random() < 0.6:
            people.append((Rel.SPOUSE, "F", age - rng.randint(0, 4)))
        people += [(Rel.GRANDCHILD, rng.choice("MF"), rng.randint(4, 15)) for _ in range(rng.randint(1, 2))]
        return "left_behind", people
    age = rng.randint(30, 50)
    return "family", [(Rel.HEAD, g, age), (Rel.CHILD, rng.choice("MF"), max(0, age - rng.randint(24, 32)))]


def collective(rng: random.Random) -> Family:
    people: Family = [(Rel.HEAD, rng.choice("MF"), rng.randint(20, 35))]
    people += [(Rel.OTHER, rng.choice("MF"), rng.randint(19, 35)) for _ in range(rng.randint(2, 5))]
    return people


class HouseholdBuilder:
    """Writes one community's households and residents, keeping only what members need."""

    def __init__(self, ctx: SeedContext, areas: CommunityAreas, fixed: dict[int, FixedPerson]) -> None:
        self.ctx = ctx
        self.areas = areas
        self.fixed = fixed
        self.cat = ctx.categories
        self.people = CommunityPeople()
        self.local_code = areas.region

    def build(self) -> CommunityPeople:
        plan, rng = self.areas.plan, self.ctx.rng
        for grid_index, grid in enumerate(self.areas.grids):
            buildings = self.areas.buildings_of_grid(grid_index)
            total = sum(b.households for b in buildings)
            homes = 0
            if plan.member_homes and total:
                # 2–5 党员中心户 per grid (a member's home serving the neighbouring households).
                homes = min(rng.randint(2, 5), 2 if self.ctx.tiny else 5, total)
            home_slots = sorted(rng.sample(range(total), homes)) if homes else []
            self.people.adults[grid_index] = []
            self.people.elders[grid_index] = []
            slot = 0
            pending = 0
            for building in buildings:
                for target, count, label in self._targets(building):
                    for i in range(count):
                        if home_slots and slot == home_slots[0]:
                            home_slots.pop(0)
                            pending += 1
                        slot += 1
                        number = self._number(building, label, i, count)
                        fixed = self.fixed.pop(building.area_id, None)
                        pending -= self._household(grid_index, grid.pk, building, target, number, fixed, pending > 0)
        return self.people

    def _targets(self, building: BuildingInfo) -> list[tuple[int, int, str]]:
        counts = split(building.households, len(building.targets))
        if len(building.targets) == 1:
            return [(building.targets[0], counts[0], "1")]
        return [(t, c, str(e + 1)) for e, (t, c) in enumerate(zip(building.targets, counts, strict=True))]

    def _number(self, building: BuildingInfo, entrance: str, i: int, count: int) -> str:
        if self.areas.plan.village:
            return f"{i + 1}号"
        per_floor = 2 if count <= 24 else 4
        floor, room = divmod(i, per_floor)
        return f"{building.number}-{entrance}-{floor + 1}{room + 1:02d}"

    def _household(
        self,
        grid_index: int,
        grid_id: int,
        building: BuildingInfo,
        area_id: int,
        number: str,
        fixed: FixedPerson | None,
        wants_home: bool,
    ) -> int:
        """Write one household and its people; returns 1 if it became a 党员中心户."""
        rng, ctx = self.ctx.rng, self.ctx
        if fixed is not None:
            kind = Household.Kind.OWNER
        else:
            r = rng.random()
            kind = Household.Kind.VACANT
            for choice, weight in KIND_WEIGHTS:
                if r < weight:
                    kind = choice
                    break
                r -= weight
        if kind == Household.Kind.VACANT:
            ctx.writer.add(Household(area_id=area_id, grid_id=grid_id, number=number, kind=kind))
            self.people.households += 1
            return 0
        head: Person | None = None
        if fixed is not None:
            head = ctx.ids.fixed(fixed)
            age = age_on_ref(head.birth_date)
            shape, members = "fixed", [(Rel.HEAD, head.gender, age), (Rel.SPOUSE, other(head.gender), age - 2)]
        elif kind == Household.Kind.COLLECTIVE:
            shape, members = "family", collective(rng)
        else:
            shape, members = family(rng)
        is_home = wants_home and kind == Household.Kind.OWNER and members[0][2] >= 30 and fixed is None
        household = ctx.writer.add(
            Household(area_id=area_id, grid_id=grid_id, number=number, kind=kind, is_member_household=is_home)
        )
        self.people.households += 1
        household_tags: list[str] = []
        if rng.random() < 0.03:
            household_tags.append("low_income")
        floating_household = kind != Household.Kind.OWNER and rng.random() < 0.6
        surname = self.ctx.ids.surname()
        for position, (relation, gender, age) in enumerate(members):
            if position == 0 and head is not None:
                person = head
            else:
                # Children carry the head's surname; spouses and parents keep their own.
                same_name = relation in (Rel.HEAD, Rel.CHILD, Rel.GRANDCHILD)
                person = ctx.ids.person(
                    gender=gender,
                    age=age,
                    local_code=self.local_code,
                    surname=surname if same_name else None,
                    # The host of a 党员中心户 becomes a member, who always has a number.
                    with_id=(position == 0 and is_home) or rng.random() < (0.98 if age >= 16 else 0.7),
                    with_phone=age >= 16 and rng.random() < (0.6 if age >= 80 else 0.92),
                )
            resident = ctx.writer.add(self._resident(household.pk, relation, person))
            self.people.residents += 1
            tags = list(household_tags)
            tags += self._tags(shape, relation, person, floating_household)
            for tag in tags:
                ctx.writer.link(resident.pk, self.cat[tag])
            if fixed is not None or person.id_number is None:
                continue
            ref = PersonRef(resident.pk, person, grid_index)
            if position == 0 and is_home:
                self.people.member_homes.append(MemberHome(household.pk, building.area_id, grid_index, ref))
                continue
            real_age = age_on_ref(person.birth_date)
            if real_age >= ELDER_AGE:
                self.people.elders[grid_index].append(ref)
            elif real_age >= 22:
                self.people.adults[grid_index].append(ref)
        return 1 if is_home else 0

    @staticmethod
    def _resident(household_id: int, relation: str, person: Person) -> Resident:
        resident = Resident(
            household_id=household_id,
            relation=relation,
            gender=person.gender,
            birth_date=person.birth_date,
            name=person.name,
            name_pinyin=person.pinyin[0],
            name_initials=person.pinyin[1],
        )
        resident.set_id_number(person.id_number)
        resident.set_phone(person.phone)
        return resident

    def _tags(self, shape: str, relation: str, person: Person, floating_household: bool) -> list[str]:
        rng = self.ctx.rng
        age = age_on_ref(person.birth_date)
        tags: list[str] = []
        if rng.random() < 0.02:
            tags.append("disabled")
        if 40 <= age <= 60 and rng.random() < 0.07:
            tags.append("laid_off")
        if shape == "elder_alone":
            tags += ["empty_nest", "living_alone"]
        elif shape == "elder_couple" and age >= 60 and rng.random() < 0.1:
            tags.append("empty_nest")
        if shape == "left_behind" and relation == Rel.GRANDCHILD and age < 16:
            tags.append("left_behind_child")
        if person.gender == "M" and 40 <= age <= 85 and rng.random() < 0.03:
            tags.append("veteran")
        if floating_household or rng.random() < 0.01:
            tags.append("floating")
        return tags
