"""Quorum and majority by the law's rules, against counts worked out by hand."""

from __future__ import annotations

from typing import Any

import pytest

from tongxin.council.consultation import rules
from tongxin.council.consultation.models import CouncilKind, VoteResult

pytestmark = pytest.mark.django_db


def kind(code: str) -> Any:
    return CouncilKind.objects.get(code=code)


def test_fraction_rules_without_rounding() -> None:
    # 过半数 of 10 is 6; of 9 it is 5. 三分之二以上 of 9 is 6 (以上 includes 6), of 10 it is 7.
    assert rules.needed(10, 1, 2, strict=True) == 6
    assert rules.needed(9, 1, 2, strict=True) == 5
    assert rules.needed(9, 2, 3, strict=False) == 6
    assert rules.needed(10, 2, 3, strict=False) == 7
    assert not rules.reaches(0, 0, 1, 2, strict=True)


@pytest.mark.parametrize(
    ("present", "yes", "expected"),
    [
        (20, 11, VoteResult.PASSED),  # 2/3 of 30 is 20: valid; 11 of 20 is more than half
        (20, 10, VoteResult.FAILED),  # half is not more than half
        (19, 19, VoteResult.NO_QUORUM),  # one short of two thirds
    ],
)
def test_village_representatives_meeting(present: int, yes: int, expected: str) -> None:
    # 村民委员会组织法 art. 26: two thirds of 30 members present; more than half of those present agree.
    count = rules.Count(entitled=30, present=present)
    assert rules.outcome(kind("village_reps"), count, yes) == expected


def test_villagers_meeting_by_adults_or_households() -> None:
    # Art. 22: more than half of 1,000 adults (501), or two thirds of 300 households (200).
    villagers = kind("villagers")
    assert rules.outcome(villagers, rules.Count(1000, 501, 300, 0), 251) == VoteResult.PASSED
    assert rules.outcome(villagers, rules.Count(1000, 500, 300, 199), 400) == VoteResult.NO_QUORUM
    assert rules.outcome(villagers, rules.Count(1000, 260, 300, 200), 131) == VoteResult.PASSED
    assert rules.outcome(villagers, rules.Count(1000, 260, 300, 200), 130) == VoteResult.FAILED


def test_branch_general_meeting_counts_those_entitled() -> None:
    # 支部工作条例: more than half of the 21 members with a vote present (11); a decision needs more
    # than half of those entitled (11), not of those present.
    party = kind("party_general")
    assert rules.outcome(party, rules.Count(entitled=21, present=11), 11) == VoteResult.PASSED
    assert rules.outcome(party, rules.Count(entitled=21, present=14), 10) == VoteResult.FAILED
    assert rules.outcome(party, rules.Count(entitled=21, present=10), 10) == VoteResult.NO_QUORUM
