"""pairing_figures against a small hand-made data set whose answers are written here."""

from __future__ import annotations

import pytest

from tongxin.volunteering.pairing.figures import pairing_figures
from tongxin.volunteering.pairing.tests.support import D, beneficiary, paired, visited

pytestmark = pytest.mark.django_db

START, END = D(2025, 1, 1), D(2025, 6, 30)


@pytest.fixture
def data(world):
    """In 甲社区 (period 2025-01-01 … 2025-06-30):

    A 张三 (building 1): since 2024; pairing P1 open since 2024-12-01; visits 2024-12-20 (before),
      2025-03-01, 2025-06-15 (within the last 30 days of the period).
    B 李四 (building 2): since 2025-02-01; pairing P2 open since 2025-02-01; one visit 2025-04-01
      (not in the last 30 days); pairing P0 closed 2025-01-31 (closed within the period).
    C 钱党员 (needy member, grid 2): since 2025-07-01 — after the period: not counted; no pairing.
    D a household 201 closed 2024-12-31: before the period, not active; its pairing closed 2024-12-31.
    E 王五 in 乙社区: visited in the period, but outside 甲社区.
    """
    a = beneficiary(world, resident=world.zhangsan, since=D(2024, 6, 1))
    p1 = paired(a, world.member1, started_on=D(2024, 12, 1))
    visited(p1, D(2024, 12, 20))
    visited(p1, D(2025, 3, 1))
    visited(p1, D(2025, 6, 15), kind="money", amount="300")
    b = beneficiary(world, resident=world.lisi, since=D(2025, 1, 1))
    paired(b, world.member2, started_on=D(2025, 1, 2), closed_on=D(2025, 1, 31))
    p2 = paired(b, world.member1, started_on=D(2025, 2, 1))
    visited(p2, D(2025, 4, 1))
    beneficiary(world, member=world.member2, kind="needy_member", since=D(2025, 7, 1))
    d = beneficiary(
        world, household=world.household2, kind="needy_household", since=D(2024, 1, 1), closed_on=D(2024, 12, 31)
    )
    paired(d, world.member1, started_on=D(2024, 1, 1), closed_on=D(2024, 12, 31), outcome="moved")
    e = beneficiary(world, resident=world.wangwu, community=world.other_community)
    visited(paired(e, world.member2), D(2025, 5, 1))
    return world


def test_community_figures(data, django_assert_num_queries):
    with django_assert_num_queries(3):
        figures = pairing_figures(data.community, START, END)
    assert figures == {
        "beneficiaries": 2,  # A and B (C starts after, D ended before)
        "pairings_open": 2,  # P1, P2
        "pairings_closed": 1,  # P0
        "visits": 3,  # A's two in the period, B's one
        "helped": 2,
        "not_visited": 1,  # P2: last visit 2025-04-01
    }


def test_a_grid_counts_its_own_and_the_subdistrict_all(data):
    assert pairing_figures(data.grid1, START, END) == {
        "beneficiaries": 1,
        "pairings_open": 1,
        "pairings_closed": 0,
        "visits": 2,
        "helped": 1,
        "not_visited": 0,
    }
    whole = pairing_figures(data.subdistrict, START, END)
    assert (whole["beneficiaries"], whole["visits"], whole["helped"], whole["pairings_open"]) == (3, 4, 3, 3)
    # 王五's pairing was started on 2025-02-01 and visited 2025-05-01: more than 30 days before the end.
    assert whole["not_visited"] == 2


def test_a_period_at_the_end_of_last_year(data):
    figures = pairing_figures(data.community, D(2024, 12, 1), D(2024, 12, 31))
    # A (since 2024-06) and D (closed on the last day) were looked after; P1 and D's pairing open at
    # some time; at the end only P1 is open (D's closed that day), visited on 12-20.
    assert figures == {
        "beneficiaries": 2,
        "pairings_open": 1,
        "pairings_closed": 1,
        "visits": 1,
        "helped": 1,
        "not_visited": 0,
    }
