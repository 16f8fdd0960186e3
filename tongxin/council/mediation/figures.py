"""Mediation figures of a place for a period, counted in the database (two queries whatever the
number of cases): disputes found in sweeps, accepted, mediated to an end, settled, the settlement
rate, agreements performed, and where they were settled.

Each count is one condition (`queries.CASE_FIGURES`, `queries.sweep_period_q`) that the cases and
sweeps lists apply too, so every number links to exactly its rows. Dates are the days written on
the case (accepted, settled, followed up), both ends of the period included.

- found: the sum of "disputes found" of the sweeps of grids under the place in the period;
- accepted: cases accepted in the period;
- ended: cases whose mediation ended (any outcome) in the period;
- settled: of those, the ones ending in an agreement (调解成功);
- settlement rate: settled / ended, a percentage with one decimal ("—" when nothing ended);
- performed: agreements found performed at a follow-up visit in the period;
- in_grid / in_community / above: settled cases by where they were settled.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from tongxin.council.mediation.queries import CASE_FIGURES, cases_visible_to, sweep_period_q, sweeps_visible_to
from tongxin.platform.access.actor import Actor

FIGURES = ("found", "accepted", "ended", "settled", "performed", "in_grid", "in_community", "above")


@dataclass
class MediationFigures:
    found: int = 0
    accepted: int = 0
    ended: int = 0
    settled: int = 0
    performed: int = 0
    in_grid: int = 0
    in_community: int = 0
    above: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Settled of those mediated to an end, in per cent with one decimal."""
        if not self.ended:
            return None
        return (Decimal(self.settled) * 100 / Decimal(self.ended)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def under_q(path: str, field: str = "area__path") -> Q:
    return Q(**{f"{field}__startswith": path})


def mediation_figures(user: Actor, *, path: str, start: datetime.date, end: datetime.date) -> MediationFigures:
    cases = cases_visible_to(user).filter(under_q(path))
    counts = cases.order_by().aggregate(
        **{name: Count("pk", filter=cond(start, end)) for name, cond in CASE_FIGURES.items()}
    )
    found = (
        sweeps_visible_to(user).filter(under_q(path), sweep_period_q(start, end)).aggregate(n=Sum("found"))["n"] or 0
    )
    return MediationFigures(found=int(found), **{k: int(v or 0) for k, v in counts.items()})
