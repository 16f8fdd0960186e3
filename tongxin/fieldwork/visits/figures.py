"""The visit figures of a node and a period, for dashboards and the report card (in the database)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from tongxin.fieldwork.visits.models import Visit
from tongxin.fieldwork.visits.queries import _ratio, complete_q, coverage_counts, six_facts_households
from tongxin.registry.areas.models import Area, Household


def visit_figures(area: Area, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """households (non-vacant under the node), visits (records in the period), households_visited,
    households_covered (visited as often as their cadence asks, see `queries.required_visits`),
    coverage (covered / households in percent, 1 decimal, None without households) and
    six_facts_complete (households whose six facts of 六清楚 are current at `end`). Three queries."""
    groups = coverage_counts(area, start, end)
    counts = {
        "households": sum(g[1] for g in groups),
        "households_visited": sum(g[2] for g in groups),
        "households_covered": sum(g[3] for g in groups),
    }
    visits = (
        Visit.objects.filter(household__area__path__startswith=area.path, visited_on__gte=start, visited_on__lte=end)
        .exclude(household__kind=Household.Kind.VACANT)
        .count()
    )
    complete = six_facts_households(area, as_of=end).filter(complete_q()).count()
    coverage: Decimal | None = _ratio(counts["households_covered"], counts["households"])
    return {
        "households": counts["households"],
        "visits": visits,
        "households_visited": counts["households_visited"],
        "households_covered": counts["households_covered"],
        "coverage": coverage,
        "six_facts_complete": complete,
    }
