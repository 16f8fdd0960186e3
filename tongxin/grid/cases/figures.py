"""Case figures per grid, community or subdistrict for any period ("see the work", issue 3 item 7).

Everything is counted in the database, never by loading cases into Python: one grouped query gives
the rows (their sum is the total row), one more the yellow and red cards, and one the total's
time-to-close percentiles; on SQLite (which has no percentile aggregate) those are window-function
queries, and one more gives the rows' percentiles — the same number of queries for ten cases or a
million. PostgreSQL computes the rows' percentiles with percentile_cont in the grouped query.

A case belongs to a node when its place lies under it: the rows group the cases by the prefix of
their place's materialized path that has the length of the row nodes' paths (as `count_by_prefix`).
Only cases and nodes the user may see count; a node outside the user's scope is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Substr
from django.http import Http404

from tongxin.grid.cases.models import Case, CaseEvent, CaseTransition, Rating
from tongxin.grid.cases.queries import cases_visible_to
from tongxin.grid.cases.workflow import State
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.areas.queries import areas_visible_to

GroupLevel = Literal["grid", "community", "subdistrict"]

# The levels a figures table can be broken down by, and the area levels that make its rows
# (a village stands where a community would).
GROUP_LEVELS: dict[str, tuple[str, ...]] = {
    "grid": (Level.GRID,),
    "community": (Level.COMMUNITY, Level.VILLAGE),
    "subdistrict": (Level.SUBDISTRICT,),
}
# Coarse to fine: a table can only be broken down by the node's own level or a finer one.
LEVEL_RANK: dict[str, int] = {
    Level.DISTRICT: 0,
    Level.SUBDISTRICT: 1,
    Level.COMMUNITY: 2,
    Level.VILLAGE: 2,
    Level.GRID: 3,
}
# Nodes a figures table can be asked for.
FIGURE_LEVELS = tuple(LEVEL_RANK)

MEDIAN, P90 = 0.5, 0.9
_PERCENT = Decimal("0.1")
_MICROSECONDS_PER_HOUR = Decimal(3_600_000_000)


def group_rank(group_level: str) -> int:
    return LEVEL_RANK[GROUP_LEVELS[group_level][0]]


def level_key(area_level: str) -> str | None:
    """The group level an area level belongs to ("village" → "community"), None for others."""
    return next((key for key, levels in GROUP_LEVELS.items() if area_level in levels), None)


def _rate(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal (75.0, 66.7), None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_PERCENT, rounding=ROUND_HALF_UP)


def _hours(microseconds: float | None) -> Decimal | None:
    if microseconds is None:
        return None
    return (Decimal(round(microseconds)) / _MICROSECONDS_PER_HOUR).quantize(_PERCENT, rounding=ROUND_HALF_UP)


@dataclass
class FigureRow:
    """The figures of one node (or of the whole table when `node` is None) for a period."""

    node: Area | None
    received: int = 0
    closed: int = 0
    accepted_in_time: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    rated: int = 0
    satisfied: int = 0  # satisfied or basically satisfied
    closed_within_grid: int = 0
    yellow_cards: int = 0
    red_cards: int = 0
    median_hours: Decimal | None = None  # time to close
    p90_hours: Decimal | None = None

    @property
    def is_total(self) -> bool:
        return self.node is None

    @property
    def response_rate(self) -> Decimal | None:
        """Accepted within the acceptance limit, of the cases received (响应率)."""
        return _rate(self.accepted_in_time, self.received)

    @property
    def on_time_rate(self) -> Decimal | None:
        """First resolved by the resolution deadline, of the cases resolved."""
        return _rate(self.resolved_on_time, self.resolved)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """Satisfied or basically satisfied, of the cases rated (满意率)."""
        return _rate(self.satisfied, self.rated)

    @property
    def within_grid_rate(self) -> Decimal | None:
        """Closed without leaving the grid, of the cases closed (小事不出格)."""
        return _rate(self.closed_within_grid, self.closed)


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate: the percentile of the values, interpolated."""

    function = "percentile_cont"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        # Written into the SQL, so it must be a number from our code, never user input.
        if not isinstance(fraction, float) or not 0 <= fraction <= 1:
            raise ValueError("fraction must be a float between 0 and 1")
        super().__init__(expression, fraction=repr(fraction), **extra)


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in Asia/Shanghai, whatever the server's zone."""
    return (
        datetime.combine(start, time.min, tzinfo=SHANGHAI),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=SHANGHAI),
    )


def figure_places(user: Actor, limit: int = 2000) -> list[Area]:
    """The nodes the user may ask figures for: the districts, subdistricts, communities and grids they see."""
    return list(areas_visible_to(user).filter(level__in=FIGURE_LEVELS).order_by("path")[:limit])


def _duration() -> ExpressionWrapper:
    return ExpressionWrapper(F("closed_at") - F("reported_at"), output_field=DurationField())


_CLOSED = Q(state=State.CLOSED, closed_at__isnull=False)


def _aggregates(vendor: str) -> dict[str, Aggregate]:
    """The figures of a group of cases.

    Per-case facts are correlated subqueries, so that no join multiplies the case rows under the
    counts (or under the percentiles). Cards are counted apart, over the card events (`_cards`).
    """
    accepted_in_time = Exists(
        CaseTransition.objects.filter(case=OuterRef("pk"), to_state=State.ACCEPTED, at__lte=OuterRef("accept_due"))
    )
    first_resolved = (
        CaseTransition.objects.filter(case=OuterRef("pk"), to_state=State.RESOLVED).order_by("at", "id").values("at")
    )

    aggregates: dict[str, Aggregate] = {
        "received": Count("pk"),
        "closed": Count("pk", filter=Q(state=State.CLOSED)),
        "accepted_in_time": Count("pk", filter=accepted_in_time),
        "resolved": Count("pk", filter=Exists(first_resolved)),
        "resolved_on_time": Count("pk", filter=Q(resolve_due__gte=Subquery(first_resolved[:1]))),
        "rated": Count("pk", filter=~Q(rating="")),
        "satisfied": Count("pk", filter=Q(rating__in=[Rating.SATISFIED, Rating.FAIR])),
        "closed_within_grid": Count("pk", filter=Q(state=State.CLOSED, level=Case.Level.GRID)),
    }
    if vendor == "postgresql":
        aggregates["median"] = PercentileCont(_duration(), MEDIAN, filter=_CLOSED)
        aggregates["p90"] = PercentileCont(_duration(), P90, filter=_CLOSED)
    return aggregates


def _percentile_sql(fraction: float) -> str:
    """percentile_cont over the rows of one group numbered rn = 0 … n-1 in order of duration.

    The value at position p·(n−1), interpolated between the two rows around it: the same
    definition as PostgreSQL's percentile_cont, so both databases give the same figures.
    """
    if not isinstance(fraction, float) or not 0 <= fraction <= 1:  # a constant of ours, written into the SQL
        raise ValueError("fraction must be a float between 0 and 1")
    position = f"({fraction!r} * (n - 1))"
    below = f"CAST({position} AS INTEGER)"
    weight = f"({position} - {below})"
    return (
        f"SUM(CASE WHEN rn = {below} THEN duration * (1 - {weight}) "
        f"WHEN rn = {below} + 1 THEN duration * {weight} ELSE 0 END)"
    )


def _julianday(field: str) -> Func:
    return Func(F(field), function="julianday", output_field=FloatField())


def _milliseconds_to_close() -> Func:
    """Report to closing in whole milliseconds, computed by SQLite itself.

    Django subtracts datetimes on SQLite with a Python function called once per row (0.4 s over
    a district's 44,000 closed cases); julianday() is native. The double it returns is exact to
    ~50 µs at today's dates, so rounding to the millisecond gives the exact figure.
    """
    return Func(
        (_julianday("closed_at") - _julianday("reported_at")) * Value(86_400_000.0),
        function="ROUND",
        output_field=FloatField(),
    )


def _percentiles_by_window(qs: QuerySet[Case], prefix: Any, *, with_total: bool) -> dict[str | None, tuple[Any, Any]]:
    """Median and 90th percentile of the time to close per prefix, for databases without percentile_cont.

    One query: the closed cases numbered within their group by a window function, then the two
    rows around each percentile's position picked and interpolated by a grouped SUM. With
    `with_total`, the same cases (read once) are also numbered all together, under the key None.
    """
    inner = (
        qs.filter(_CLOSED)
        .annotate(prefix=prefix, duration=_milliseconds_to_close())
        .order_by()
        .values_list("prefix", "duration")
    )
    inner_sql, inner_params = inner.query.sql_with_params()
    # inner_sql is Django's own SQL for the scoped queryset, with its values still as parameters.
    everything = (
        " UNION ALL SELECT NULL, duration, ROW_NUMBER() OVER (ORDER BY duration) - 1, COUNT(*) OVER () "
        "FROM closed_cases"
        if with_total
        else ""
    )
    sql = (
        f"WITH closed_cases AS MATERIALIZED ({inner_sql}), "  # noqa: S608
        "numbered AS (SELECT prefix, duration, "
        "ROW_NUMBER() OVER (PARTITION BY prefix ORDER BY duration) - 1 AS rn, "
        f"COUNT(*) OVER (PARTITION BY prefix) AS n FROM closed_cases{everything}) "
        f"SELECT prefix, {_percentile_sql(MEDIAN)}, {_percentile_sql(P90)} FROM numbered GROUP BY prefix"
    )
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, inner_params)
        # Milliseconds → microseconds, as _hours() takes them.
        return {
            row[0]: tuple(None if v is None else v * 1000 for v in row[1:3])  # type: ignore[misc]
            for row in cursor.fetchall()
        }


_COUNTS = (
    "received",
    "closed",
    "accepted_in_time",
    "resolved",
    "resolved_on_time",
    "rated",
    "satisfied",
    "closed_within_grid",
)


def _add(row: FigureRow, values: dict[str, Any]) -> None:
    for name in _COUNTS:
        setattr(row, name, getattr(row, name) + int(values.get(name) or 0))


def _cards(cases: QuerySet[Case], length: int) -> list[tuple[str, int, int]]:
    """Yellow and red cards per group of cases: one grouped query over the card events alone."""
    return list(
        CaseEvent.objects.filter(
            case__in=cases.values("pk"), kind__in=[CaseEvent.Kind.YELLOW_CARD, CaseEvent.Kind.RED_CARD]
        )
        .annotate(prefix=Substr("case__area__path", 1, length))
        .values("prefix")
        .annotate(
            yellow=Count("pk", filter=Q(kind=CaseEvent.Kind.YELLOW_CARD)),
            red=Count("pk", filter=Q(kind=CaseEvent.Kind.RED_CARD)),
        )
        .order_by()
        .values_list("prefix", "yellow", "red")
    )


def _interval_hours(value: Any) -> Decimal | None:
    """PostgreSQL gives an interval (a timedelta), the window query microseconds."""
    if isinstance(value, timedelta):
        return _hours(value / timedelta(microseconds=1))
    return _hours(value)


def case_figures(user: Actor, *, node: Area, start: date, end: date, group_level: GroupLevel) -> list[FigureRow]:
    """One row per node of `group_level` under `node` that the user may see, then the total row.

    Counts the cases reported from `start` to `end` (both included, Asia/Shanghai dates). A group
    level coarser than the node gives no rows, only the total.
    """
    if group_level not in GROUP_LEVELS:
        raise ValueError(f"unknown group level {group_level!r}")
    if not scope_for(user).allows_path(Perm.VIEW, AREA, node.path):
        raise Http404
    lo, hi = period_bounds(start, end)
    cases = (
        cases_visible_to(user)
        .filter(area__path__startswith=node.path, reported_at__gte=lo, reported_at__lt=hi)
        # A duplicate merged into another case is not a problem of its own: the case it was
        # merged into carries the work and the figures.
        .exclude(state=State.MERGED)
        .order_by()
    )
    vendor = connections[cases.db].vendor
    aggregates = _aggregates(vendor)
    nodes = list(
        areas_visible_to(user)
        .filter(path__startswith=node.path, level__in=GROUP_LEVELS[group_level])
        .select_related("parent")
        .defer("outline", "parent__outline")
        .order_by("path")
    )
    rows = {n.path: FigureRow(node=n) for n in nodes}
    total = FigureRow(node=None)
    # Nodes of one level normally share a depth; a tree that mixes depths costs queries per depth.
    # No filter on the nodes' prefixes: the cases are under `node` already, and a thousand grids
    # would make a thousand ORs. Groups of nodes the user may not see are dropped below.
    # Every case falls in exactly one group of a grouping, so the total row is the sum of the
    # groups of the first grouping (all of them, shown or not) — not a second pass over the cases.
    lengths = sorted({len(path) for path in rows}) or [len(node.path)]
    for depth, length in enumerate(lengths):
        prefix = Substr("area__path", 1, length)
        grouped = cases.annotate(prefix=prefix).values("prefix").annotate(**aggregates).order_by()
        for values in grouped:
            if depth == 0:
                _add(total, values)
            row = rows.get(values["prefix"])
            if row is not None:
                _add(row, values)
                if vendor == "postgresql":
                    row.median_hours, row.p90_hours = _interval_hours(values["median"]), _interval_hours(values["p90"])
        for path, yellow, red in _cards(cases, length):
            if depth == 0:
                total.yellow_cards += yellow
                total.red_cards += red
            if path in rows:
                rows[path].yellow_cards, rows[path].red_cards = yellow, red
        if vendor != "postgresql":
            for path, (median, p90) in _percentiles_by_window(cases, prefix, with_total=depth == 0).items():
                if path is None:
                    total.median_hours, total.p90_hours = _interval_hours(median), _interval_hours(p90)
                elif path in rows:
                    rows[path].median_hours, rows[path].p90_hours = _interval_hours(median), _interval_hours(p90)
    # Percentiles do not add up: the total's come from all the closed cases at once (on SQLite
    # with the rows' percentiles above).
    if vendor == "postgresql":
        totals = cases.aggregate(median=aggregates["median"], p90=aggregates["p90"])
        total.median_hours, total.p90_hours = _interval_hours(totals["median"]), _interval_hours(totals["p90"])
    return [*rows.values(), total]
