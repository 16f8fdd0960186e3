"""Each rule computed against a small hand-made year, with the answers written here."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from tongxin.partylife.points.models import PointRule
from tongxin.partylife.points.queries import member_history, ranking
from tongxin.partylife.points.rules import active_rules
from tongxin.partylife.points.tests.support import at, cases, entry, meetings, post_held

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def year_2025(world, party_member):
    """赵党员: 3 meetings present, 1 excused, 12 cases reported, a post Feb–Jun, −2 by hand."""
    with time_machine.travel(at(2026, 3, 1), tick=False):
        meetings(world.branch1, world.member1, ["present", "present", "excused", "present", "absent"])
        cases(world, party_member, 12)
        post_held(world.branch1, world.member1, D(2025, 2, 14), D(2025, 6, 3))
        entry(world.member1, D(2025, 9, 1), "-2", "无故缺席志愿服务")
        yield world


def totals(world, admin_user, year=2025):
    rows = {m.pk: m for m in ranking(admin_user, node=None, year=year).rows}
    return rows[world.member1.pk]


def test_each_rule(year_2025, admin_user):
    w = year_2025
    with time_machine.travel(at(2026, 3, 1), tick=False):
        m = totals(w, admin_user)
        assert m.pts_meetings == Decimal("6")  # 3 present × 2
        assert not hasattr(m, "pts_meetings_excused")  # worth 0: no column
        assert m.pts_cases == Decimal("10")  # 12 cases × 1, capped at 10
        assert m.pts_posts == Decimal("10")  # Feb–Jun: 5 months × 2
        assert m.pts_manual == Decimal("-2")
        assert m.total == Decimal("24")
        history = member_history(w.member1, 2025)
        assert history.total == Decimal("24")
        by_code = {t.column.code: t for t in history.totals}
        assert by_code["cases"].units == 12 and by_code["cases"].points == 10 and by_code["cases"].capped
        assert by_code["posts"].units == 5
        assert by_code["meetings_excused"].units == 1 and by_code["meetings_excused"].points == 0
        # Every item, newest first: 3 + 1 meetings, 12 cases, 1 holding, 1 entry.
        assert len(history.items) == 18
        assert history.items[0].on == D(2025, 12, 3)  # the last case
        assert [(i.on, i.points, i.detail) for i in history.items if i.column.code == "manual"] == [
            (D(2025, 9, 1), -2, "无故缺席志愿服务")
        ]
        assert [(i.on, i.quantity, i.points) for i in history.items if i.column.code == "posts"] == [
            (D(2025, 2, 14), 5, 10)
        ]


def test_other_years_and_members_are_apart(year_2025, admin_user):
    w = year_2025
    with time_machine.travel(at(2026, 3, 1), tick=False):
        assert totals(w, admin_user, 2024).total == 0
        assert totals(w, admin_user, 2026).total == 0
        other = {m.pk: m for m in ranking(admin_user, node=None, year=2025).rows}[w.member2.pk]
        assert other.total == 0


def test_posts_count_months_touched_up_to_today(world):
    post_held(world.branch1, world.member1, D(2024, 11, 20), None)
    with time_machine.travel(at(2025, 4, 15), tick=False):
        # An open post held since last November: January to April this year, so far.
        history = member_history(world.member1, 2025)
        assert [t.units for t in history.totals] == [4]
        assert history.total == 8
        assert member_history(world.member1, 2024).total == 4  # November and December


def test_rule_override_from_the_table(year_2025, admin_user):
    w = year_2025
    PointRule.objects.create(code="meeting_present", points=Decimal("3"), active=True)
    PointRule.objects.create(code="meeting_excused", points=Decimal("1"), active=True)
    PointRule.objects.create(code="case_reported", points=Decimal("2"), yearly_cap=Decimal("15"))
    PointRule.objects.create(code="post_month", points=Decimal("2"), active=False)
    rules = active_rules()
    assert rules["meeting_present"].points == 3 and not rules["post_month"].active
    with time_machine.travel(at(2026, 3, 1), tick=False):
        m = totals(w, admin_user)
        assert m.pts_meetings == 9
        assert m.pts_meetings_excused == 1
        assert m.pts_cases == 15  # 12 × 2 = 24, capped at 15
        assert not hasattr(m, "pts_posts")
        assert m.total == 9 + 1 + 15 - 2


def test_merged_duplicates_earn_nothing(world, party_member):
    from tongxin.grid.cases.models import Case

    with time_machine.travel(at(2026, 3, 1), tick=False):
        cases(world, party_member, 3)
        Case.objects.filter(pk=Case.objects.order_by("pk").first().pk).update(state="merged")
        assert member_history(world.member1, 2025).total == 2


def test_ranking_order_and_ties(world, admin_user):
    from tongxin.partylife.meetings.tests.support import member

    a = member(world.branch1, "安党员")
    b = member(world.branch1, "白党员")
    c = member(world.branch1, "陈党员")
    entry(a, D(2025, 5, 1), "5")
    entry(b, D(2025, 5, 1), "8")
    entry(c, D(2025, 5, 1), "5")
    entry(world.member2, D(2025, 5, 1), "1")
    with time_machine.travel(at(2026, 1, 5), tick=False):
        rows = list(ranking(admin_user, node=world.committee, year=2025).rows)
    branch1 = [(r.name, r.rank, r.total) for r in rows if r.org_id == world.branch1.pk]
    # Ties share a rank and the next rank is skipped; within a tie, by pinyin.
    assert branch1 == [("白党员", 1, 8), ("安党员", 2, 5), ("陈党员", 2, 5), ("赵党员", 4, 0)]
    # Each branch ranks on its own.
    assert [(r.name, r.rank) for r in rows if r.org_id == world.branch2.pk] == [("钱党员", 1)]


def test_group_members_rank_with_their_branch(world, admin_user):
    from tongxin.partylife.meetings.tests.support import member
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.party.models import Organization

    group = node_insert(Organization(parent=world.branch1, kind="group", name="第一党小组"))
    household = node_insert(Organization(parent=group, kind="member_household", name="党员中心户"))
    g = member(group, "甘党员")
    h = member(household, "侯党员")
    entry(g, D(2025, 5, 1), "3")
    entry(h, D(2025, 5, 1), "1")
    with time_machine.travel(at(2026, 1, 5), tick=False):
        rows = list(ranking(admin_user, node=world.branch1, year=2025).rows)
    assert [(r.name, r.rank, r.unit_path) for r in rows] == [
        ("甘党员", 1, world.branch1.path),
        ("侯党员", 2, world.branch1.path),
        ("赵党员", 3, world.branch1.path),
    ]
