"""What every step of the seeding shares: randomness, the writer, and what later steps need."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from tongxin.interfaces.demo.seed.config import REF_DATE, Scale
from tongxin.interfaces.demo.seed.identity import Identities, Person
from tongxin.interfaces.demo.seed.writer import BulkWriter


@dataclass
class PersonRef:
    """A resident who may also become a party member (kept per community, then dropped)."""

    resident_id: int
    person: Person
    grid_index: int


@dataclass
class MemberHome:
    """A household chosen to be a 党员中心户: its head becomes the member who hosts it."""

    household_id: int
    building_id: int
    grid_index: int
    head: PersonRef


@dataclass
class DemoRefs:
    """Ids of the nodes and records the demo accounts are bound to (subdistrict 1)."""

    subdistrict_id: int | None = None
    community_id: int | None = None
    village_id: int | None = None
    grid_ids: list[int] = field(default_factory=list)
    building_id: int | None = None
    branch_id: int | None = None
    member_id: int | None = None
    unit_org_id: int | None = None
    unit_contact_id: int | None = None


@dataclass
class SeedContext:
    scale: Scale
    rng: random.Random
    ids: Identities
    writer: BulkWriter
    categories: dict[str, int]
    refs: DemoRefs = field(default_factory=DemoRefs)
    # True while building subdistrict 1, whose first community holds the fixed residents.
    first_subdistrict: bool = False
    floating_certificates: int = 0

    @property
    def tiny(self) -> bool:
        return self.scale.tiny

    def date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        end = min(end, REF_DATE - datetime.timedelta(days=1))
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days))

    def next_certificate(self) -> str:
        self.floating_certificates += 1
        return f"流证{REF_DATE.year}{self.floating_certificates:04d}"
