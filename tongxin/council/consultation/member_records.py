"""The records a council member can be linked to: a resident of the council's place, or a Party
member of an organization built on it (or living in it) — only those the user may see (`visible_to`).

The picker on the council page sends a record as "r:12" (a resident) or "p:7" (a Party member),
so a record chosen while searching one kind is never read as an id of the other.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from tongxin.council.consultation.models import Council, MemberKind
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.scope import visible_to
from tongxin.platform.core.listing import clean_text
from tongxin.platform.core.people import person_search_q
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident

# A search answers with this many at most; the secretary types on for fewer.
RESULTS = 12
QUERY_MAX = 20
RECORD_RE = re.compile(r"^([rp]):([1-9][0-9]{0,17})$")
PREFIX = {MemberKind.RESIDENT: "r", MemberKind.PARTY_MEMBER: "p"}


def residents_of(user: Actor, council: Council) -> QuerySet[Resident]:
    return visible_to(Resident.objects.filter(household__area__path__startswith=council.area.path), user)


def party_members_of(user: Actor, council: Council) -> QuerySet[PartyMember]:
    """Members still on a register, of an organization whose area is in the council's place or
    living there (a member of a unit's branch who is a resident of the estate)."""
    path = council.area.path
    in_place = Q(org__area__path__startswith=path) | Q(resident__household__area__path__startswith=path)
    return visible_to(PartyMember.objects.current().filter(in_place), user)


def search_query(raw: str) -> str:
    return clean_text(raw, QUERY_MAX)


def member_candidates(user: Actor, council: Council, kind: str, q: str) -> list[tuple[str, str, str]]:
    """(record, name, where) of up to RESULTS people matching `q` by name, pinyin or initials:
    Party members for kind "party_member", residents otherwise. One query."""
    if not q:
        return []
    if kind == MemberKind.PARTY_MEMBER:
        members = (
            party_members_of(user, council)
            .filter(person_search_q(q, with_id=False))
            .select_related("org")
            .order_by("name_pinyin", "id")[:RESULTS]
        )
        return [(f"p:{m.pk}", m.name, m.org.name) for m in members]
    residents = (
        residents_of(user, council)
        .filter(person_search_q(q, with_id=False))
        .select_related("household__area")
        .order_by("name_pinyin", "id")[:RESULTS]
    )
    return [(f"r:{r.pk}", r.name, f"{r.household.area.name} {r.household.number}") for r in residents]


def parse_record(value: str) -> tuple[str, int] | None:
    """("r" or "p", id) of a picker value, or None when it is not one."""
    match = RECORD_RE.match(value or "")
    return (match.group(1), int(match.group(2))) if match else None


def member_record(user: Actor, council: Council, value: str) -> Any:
    """The resident or Party member a picker value names, if the user sees them and they belong
    to the council's place; None otherwise (the same answer whether or not the record exists)."""
    parsed = parse_record(value)
    if parsed is None:
        return None
    prefix, pk = parsed
    qs: QuerySet[Any] = residents_of(user, council) if prefix == "r" else party_members_of(user, council)
    return qs.filter(pk=pk).first()


def record_label(record: Any) -> str:
    if isinstance(record, Resident):
        return f"{record.name} · {record.household.area.name} {record.household.number}"
    return f"{record.name} · {record.org.name}"
