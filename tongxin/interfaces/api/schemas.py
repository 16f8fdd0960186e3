"""Response shapes of the JSON API.

Foreign keys are given as ids (`parent`, `household`, `org`…), read from the `_id` column so
no row is fetched for them. Personal numbers exist here only in their masked form: the API
reads `id_number_masked` / `phone_masked` and never touches the encrypted columns.
"""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Schema


def _masked(value: str) -> str | None:
    return value or None


class AreaOut(Schema):
    id: int
    name: str
    level: str
    parent: int | None
    code: str
    # Names from the topmost area the user may see down to this one's parent.
    path_names: list[str] | None = None

    @staticmethod
    def resolve_parent(obj: Any) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_path_names(obj: Any) -> list[str] | None:
        return getattr(obj, "path_names", None)


class AreaChildOut(Schema):
    id: int
    name: str
    level: str


class AreaCountsOut(Schema):
    areas: int
    households: int
    residents: int


class AreaDetailOut(AreaOut):
    children: list[AreaChildOut]
    counts: AreaCountsOut

    @staticmethod
    def resolve_children(obj: Any) -> list[Any]:
        return obj.child_list

    @staticmethod
    def resolve_counts(obj: Any) -> dict[str, int]:
        return obj.counts


class HouseholdOut(Schema):
    id: int
    number: str
    area: int
    area_name: str
    grid: int | None
    kind: str
    resident_count: int

    @staticmethod
    def resolve_area(obj: Any) -> int:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Any) -> str:
        return obj.area.name

    @staticmethod
    def resolve_grid(obj: Any) -> int | None:
        return obj.grid_id


class ResidentOut(Schema):
    id: int
    name: str
    household: int
    grid: int | None
    gender: str
    birth_date: datetime.date | None
    relation: str
    id_number: str | None
    phone: str | None
    care_categories: list[str]

    @staticmethod
    def resolve_household(obj: Any) -> int:
        return obj.household_id

    @staticmethod
    def resolve_grid(obj: Any) -> int | None:
        return obj.household.grid_id

    @staticmethod
    def resolve_id_number(obj: Any) -> str | None:
        return _masked(obj.id_number_masked)

    @staticmethod
    def resolve_phone(obj: Any) -> str | None:
        return _masked(obj.phone_masked)

    @staticmethod
    def resolve_care_categories(obj: Any) -> list[str]:
        # .all() reads the prefetched categories: no query per row.
        return [c.code for c in obj.care_categories.all()]


class OrgOut(Schema):
    id: int
    name: str
    kind: str
    branch_type: str
    parent: int | None
    area: int | None

    @staticmethod
    def resolve_parent(obj: Any) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_area(obj: Any) -> int | None:
        return obj.area_id


class MemberOut(Schema):
    id: int
    name: str
    org: int
    kind: str
    status: str
    is_needy: bool
    without_post: bool
    id_number: str | None
    phone: str | None

    @staticmethod
    def resolve_org(obj: Any) -> int:
        return obj.org_id

    @staticmethod
    def resolve_id_number(obj: Any) -> str | None:
        return _masked(obj.id_number_masked)

    @staticmethod
    def resolve_phone(obj: Any) -> str | None:
        return _masked(obj.phone_masked)


class ContactOut(Schema):
    id: int
    name: str
    title: str
    phone: str | None

    @staticmethod
    def resolve_phone(obj: Any) -> str | None:
        return _masked(obj.phone_masked)


class UnitOut(Schema):
    id: int
    name: str
    credit_code: str
    kind: str
    area: int
    org: int | None
    member_count: int
    contacts: list[ContactOut]

    @staticmethod
    def resolve_area(obj: Any) -> int:
        return obj.area_id

    @staticmethod
    def resolve_org(obj: Any) -> int | None:
        return obj.org_id

    @staticmethod
    def resolve_contacts(obj: Any) -> list[Any]:
        return list(obj.contacts.all())
