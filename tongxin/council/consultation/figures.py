"""Consultation figures per council and per place for any period (issue 14 item 7), counted in
the database: a fixed number of queries whatever the number of topics.

Each figure counts the topics under the chosen place whose event falls in the period (both days
included, Asia/Shanghai dates):

- raised: the topic was raised (created) in the period;
- accepted: reviewed and taken up by a council in the period (whatever became of it since);
- decided: passed its last vote in the period (decided, or since carried out);
- done (carried out): its last task done in the period — these are the "matters resolved";
- declined, merged: reviewed so in the period;
- rejected: voted down in the period;
- median days raised → decided, over the topics decided in the period;
- median days decided → done, over the topics carried out in the period;
- turnout: those present of those entitled, summed over the votes closed in the period (each
  vote's own snapshot, `Vote.present_count` / `entitled_count`).

A table groups the topics once (by council, or by the prefix of their place's path that has the
length of the place rows' paths); the total row is the sum of the groups, except the medians,
which do not add up: PostgreSQL computes them with percentile_cont in the grouped query and one
more for the total; SQLite, which has no percentile aggregate, numbers the values of each group
and of all together with ROW_NUMBER in one query per median and averages the middle one or two.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connections
from django.db.models import Count, Expression, F, FloatField, Func, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.council.consultation.models import Council, CouncilMeeting, Topic, TopicState, Vote
from tongxin.grid.cases.figures import PercentileCont, period_bounds
from tongxin.grid.cases.figures_views import EARLIEST, LATEST
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.models import PATH_STEP
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area

COUNTS = ("raised", "accepted", "decided", "done", "declined", "rejected", "merged")
# Reviewed and taken up: every state a topic reaches after acceptance.
TAKEN_UP = (TopicState.ACCEPTED, TopicState.DECIDED, TopicState.DONE, TopicState.REJECTED)
PASSED = (TopicState.DECIDED, TopicState.DONE)
# Asia/Shanghai has kept UTC+8 all year since 1991: SQLite turns a stored UTC time into the
# local date with this modifier (a Python function per row would be 10× slower).
SQLITE_LOCAL = "'+8 hours'"
_ONE_DECIMAL = Decimal("0.1")


class DaysBetween(Func):
    """Whole days from `earlier` to `later`, computed by the database. `later` is a date;
    `earlier` a date, or a datetime counted by its Asia/Shanghai date."""

    output_field = FloatField()

    def __init__(self, later: Any, earlier: Any, *, earlier_is_datetime: bool = False) -> None:
        super().__init__(later, earlier)
        self.earlier_is_datetime = earlier_is_datetime

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:  # type: ignore[override]
        later, earlier = self.get_source_expressions()
        later_sql, later_params = compiler.compile(later)
        earlier_sql, earlier_params = compiler.compile(earlier)
        if connection.vendor == "postgresql":
            if self.earlier_is_datetime:
                earlier_sql = f"(({earlier_sql}) AT TIME ZONE 'Asia/Shanghai')::date"
            sql = f"(({later_sql}) - ({earlier_sql}))"
        else:
            if self.earlier_is_datetime:
                earlier_sql = f"date({earlier_sql}, {SQLITE_LOCAL})"
            sql = f"(julianday({later_sql}) - julianday({earlier_sql}))"
        return sql, (*later_params, *earlier_params)


def _days(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class FigureRow:
    """The figures of one council or place (or of the whole table when `is_total`)."""

    label: str
    council: Council | None = None
    area: Area | None = None
    is_total: bool = False
    # "unassigned" (topics not yet with a council) or "elsewhere" (with councils above the place).
    group: str = ""
    raised: int = 0
    accepted: int = 0
    decided: int = 0
    done: int = 0
    declined: int = 0
    rejected: int = 0
    merged: int = 0
    days_to_decision: Decimal | None = None
    days_to_done: Decimal | None = None
    present: int = 0
    entitled: int = 0

    @property
    def resolved(self) -> int:
        """Matters resolved (解决…件): the topics carried out in the period."""
        return self.done

    @property
    def turnout(self) -> Decimal | None:
        """Present of entitled over the period's closed votes, a percentage with one decimal."""
        if not self.entitled:
            return None
        return (Decimal(self.present) * 100 / Decimal(self.entitled)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)

    def add(self, values: dict[str, Any]) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + int(values.get(name) or 0))


@dataclass
class ConsultationFigures:
    node: Area
    start: datetime.date
    end: datetime.date
    councils: list[FigureRow] = field(default_factory=list)
    places: list[FigureRow] = field(default_factory=list)

    @property
    def total(self) -> FigureRow:
        return self.places[-1]


# --- the pieces of a table ------------------------------------------------------------------------


def figure_q(name: str, start: datetime.date, end: datetime.date) -> Q:
    """The topics a count figure is made of, for the period: the one definition the figures page
    counts with and the topics list filters with (?figure=&from=&to=), so a number and the rows
    its link opens are the same topics."""
    lo, hi = period_bounds(start, end)
    reviewed = Q(reviewed_at__gte=lo, reviewed_at__lt=hi)
    decided = Q(decided_on__gte=start, decided_on__lte=end)
    if name == "raised":
        return Q(created_at__gte=lo, created_at__lt=hi)
    if name == "accepted":
        return reviewed & Q(state__in=TAKEN_UP)
    if name == "decided":
        return decided & Q(state__in=PASSED)
    if name == "done":
        return Q(done_on__gte=start, done_on__lte=end, state=TopicState.DONE)
    if name == "declined":
        return reviewed & Q(state=TopicState.DECLINED)
    if name == "rejected":
        return decided & Q(state=TopicState.REJECTED)
    if name == "merged":
        return reviewed & Q(state=TopicState.MERGED)
    raise ValueError(name)


# What a count figure's rows are, said of the period ("2026年内办结", "carried out in 2026").
FIGURE_LABELS = {
    "raised": gettext_lazy("raised %(period)s"),
    "accepted": gettext_lazy("accepted by a council %(period)s"),
    "decided": gettext_lazy("decided %(period)s"),
    "done": gettext_lazy("carried out %(period)s"),
    "declined": gettext_lazy("declined %(period)s"),
    "rejected": gettext_lazy("voted down %(period)s"),
    "merged": gettext_lazy("merged into another topic %(period)s"),
}


@dataclass(frozen=True)
class FigureFilter:
    """A count figure for a period, as the topics list takes it (?figure=&from=&to=)."""

    name: str
    start: datetime.date
    end: datetime.date

    @property
    def q(self) -> Q:
        return figure_q(self.name, self.start, self.end)

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and (
            self.start.year == self.end.year
        ):
            period = _("in %(year)s") % {"year": self.start.year}
        else:
            period = _("from %(start)s to %(end)s") % {
                "start": date_format(self.start, "DATE_FORMAT"),
                "end": date_format(self.end, "DATE_FORMAT"),
            }
        return str(FIGURE_LABELS[self.name]) % {"period": period}

    def params(self) -> dict[str, str]:
        return {"figure": self.name, "from": self.start.isoformat(), "to": self.end.isoformat()}


def _day(text: str) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(text[:10]) if len(text) == 10 else None
    except ValueError:
        return None
    return day if day is not None and EARLIEST <= day <= LATEST else None


def figure_filter(name: str, start: str, end: str) -> FigureFilter | None:
    """The figure a topics list link asks for, or None when any part of it is not one."""
    first, last = _day(start), _day(end)
    if name not in COUNTS or first is None or last is None or last < first:
        return None
    return FigureFilter(name, first, last)


def _events(start: datetime.date, end: datetime.date) -> dict[str, Q]:
    return {name: figure_q(name, start, end) for name in COUNTS}


def _medians() -> dict[str, tuple[Expression, str]]:
    """Each median: the value (days) and the event whose topics it is taken over."""
    return {
        "days_to_decision": (DaysBetween(F("decided_on"), F("created_at"), earlier_is_datetime=True), "decided"),
        "days_to_done": (DaysBetween(F("done_on"), F("decided_on")), "done"),
    }


def _medians_by_window(qs: QuerySet[Topic], key: Any, value: Expression) -> dict[tuple[int, Any], float]:
    """The median of `value` per `key`, and of all together (under (1, None)), in one query.

    The values are numbered within their group and overall with ROW_NUMBER; the middle one (odd
    count) or the two middle ones (even count) are averaged — the same as percentile_cont(0.5).
    """
    inner = qs.annotate(k=key, v=value).order_by().values_list("k", "v")
    inner_sql, params = inner.query.sql_with_params()
    # inner_sql is Django's own SQL for the scoped queryset, with its values still as parameters.
    sql = (
        f"WITH d AS MATERIALIZED ({inner_sql}), "  # noqa: S608
        "n AS (SELECT 0 AS t, k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v) - 1 AS rn, "
        "COUNT(*) OVER (PARTITION BY k) AS c FROM d "
        "UNION ALL SELECT 1, NULL, v, ROW_NUMBER() OVER (ORDER BY v) - 1, COUNT(*) OVER () FROM d) "
        "SELECT t, k, AVG(v) FROM n WHERE rn = (c - 1) / 2 OR rn = c / 2 GROUP BY t, k"
    )
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return {(t, k): v for t, k, v in cursor.fetchall()}


def _table(
    topics: QuerySet[Topic],
    votes: QuerySet[Vote],
    *,
    topic_key: Any,
    vote_key: Any,
    rows: dict[Any, FigureRow],
    start: datetime.date,
    end: datetime.date,
    other: FigureRow | None = None,
) -> FigureRow:
    """Fill `rows` (by group key) and return the total. Topics of a group with no row go to
    `other` when given (they still count in the total)."""
    vendor = connections[topics.db].vendor
    events = _events(start, end)
    medians = _medians()
    aggregates: dict[str, Any] = {name: Count("pk", filter=q) for name, q in events.items()}
    if vendor == "postgresql":
        for name, (value, event) in medians.items():
            aggregates[name] = PercentileCont(value, 0.5, filter=events[event])
    in_period = Q()
    for q in events.values():
        in_period |= q
    scoped = topics.filter(in_period).order_by()
    total = FigureRow(label=_("Total"), is_total=True)
    for values in scoped.annotate(k=topic_key).values("k").annotate(**aggregates).order_by():
        total.add(values)
        row = rows.get(values["k"], other)
        if row is None:
            continue
        row.add(values)
        if vendor == "postgresql" and row is not other:
            row.days_to_decision = _days(values["days_to_decision"])
            row.days_to_done = _days(values["days_to_done"])
    if vendor == "postgresql":
        found = scoped.aggregate(**{name: aggregates[name] for name in medians})
        total.days_to_decision, total.days_to_done = _days(found["days_to_decision"]), _days(found["days_to_done"])
    else:
        for name, (value, event) in medians.items():
            for (is_total, k), median in _medians_by_window(topics.filter(events[event]), topic_key, value).items():
                target = total if is_total else rows.get(k)
                if target is not None:
                    setattr(target, name, _days(median))
    lo, hi = period_bounds(start, end)
    closed = (
        votes.filter(closed_at__gte=lo, closed_at__lt=hi, present_count__isnull=False, entitled_count__isnull=False)
        .annotate(k=vote_key)
        .values("k")
        .annotate(present=Sum("present_count"), entitled=Sum("entitled_count"))
        .order_by()
    )
    for values in closed:
        present, entitled = int(values["present"] or 0), int(values["entitled"] or 0)
        total.present += present
        total.entitled += entitled
        row = rows.get(values["k"], other)
        if row is not None:
            row.present += present
            row.entitled += entitled
    return total


def consultation_figures(user: Actor, *, node: Area, start: datetime.date, end: datetime.date) -> ConsultationFigures:
    """The figures of the topics and votes under `node` that the user may see, for the period:
    a table per council (every council the user sees there, then topics not yet with a council)
    and a table per place (each place just under `node`, then `node` itself). Out of scope: 404."""
    if not scope_for(user).allows_path(Perm.VIEW, AREA, node.path):
        raise Http404
    topics = visible_to(Topic.objects.all(), user).filter(area__path__startswith=node.path)
    meetings = visible_to(CouncilMeeting.objects.all(), user).filter(council__area__path__startswith=node.path)
    votes = Vote.objects.filter(item__meeting__in=meetings.values("pk"))
    figures = ConsultationFigures(node=node, start=start, end=end)

    councils = list(
        visible_to(Council.objects.select_related("kind", "area").defer("area__outline"), user)
        .filter(area__path__startswith=node.path)
        .order_by("area__path", "kind__sort_order", "name", "id")
    )
    by_council: dict[Any, FigureRow] = {c.pk: FigureRow(label=c.name, council=c, area=c.area) for c in councils}
    # Topics still waiting for review (or declined before one took them up) have no council yet;
    # a topic may also sit with a council above the place (a community's, seen from a grid).
    unassigned = FigureRow(label=_("No council yet"), group="unassigned")
    by_council[None] = unassigned
    elsewhere = FigureRow(label=_("Councils above this place"), group="elsewhere")
    total = _table(
        topics,
        votes,
        topic_key=F("council_id"),
        vote_key=F("item__meeting__council_id"),
        rows=by_council,
        start=start,
        end=end,
        other=elsewhere,
    )
    figures.councils = [by_council[c.pk] for c in councils]
    figures.councils += [r for r in (unassigned, elsewhere) if any(getattr(r, n) for n in (*COUNTS, "entitled"))]
    figures.councils.append(total)

    places = list(
        visible_to(Area.objects.filter(parent=node).defer("outline"), user).order_by("sort_order", "name", "id")
    )
    length = len(node.path) + PATH_STEP
    by_place: dict[Any, FigureRow] = {a.path: FigureRow(label=a.name, area=a) for a in places}
    # Topics placed at the node itself (a community's own matters) make its own row.
    itself = FigureRow(label=node.name, area=node)
    by_place[node.path] = itself
    total = _table(
        topics,
        votes,
        topic_key=Substr("area__path", 1, length),
        vote_key=Substr("item__meeting__council__area__path", 1, length),
        rows=by_place,
        start=start,
        end=end,
    )
    figures.places = [by_place[a.path] for a in places] + [itself, total]
    return figures
