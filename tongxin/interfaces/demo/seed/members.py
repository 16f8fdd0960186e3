"""Party members of every kind, some of them residents of the community they serve."""

from __future__ import annotations

import datetime

from tongxin.interfaces.demo.seed.areas import CommunityAreas
from tongxin.interfaces.demo.seed.config import EMPLOYERS, FLOATING_PLACES, REF_DATE, REGION_CODES
from tongxin.interfaces.demo.seed.context import PersonRef, SeedContext
from tongxin.interfaces.demo.seed.households import CommunityPeople
from tongxin.interfaces.demo.seed.identity import Person, age_on_ref
from tongxin.registry.party.models import MemberKind, Organization, PartyMember

# Ages of members who are not residents, by kind.
AGE_RANGES = {
    MemberKind.DIRECT: (23, 80),
    MemberKind.IN_SERVICE: (25, 58),
    MemberKind.FLOATING_OUT: (22, 50),
    MemberKind.FLOATING_IN: (22, 50),
    MemberKind.RETIRED: (60, 86),
}
# A mix for branches that hold every kind (seed 002's grid branches).
MIXED_KINDS = (
    (MemberKind.DIRECT, 0.55),
    (MemberKind.IN_SERVICE, 0.20),
    (MemberKind.RETIRED, 0.13),
    (MemberKind.FLOATING_OUT, 0.06),
    (MemberKind.FLOATING_IN, 0.06),
)
ALL_KINDS = tuple(kind for kind, _ in MIXED_KINDS)


class MemberFactory:
    """Creates members for one community; residents are linked at most once each."""

    def __init__(self, ctx: SeedContext, areas: CommunityAreas, people: CommunityPeople) -> None:
        self.ctx = ctx
        self.areas = areas
        self.people = people
        for pool in (*people.adults.values(), *people.elders.values()):
            ctx.rng.shuffle(pool)

    def pick_kind(self, weights: tuple[tuple[str, float], ...] = MIXED_KINDS) -> str:
        r = self.ctx.rng.random()
        for kind, weight in weights:
            if r < weight:
                return kind
            r -= weight
        return weights[0][0]

    def take(self, *, elder: bool, grid_index: int | None = None) -> PersonRef | None:
        """A resident not yet linked to a member, from the grid if given, else any grid."""
        first = self.people.elders if elder else self.people.adults
        second = self.people.adults if elder else self.people.elders
        grids = list(first)
        if grid_index is not None:
            grids = [grid_index] + [g for g in grids if g != grid_index]
        else:
            self.ctx.rng.shuffle(grids)
        for pools in (first, second):
            for g in grids:
                if pools.get(g):
                    return pools[g].pop()
        return None

    def add(
        self,
        org: Organization,
        kind: str,
        *,
        link_share: float = 0.4,
        grid_index: int | None = None,
        ref: PersonRef | None = None,
        employer: tuple[str, str] | None = None,
    ) -> PartyMember:
        ctx, rng = self.ctx, self.ctx.rng
        if ref is None and rng.random() < link_share:
            wants_elder = kind == MemberKind.RETIRED or (kind == MemberKind.DIRECT and rng.random() < 0.4)
            ref = self.take(elder=wants_elder, grid_index=grid_index)
        if ref is not None:
            person = ref.person
            # A member who lives here is counted among the community's 党员 (六清楚).
            ctx.writer.link(ref.resident_id, ctx.categories["party_member"])
        else:
            low, high = AGE_RANGES[MemberKind(kind)]
            local = rng.choice(REGION_CODES) if kind == MemberKind.FLOATING_IN else self.areas.region
            gender = "M" if rng.random() < 0.6 else "F"
            person = ctx.ids.person(gender=gender, age=rng.randint(low, high), local_code=local)
        member = PartyMember(
            org_id=org.pk,
            kind=kind,
            name=person.name,
            name_pinyin=person.pinyin[0],
            name_initials=person.pinyin[1],
            gender=person.gender,
            birth_date=person.birth_date,
            resident_id=ref.resident_id if ref else None,
        )
        member.set_id_number(person.id_number)
        member.set_phone(person.phone)
        self._dates(member, person)
        age = age_on_ref(person.birth_date)
        member.is_needy = rng.random() < (0.1 if kind == MemberKind.RETIRED or age >= 70 else 0.04)
        if kind in (MemberKind.DIRECT, MemberKind.RETIRED):
            # 无职党员: members without a post, to be given one (设岗定责).
            member.without_post = rng.random() < 0.35
        if kind == MemberKind.IN_SERVICE:
            member.employer, member.employer_org = employer or self._employer()
            member.note = "在职党员到社区报到（双报到）"
        elif kind == MemberKind.FLOATING_OUT:
            member.floating_certificate = ctx.next_certificate()
            member.floating_place = rng.choice(FLOATING_PLACES)
            member.note = "外出务工经商，持流动党员活动证"
        elif kind == MemberKind.FLOATING_IN:
            member.floating_certificate = ctx.next_certificate()
            member.floating_place = rng.choice(FLOATING_PLACES)
            member.note = "流入党员，在流动党员联络站参加组织生活"
        elif kind == MemberKind.RETIRED:
            member.note = "离退休党员，组织关系已转入社区"
        return ctx.writer.add(member)

    def _employer(self) -> tuple[str, str]:
        employer = self.ctx.rng.choice(EMPLOYERS)
        suffix = "机关党委" if employer.startswith("区") else "党委"
        return employer, employer + suffix

    def _dates(self, member: PartyMember, person: Person) -> None:
        rng = self.ctx.rng
        age = age_on_ref(person.birth_date)
        if 19 <= age <= 45 and rng.random() < 0.03:
            # 预备党员: admitted within the last year, confirmation still ahead.
            member.status = PartyMember.Status.PROBATIONARY
            member.joined_on = REF_DATE - datetime.timedelta(days=rng.randint(40, 330))
            return
        joined_age = rng.randint(18, max(18, min(age - 1, 50)))
        start = datetime.date(person.birth_date.year + joined_age, 1, 1)
        member.joined_on = self.ctx.date_between(start, start + datetime.timedelta(days=364))
