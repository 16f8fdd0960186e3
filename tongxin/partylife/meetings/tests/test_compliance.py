"""The compliance matrix against a hand-made year whose answers are written here."""

from __future__ import annotations

import datetime

import pytest

from tongxin.partylife.meetings.compliance import State, compliance_matrix
from tongxin.partylife.meetings.models import MeetingKind as K
from tongxin.partylife.meetings.models import MeetingRequirement
from tongxin.partylife.meetings.requirements import ensure_defaults, requirement_set
from tongxin.partylife.meetings.tests.support import at, make_meeting, member
from tongxin.platform.core.tree_ops import node_insert
from tongxin.registry.party.models import Organization, OrgKind

pytestmark = pytest.mark.django_db

NOW = at(2026, 5, 15, 10)


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def year_2026(world):
    """Branch 1 mostly on time, branch 2 founded in February and idle, the unit's branch idle."""
    b1 = world.branch1
    group = node_insert(Organization(parent=b1, kind=OrgKind.GROUP, name="1号楼党小组"))
    # Late on the last day of the first quarter, and early on the first day of the second:
    # 07:00 on 1 April in Beijing is still 31 March in UTC, yet it belongs to the second quarter.
    make_meeting(b1, kind=K.GENERAL, starts_at=at(2026, 3, 31, 23, 30))
    make_meeting(b1, kind=K.GENERAL, starts_at=at(2026, 4, 1, 7))
    for month in (1, 2, 4):
        make_meeting(b1, kind=K.THEME_DAY, starts_at=at(2026, month, 10))
    make_meeting(b1, kind=K.THEME_DAY, starts_at=at(2025, 12, 31, 23, 30))  # last year
    make_meeting(b1, kind=K.THEME_DAY, starts_at=at(2026, 5, 28))  # planned: not held yet
    for month in (1, 2, 3, 4):
        make_meeting(group, kind=K.GROUP, starts_at=at(2026, month, 20))
    world.branch2.founded_on = datetime.date(2026, 2, 15)
    world.branch2.save()
    world.group = group
    return world


def states(matrix, org, kind):
    row = next(r for o in matrix.orgs if o.org.pk == org.pk for r in o.rows if r.kind == kind)
    return [c.state for c in row.cells]


D, U, M, L, N = State.DONE, State.DUE, State.MISSED, State.UPCOMING, State.NOT_APPLICABLE


def test_the_hand_made_year(year_2026):
    w = year_2026
    matrix = compliance_matrix(root=w.committee, year=2026, at=NOW)
    assert [o.org.name for o in matrix.orgs] == ["第一网格党支部", "1号楼党小组", "第二网格党支部", "示范医院党支部"]

    assert states(matrix, w.branch1, K.GENERAL) == [D, D, L, L]
    assert states(matrix, w.branch1, K.THEME_DAY) == [D, D, M, D, U, L, L, L, L, L, L, L]
    assert states(matrix, w.branch1, K.LECTURE) == [M, U, L, L]
    assert states(matrix, w.branch1, K.ORG_LIFE) == [U]
    assert states(matrix, w.branch1, K.REVIEW) == [U]
    assert states(matrix, w.group, K.GROUP) == [D, D, D, D, U, L, L, L, L, L, L, L]
    # Founded on 15 February: January is not owed, February is.
    assert states(matrix, w.branch2, K.THEME_DAY) == [N, M, M, M, U, L, L, L, L, L, L, L]
    assert states(matrix, w.branch2, K.GENERAL) == [M, U, L, L]
    assert states(matrix, w.unit_branch, K.THEME_DAY)[:5] == [M, M, M, M, U]
    # A branch of one member has no committee, so owes no committee meeting.
    assert K.COMMITTEE not in {r.kind for o in matrix.orgs for r in o.rows}

    by_org = {o.org.pk: (o.done, o.due, o.missed) for o in matrix.orgs}
    assert by_org[w.branch1.pk] == (5, 4, 2)
    assert by_org[w.group.pk] == (4, 1, 0)
    assert by_org[w.branch2.pk] == (0, 5, 5)
    assert by_org[w.unit_branch.pk] == (0, 5, 6)
    assert [o.org.pk for o in matrix.behind] == [w.unit_branch.pk, w.branch2.pk, w.branch1.pk]
    assert (matrix.total(D), matrix.total(U), matrix.total(M)) == (9, 15, 13)
    # Two general meetings held in the first quarter's last hour and the second's first.
    assert matrix.cell(w.branch1.pk, K.GENERAL, 3).count == 1
    assert matrix.cell(w.branch1.pk, K.GENERAL, 4).count == 1


def test_a_past_year_has_nothing_due(year_2026):
    w = year_2026
    matrix = compliance_matrix(root=w.branch1, year=2025, at=NOW)
    assert [o.org.pk for o in matrix.orgs] == [w.branch1.pk, w.group.pk]
    assert states(matrix, w.branch1, K.THEME_DAY) == [M] * 11 + [D]
    assert matrix.total(U) == 0


def test_a_subtree_sees_only_itself(year_2026):
    matrix = compliance_matrix(root=year_2026.branch2, year=2026, at=NOW)
    assert [o.org.pk for o in matrix.orgs] == [year_2026.branch2.pk]


def test_a_committee_meeting_is_owed_from_seven_members(world):
    for i in range(6):
        member(world.branch1, f"委员{i}")
    matrix = compliance_matrix(root=world.committee, year=2026, at=NOW)
    kinds = {o.org.pk: {r.kind for r in o.rows} for o in matrix.orgs}
    assert K.COMMITTEE in kinds[world.branch1.pk]  # 7 members
    assert K.COMMITTEE not in kinds[world.branch2.pk]  # 1 member


def test_requirements_are_configuration(world, admin_user):
    requirement_set(actor=admin_user, org_kind=OrgKind.BRANCH, meeting_kind=K.THEME_DAY, period="none", min_members=0)
    requirement_set(
        actor=admin_user, org_kind=OrgKind.BRANCH, meeting_kind=K.GENERAL, period="half_year", min_members=0
    )
    matrix = compliance_matrix(root=world.branch1, year=2026, at=NOW)
    rows = {r.kind: r for o in matrix.orgs for r in o.rows}
    assert K.THEME_DAY not in rows
    assert [(c.start.month, c.months) for c in rows[K.GENERAL].cells] == [(1, 6), (7, 6)]


def test_an_emptied_table_gets_its_defaults_back(world):
    MeetingRequirement.objects.all().delete()
    matrix = compliance_matrix(root=world.branch1, year=2026, at=NOW)
    assert matrix.orgs and MeetingRequirement.objects.count() == 7
    assert ensure_defaults() == 0


def _more_branches(world, n):
    for i in range(n):
        branch = node_insert(Organization(parent=world.committee, kind=OrgKind.BRANCH, name=f"加建党支部{i}"))
        node_insert(Organization(parent=branch, kind=OrgKind.GROUP, name=f"加建党小组{i}"))
        member(branch, f"加建党员{i}")
        make_meeting(branch, kind=K.THEME_DAY, starts_at=at(2026, 1 + i % 4, 3))


@pytest.mark.parametrize("extra", [0, 25])
def test_fixed_number_of_queries_whatever_the_size(world, django_assert_num_queries, extra):
    from tongxin.partylife.meetings.requirements import active_requirements

    active_requirements()
    _more_branches(world, extra)
    # Requirements, organizations, members per organization, meetings per month.
    with django_assert_num_queries(4):
        matrix = compliance_matrix(root=world.committee, year=2026, at=NOW)
    assert len(matrix.orgs) == 3 + 2 * extra
