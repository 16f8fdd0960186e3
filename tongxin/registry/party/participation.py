"""Where "members who served this year" come from: a registry of sources, each a queryset of
member ids (PartyMember pks) who did something for the community in a year.

The member information board (党员信息公开, seed 001) counts participation: members of the
community who served this year / members of the community. Party life does not know every kind
of service (volunteer hours, the in-service members' service log, pledges kept), and this layer
may not import them: each capability registers its own from its AppConfig.ready():

    register(Source("volunteer_hours", _("Volunteer hours"),
                    lambda year: ServiceHours.objects.filter(served_on__year=year, ...)
                    .values("volunteer__member_id")))

A source must stay a queryset of one column (never a list), so that the count is one SQL
statement: `served_q(year)` ORs an `pk__in` subquery per source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class Source:
    code: str
    label: str | Promise
    # The year's member ids: a one-column queryset (values_list or values of one field).
    member_ids: Callable[[int], QuerySet[Any]]


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.code] = source
    return source


def all_sources() -> list[Source]:
    return sorted(SOURCES.values(), key=lambda s: s.code)


def served_q(year: int) -> Q:
    """A filter on PartyMember for those who served in `year` (by any registered source).

    With no source registered, nobody served: an empty Q would match everyone."""
    q = Q(pk__in=[])
    for source in all_sources():
        q |= Q(pk__in=source.member_ids(year))
    return q
