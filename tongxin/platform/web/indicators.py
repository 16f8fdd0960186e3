"""Indicators (统计指标): the figures a capability offers for any place and period.

The community-work figures page (`/reports/community-work/`) and, later, the year's report card
read the figures of capabilities they cannot import (campaigns, notices, the front desk's rota
and errands, estate ledgers…). Each capability registers an `Indicator` here from its
AppConfig.ready(); the page never imports it (docs/decisions/0011-layers.md).

An indicator's `compute(place, start, end)` costs ONE query whatever the size of the place: it
groups in the database by the community (or village) each row belongs to and returns the
values keyed by that community's area path. The page rolls those groups up to whatever rows it
shows (`Values.under(path)`), so a subdistrict's total is the sum of its communities' groups,
never a second definition. The period is [start, end], both days included.

A value is a number (an `int` count, a `Decimal` of hours or of money) or a `Ratio` (part of a
whole, shown as a percentage and summed part by part, so that a total's rate is the rate of the
summed parts, not an average of rates). A figure shown on two pages comes from one function.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise

from tongxin.platform.access.scope import Scope
from tongxin.platform.core.money import format_yuan


class Kind:
    COUNT = "count"  # 1,234
    HOURS = "hours"  # 1,234.5 h
    MONEY = "money"  # ¥1,234.50
    RATIO = "ratio"  # 89.3% (123/138)


@dataclass(frozen=True)
class Ratio:
    """`part` of `whole`: the share of targets checked, of households reached, of errands on time."""

    part: int = 0
    whole: int = 0

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.part + other.part, self.whole + other.whole)

    @property
    def percent(self) -> Decimal | None:
        """One decimal, rounded half up; None when there is nothing to count."""
        if not self.whole:
            return None
        return (Decimal(self.part) * 100 / Decimal(self.whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


Value = int | Decimal | Ratio


@dataclass
class Values:
    """An indicator's values per community path, as the database grouped them."""

    by_path: dict[str, Value] = field(default_factory=dict)
    zero: Value = 0

    def total(self) -> Value:
        return _sum(self.by_path.values(), self.zero)

    def under(self, path: str) -> Value:
        """The value for one row of a table: the groups of the communities under that place."""
        return _sum((v for p, v in self.by_path.items() if p.startswith(path)), self.zero)


def _sum(values: Iterable[Value], zero: Value) -> Value:
    total: Any = zero
    for v in values:
        total = total + v
    return total  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Indicator:
    key: str  # stable and unique ("campaigns.coverage"): tests and the page's data attribute
    group: str | Promise  # the heading it is shown under ("Campaigns")
    label: str | Promise
    kind: str  # a `Kind`
    compute: Callable[[Any, datetime.date, datetime.date], Values]
    # Who may read it, from the roles alone (no query): e.g. those who run or read campaigns.
    may_read: Callable[[Scope], bool]
    # The list page behind a value of a community (or any place) in the period, or "".
    href: Callable[[Any, datetime.date, datetime.date], str] | None = None
    # One sentence: what is counted, so a number can be checked by hand.
    definition: str | Promise = ""
    order: int = 50  # lower first


INDICATORS: dict[str, Indicator] = {}


def period_instants(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The period's days as instants for a timestamp column: [first moment, the moment after the
    last day), in the site's time zone (a check at 23:30 on the last day counts, not one at 00:10
    the day after)."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return first, after


def register(indicator: Indicator) -> None:
    """Add (or replace, on a second ready()) an indicator; its key names it."""
    INDICATORS[indicator.key] = indicator


def readable(scope: Scope) -> list[Indicator]:
    """The indicators this person may read, in order."""
    return sorted((i for i in INDICATORS.values() if i.may_read(scope)), key=lambda i: (i.order, i.key))


def display(kind: str, value: Value) -> str:
    """A value as the page shows it: — where there is nothing to count yet."""
    if isinstance(value, Ratio):
        pct = value.percent
        return "—" if pct is None else f"{pct}%"
    if kind == Kind.MONEY:
        return format_yuan(value)
    if kind == Kind.HOURS:
        return f"{Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):,}"
    return f"{int(value):,}"
