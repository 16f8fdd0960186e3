"""Quorum and majority, computed by a council kind's rule (pure functions, no queries).

A fraction rule reads "more than num/den" when strict (过半数) and "at least num/den" otherwise
(三分之二以上: 以上 includes the number itself). Integers only: 2/3 of 9 is not rounded.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from tongxin.council.consultation.models import CouncilKind, VoteResult


def reaches(part: int, whole: int, num: int, den: int, *, strict: bool) -> bool:
    """part/whole > num/den (strict) or part/whole >= num/den, without floating point."""
    if whole <= 0:
        return False
    left, right = part * den, num * whole
    return left > right if strict else left >= right


def needed(whole: int, num: int, den: int, *, strict: bool) -> int:
    """The smallest part that reaches the rule: needed(9, 2, 3, strict=False) == 6."""
    for part in range(whole + 1):
        if reaches(part, whole, num, den, strict=strict):
            return part
    return whole + 1


@dataclass(frozen=True)
class Count:
    entitled: int
    present: int
    households: int = 0
    households_present: int = 0


def quorum_met(kind: CouncilKind, count: Count) -> bool:
    if reaches(count.present, count.entitled, kind.quorum_num, kind.quorum_den, strict=kind.quorum_strict):
        return True
    # 村民会议: or two thirds of the households represented (组织法 art. 22).
    return bool(
        kind.household_num
        and reaches(count.households_present, count.households, kind.household_num, kind.household_den, strict=False)
    )


def outcome(kind: CouncilKind, count: Count, yes: int) -> str:
    if not quorum_met(kind, count):
        return VoteResult.NO_QUORUM
    base = count.entitled if kind.majority_of_entitled else count.present
    passed = reaches(yes, base, kind.majority_num, kind.majority_den, strict=kind.majority_strict)
    return VoteResult.PASSED if passed else VoteResult.FAILED


def describe(kind: CouncilKind) -> str:
    """The rule in words, for the council's page and the minutes."""

    def fraction(num: int, den: int, strict: bool) -> str:
        if (num, den) == (1, 2):
            return _("more than half") if strict else _("at least half")
        if strict:
            return _("more than %(num)s/%(den)s") % {"num": num, "den": den}
        return _("at least %(num)s/%(den)s") % {"num": num, "den": den}

    quorum = fraction(kind.quorum_num, kind.quorum_den, kind.quorum_strict)
    majority = fraction(kind.majority_num, kind.majority_den, kind.majority_strict)
    of_whom = _("of those entitled") if kind.majority_of_entitled else _("of those present")
    text = _("Valid with %(quorum)s of those entitled present; decides by %(majority)s %(of_whom)s.") % {
        "quorum": quorum,
        "majority": majority,
        "of_whom": of_whom,
    }
    if kind.household_num:
        text += " " + _("Or valid with %(part)s of the households represented.") % {
            "part": fraction(kind.household_num, kind.household_den, False)
        }
    return text
