"""Where points come from: a registry of sources, each a query of what members did in a year.

A source names the rule its units are worth (`tongxin.partylife.points.rules` keeps their
defaults) and gives, for a year, a queryset of `.values()` with at least these keys:

- `member_id`: the PartyMember's pk,
- `on`: the date the unit was earned (shown on a member's history),
- `quantity`: how many units (1 per meeting or case, months, hours…),
- optionally `detail`: a short text for the history (a meeting's title, a case's code…).

The ranking sums `quantity` per member in a correlated subquery and multiplies by the rule's
points in the same SQL statement, so a source must stay a queryset (never a list). Another app
registers its own from its AppConfig.ready(), for instance the in-service members' service log.
The registry lives here, below every capability package, so that volunteer hours earn points
without volunteering importing party life:

    register(Source("inservice_hours", _("Service hours (在职党员)"), SERVICE_HOUR,
                    lambda year: ServiceLog.objects.filter(served_on__year=year)
                    .values("member_id", on=F("served_on"), quantity=F("hours"))))

A rule's yearly cap applies to each source on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet
from django.utils.functional import Promise

# Codes of rules earned by sources outside party life (their default worth is in points.rules).
SERVICE_HOUR = "service_hour"

CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Source:
    code: str
    label: str | Promise
    # The rule its units are worth; None when the quantity is points already (manual entries).
    rule: str | None
    rows: Callable[[int], QuerySet[Any]]
    # Only members matching this can have rows (e.g. only those with an account report cases):
    # the ranking skips the correlated subquery for everyone else. SQLite otherwise walked the
    # district's year of cases once per member ranked (0.9 s for a subdistrict's ranking).
    members_with: Q | None = None
    # How a row is tied to the member counted (an OuterRef on PartyMember); default `member_id`.
    # A source reaching the member through a join names an indexed column to go by instead.
    correlate: Callable[[], Q] | None = None

    def for_member(self) -> Q:
        return self.correlate() if self.correlate else Q(member_id=OuterRef("pk"))


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    if not CODE.match(source.code):
        raise ValueError(f"A point source code is a short identifier: {source.code!r}")
    SOURCES[source.code] = source
    return source


def all_sources() -> list[Source]:
    return list(SOURCES.values())
