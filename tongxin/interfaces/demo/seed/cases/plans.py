"""How each demo case goes: rejected or returned, how fast it is accepted and resolved, how it is rated.

The shares are those of a grid that works: most cases accepted within the hour or two and
resolved within days, a few late (yellow and red cards), a few difficult ones open for months,
most ratings 满意 and a few 不满意 that reopen the case once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tongxin.grid.cases.models import Case, Rating

Source = Case.Source

RATINGS = ((Rating.SATISFIED, 0.85), (Rating.FAIR, 0.09), (Rating.UNSATISFIED, 0.06))
# After a reopened case is closed again: the rating stays on the record, whatever it is.
SECOND_RATINGS = ((Rating.SATISFIED, 0.45), (Rating.FAIR, 0.30), (Rating.UNSATISFIED, 0.25))

# Tiny data shows every path a case can take, in the first grid (the grid1 account's).
SHOWCASE = (
    "satisfied",
    "accept_late",
    "resolve_late",
    "red_card",
    "hard",
    "unsatisfied",
    "rejected",
    "returned",
    "extension",
    "open311",
    "open_recent",
)


@dataclass
class Plan:
    """How one case will go; drawn before it is lived through."""

    source: str
    days_ago: tuple[int, int] | None = None
    returned: str = ""  # "", "resubmitted", "stuck"
    rejected: str = ""  # "", "at_once", "after_accept"
    accept_hours: float = 1.0
    resolve_share: float = 0.3  # of the resolution limit, in working hours
    misdispatch: bool = False
    verify_fail: bool = False
    extension_days: int = 0
    supervise: bool = False
    ratings: list[str] = field(default_factory=list)


def weighted(rng: random.Random, choices: tuple[tuple[str, float], ...]) -> str:
    r = rng.random() * sum(w for _, w in choices)
    for value, weight in choices:
        if r < weight:
            return value
        r -= weight
    return choices[-1][0]


def draw_plan(rng: random.Random, showcase: str = "") -> Plan:
    """How the next case will go: drawn at random, or one of the showcase paths."""
    r = rng.random()
    plan = Plan(source="")
    if r < 0.025:
        plan.rejected = "at_once"
    elif r < 0.035:
        plan.rejected = "after_accept"
    elif r < 0.055:
        plan.returned = "stuck" if rng.random() < 0.25 else "resubmitted"
    r = rng.random()
    # Most within the hour or two; a few wait until the next working day.
    low, high = (0.1, 1.5) if r < 0.77 else (1.5, 6) if r < 0.95 else (4, 28)
    plan.accept_hours = rng.uniform(low, high)
    r = rng.random()
    if r < 0.62:
        plan.resolve_share = rng.uniform(0.03, 0.4)
    elif r < 0.93:
        plan.resolve_share = rng.uniform(0.4, 0.9)
    elif r < 0.98:
        plan.resolve_share = rng.uniform(0.9, 1.8)
    else:  # 疑难: waits for another office, a repair fund, a court
        plan.resolve_share = rng.uniform(3, 40)
    plan.misdispatch = rng.random() < 0.015
    plan.verify_fail = rng.random() < 0.02
    plan.extension_days = rng.randint(3, 5) if rng.random() < 0.02 else 0
    plan.supervise = rng.random() < 0.5
    first = weighted(rng, RATINGS)
    plan.ratings = [first] if rng.random() < 0.8 else []
    if first == Rating.UNSATISFIED and rng.random() < 0.85:
        plan.ratings.append(weighted(rng, SECOND_RATINGS))
    if showcase:
        _showcase(rng, plan, showcase)
    return plan


def _showcase(rng: random.Random, plan: Plan, name: str) -> None:
    plan.rejected = plan.returned = ""
    plan.misdispatch = plan.verify_fail = False
    plan.extension_days = 0
    plan.accept_hours, plan.resolve_share = 0.5, 0.2
    plan.source = Source.PUBLIC
    plan.ratings = [Rating.SATISFIED]
    plan.days_ago = (20, 60)
    if name == "accept_late":
        plan.accept_hours = 40
    elif name == "resolve_late":
        plan.resolve_share = 1.8
    elif name == "red_card":
        plan.accept_hours, plan.resolve_share = 40, 1.8
        plan.supervise = True
    elif name == "hard":
        plan.resolve_share, plan.days_ago = 60, (25, 30)
    elif name == "unsatisfied":
        plan.ratings = [Rating.UNSATISFIED, Rating.FAIR]
    elif name == "rejected":
        plan.rejected = "at_once"
    elif name == "returned":
        plan.returned = "resubmitted"
    elif name == "extension":
        plan.extension_days = 3
    elif name == "open311":
        plan.source, plan.days_ago = Source.OPEN311, (5, 30)
    elif name == "open_recent":
        plan.days_ago, plan.resolve_share = (1, 2), 0.9
    plan.supervise = plan.supervise or rng.random() < 0.5
