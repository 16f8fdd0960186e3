"""Member branches' counts against a hand-made set: branches with 2, 5 and 0 members, a nested
party group, a member who left, a nested member branch (counted once in the total)."""

from __future__ import annotations

import datetime
from typing import Any, cast

import pytest

from tongxin.cobuilding.committee import queries, services
from tongxin.cobuilding.committee.tests.support import committee, staff
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.tree_ops import node_insert
from tongxin.registry.party.models import Organization, OrgKind, PartyMember

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 1, 1)


def _org(parent: Any, name: str, kind: str = OrgKind.BRANCH) -> Organization:
    return cast(Organization, node_insert(Organization(parent=parent, kind=kind, name=name)))


def _members(org: Organization, n: int, prefix: str) -> None:
    for i in range(n):
        m = PartyMember(org=org, name=f"{prefix}{i}")
        m.set_name(m.name)
        m.save()


def test_counts_per_branch_and_the_total_come_from_the_database(world: Any, django_assert_num_queries: Any) -> None:
    c = committee(world.community, seats=0, kind="joint")
    a = _org(world.joint, "甲单位党支部")
    b = _org(world.joint, "乙单位党支部")
    empty = _org(world.joint, "丙单位党支部")
    group = _org(b, "乙单位第一党小组", OrgKind.GROUP)
    _members(a, 2, "甲")
    _members(b, 4, "乙")
    _members(group, 1, "组")  # b's subtree: 4 + 1 = 5
    _members(world.branch1, 3, "非")  # not a member branch
    PartyMember.objects.filter(name="甲0").update(left_on=DAY)  # transferred out: not counted
    _members(a, 1, "补")  # a: 2 again
    for org in (a, b, empty):
        services.branch_add(actor=staff(), committee=c, org=org, joined_on=DAY)
    with django_assert_num_queries(1):
        branches = queries.branches_with_counts(c)
    counts = {br.org.name: br.n for br in branches}  # type: ignore[attr-defined]
    assert counts == {"甲单位党支部": 2, "乙单位党支部": 5, "丙单位党支部": 0}
    with django_assert_num_queries(1):
        assert queries.members_total(branches) == 7
    # The group joins as a member branch of its own: its member is still one person in the total.
    services.branch_add(actor=staff(), committee=c, org=group, joined_on=DAY)
    branches = queries.branches_with_counts(c)
    counts = {br.org.name: br.n for br in branches}  # type: ignore[attr-defined]
    assert counts["乙单位第一党小组"] == 1
    assert queries.members_total(branches) == 7
    people = queries.member_rows(queries.committee_members(branches), branches)
    assert {p["member"].name: p["branch"] for p in people}["组0"] == "乙单位第一党小组"


def test_a_branch_joins_with_its_unit_and_only_once(world: Any) -> None:
    c = committee(world.community, seats=0, kind="joint")
    branch = services.branch_add(actor=staff(), committee=c, org=world.unit_branch, joined_on=DAY)
    assert branch.unit == world.unit
    with pytest.raises(DomainError):
        services.branch_add(actor=staff(), committee=c, org=world.unit_branch, joined_on=DAY)
