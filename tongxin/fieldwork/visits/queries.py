"""Scoped reads of visits: the to-visit list, coverage and 六清楚 completeness, all computed in the
database with a fixed number of queries whatever the number of households."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import get_language

from tongxin.fieldwork.visits.models import DEFAULT_CADENCE, FACTS_FRESH_MONTHS, ORDINARY, Visit, VisitCadence
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area, Household
from tongxin.registry.areas.queries import lived_in
from tongxin.registry.people.models import BUILTIN_CATEGORIES, CareCategory, Resident

SIX = [code for code, _zh, _en in BUILTIN_CATEGORIES]
CategoryLink = Resident.care_categories.through


def require_area_scope(user: Actor) -> None:
    """Pages about households are for people who look after an area (403 otherwise)."""
    scope = scope_for(user)
    if not scope.is_admin and not scope.prefixes(AREA, Perm.VIEW):
        raise PermissionDenied


def may_record(user: Actor) -> bool:
    return scope_for(user).has_perm(Perm.VISIT)


# Cadence


@dataclass(frozen=True)
class Cadence:
    """The cadence table as read once: months per care category code, and for ordinary households."""

    months: dict[str, int]

    @property
    def ordinary(self) -> int:
        return self.months.get(ORDINARY, DEFAULT_CADENCE[ORDINARY])

    @property
    def by_category(self) -> dict[str, int]:
        return {code: m for code, m in self.months.items() if code != ORDINARY}

    def intervals(self) -> set[int]:
        return {self.ordinary, *self.by_category.values()}


def cadence() -> Cadence:
    return Cadence(dict(VisitCadence.objects.values_list("category_code", "months")))


def interval_of(table: Cadence, household_ref: str = "pk") -> Coalesce:
    """A household's interval in months: the shortest among its residents' categories that have
    a cadence (stored on the household, see `shortest_intervals`), else the ordinary one."""
    column = "visit_interval" if household_ref == "pk" else f"{household_ref}__visit_interval"
    return Coalesce(F(column), Value(table.ordinary), output_field=IntegerField())


def shortest_intervals(table: Cadence, household_ids: Collection[int] | QuerySet[Any] | None = None) -> QuerySet[Any]:
    """`household_id` and `months`, the shortest cadence among its residents' categories, for
    each household with at least one category that has a cadence: one grouped pass over the
    category links (what `Household.visit_interval` holds)."""
    by_category = table.by_category
    months = Case(
        *[When(carecategory__code=c, then=Value(m)) for c, m in by_category.items()], output_field=IntegerField()
    )
    links = CategoryLink.objects.filter(carecategory__code__in=by_category)
    if household_ids is not None:
        links = links.filter(resident__household_id__in=household_ids)
    return (
        links.order_by()
        .values(household_id=F("resident__household_id"))
        .annotate(months=Min(months))
        .values("household_id", "months")
    )


def whole_months(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from `start` to `end`, both days included: 1 Jan–31 Dec is 12,
    1–31 Jan is 1, 15 Jan–14 Feb is 1, 15 Jan–13 Feb is 0. A month from the 31st ends on the
    last day of a shorter month (dateutil's rule): 31 Jan–27 Feb is 1, 31 Jan–26 Feb is 0."""
    if end < start:
        return 0
    span = relativedelta(end + datetime.timedelta(days=1), start)
    return span.years * 12 + span.months


def required_visits(months_in_period: int, interval: int) -> int:
    """Visits a household is due in a period: max(1, whole months in the period // interval).
    A year asks 12 visits of a monthly household and 2 of a six-monthly one; any period, even
    shorter than the interval, asks at least one."""
    return max(1, months_in_period // interval)


def _required(table: Cadence, months_in_period: int) -> Case:
    return Case(
        *[When(interval=k, then=Value(required_visits(months_in_period, k))) for k in sorted(table.intervals())],
        default=Value(required_visits(months_in_period, table.ordinary)),
        output_field=IntegerField(),
    )


def _last_visit() -> Subquery:
    return Subquery(Visit.objects.filter(household=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1])


def _last_visit_day() -> Subquery:
    """`day_number` of the household's last visit in one subquery: the last visit's date put in
    each of year, month and day was a subquery run three times per household."""
    last = Visit.objects.filter(household=OuterRef("pk")).order_by("-visited_on")
    return Subquery(last.values(day=_day_number(F("visited_on")))[:1], output_field=IntegerField())


def _visits_in(start: datetime.date, end: datetime.date, household_ref: str = "pk") -> Coalesce:
    """Distinct days the household was visited in the period (two records of one day are one visit)."""
    n = (
        Visit.objects.filter(household=OuterRef(household_ref), visited_on__gte=start, visited_on__lte=end)
        .order_by()
        .values("household")
        .annotate(n=Count("visited_on", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(n, output_field=IntegerField()), Value(0))


def _day_number(expr: Any) -> Any:
    """A number that grows with the date and by exactly 31 per calendar month, so "last visit +
    k months" sorts as `day_number(last) + 31 k` on every database (no date arithmetic)."""
    return ExtractYear(expr) * 372 + ExtractMonth(expr) * 31 + ExtractDay(expr)


def day_number(d: datetime.date) -> int:
    return d.year * 372 + d.month * 31 + d.day


def households_under(area: Area) -> QuerySet[Household]:
    """Households lived in under the node (areas.queries.lived_in): vacant ones have nobody to visit."""
    return lived_in(Household.objects.filter(area__path__startswith=area.path))


# The to-visit list


@dataclass
class DueRow:
    household: Household
    interval: int
    last_visit: datetime.date | None
    due_on: datetime.date | None
    categories: list[str] = field(default_factory=list)

    def days_since(self, today: datetime.date) -> int | None:
        return (today - self.last_visit).days if self.last_visit else None

    def days_overdue(self, today: datetime.date) -> int | None:
        return (today - self.due_on).days if self.due_on else None


def due_list(
    user: Actor, grid: Area | None = None, *, today: datetime.date | None = None, only_due: bool = False
) -> QuerySet[Household]:
    """Households in the user's scope (a grid worker's grids, a building leader's buildings), with
    their interval (`interval`), last visit (`last_visit`) and a sort key of the day they fall due
    (`due_key`): never visited first, then the longest overdue. `only_due` keeps those due today."""
    table = cadence()
    qs = lived_in(visible_to(Household.objects.all(), user))
    if grid is not None:
        qs = qs.filter(area__path__startswith=grid.path)
    # The sort key is computed for every household in scope, the last visit's date only for the
    # rows of the page (PostgreSQL evaluates a costly output column after the sort and limit).
    qs = qs.annotate(interval=interval_of(table)).annotate(
        due_key=_last_visit_day() + F("interval") * 31, last_visit=_last_visit()
    )
    if only_due:
        today = today or timezone.localdate()
        # Never visited (no key) counts as due: one subquery in the WHERE, not one per branch of an OR.
        qs = qs.alias(due_or_never=Coalesce(F("due_key"), Value(0))).filter(due_or_never__lte=day_number(today))
    return qs.select_related("area", "grid").order_by(F("due_key").asc(nulls_first=True), "area__path", "number")


def due_rows(households: list[Household]) -> list[DueRow]:
    """The page's rows with the due date and the categories of the residents (one query)."""
    ids = [h.pk for h in households]
    tags: dict[int, list[str]] = {pk: [] for pk in ids}
    links = (
        CategoryLink.objects.filter(resident__household_id__in=ids)
        .order_by("-carecategory__is_builtin", "carecategory__sort_order", "carecategory__code")
        .values_list("resident__household_id", "carecategory__name_zh", "carecategory__name_en")
    )
    english = (get_language() or "zh-hans").startswith("en")
    for household_id, zh, en in links:
        name = en if english and en else zh
        if name not in tags[household_id]:
            tags[household_id].append(name)
    rows = []
    for h in households:
        last = h.last_visit  # type: ignore[attr-defined]
        interval = h.interval  # type: ignore[attr-defined]
        due = last + relativedelta(months=interval) if last else None
        rows.append(DueRow(h, interval, last, due, tags[h.pk]))
    return rows


# Coverage


def _ratio(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class CoverageRow:
    key: int | None
    name: str
    households: int
    visited: int
    covered: int
    visits: int = 0

    @property
    def coverage(self) -> Decimal | None:
        return _ratio(self.covered, self.households)


def coverage_households(area: Area, start: datetime.date, end: datetime.date) -> QuerySet[Household]:
    """Households under the node with `interval`, `n_visits` (distinct days visited in the period)
    and `required` (visits the cadence asks in the period)."""
    table = cadence()
    months = whole_months(start, end)
    return (
        households_under(area)
        .annotate(interval=interval_of(table), n_visits=_visits_in(start, end))
        .annotate(required=_required(table, months))
    )


def coverage(area: Area, start: datetime.date, end: datetime.date, by: str = "grid") -> list[CoverageRow]:
    """Per grid: households, visited at least once in the period, visited as often as their
    cadence asks (`required_visits`), and the coverage % (covered / households).

    Per visitor: each visitor's visits, the households they visited, and of those the ones they
    alone visited as often as the cadence asks; coverage is covered / households visited.
    Two queries either way, whatever the number of households."""
    if by == "visitor":
        return _coverage_by_visitor(area, start, end)
    per_grid: dict[int | None, CoverageRow] = {}
    for grid_id, households, visited, covered in coverage_counts(area, start, end):
        row = per_grid.setdefault(grid_id, CoverageRow(grid_id, "", 0, 0, 0))
        row.households, row.visited, row.covered = (
            row.households + households,
            row.visited + visited,
            row.covered + covered,
        )
    names = dict(Area.objects.filter(pk__in=[k for k in per_grid if k]).values_list("pk", "name"))
    for row in per_grid.values():
        row.name = names.get(row.key, "") if row.key else ""
    return sorted(per_grid.values(), key=lambda r: (r.name == "", r.name))


def coverage_counts(area: Area, start: datetime.date, end: datetime.date) -> list[tuple[int | None, int, int, int]]:
    """(grid_id, households, visited, covered) in groups of one grid, one interval and one number
    of visits; add them up per grid or for the node. One query: grouped by the number of visits,
    its subquery runs once per household (a COUNT's FILTER ran it once per figure), and
    `required_visits` decides what counts as covered, as `_required` does in the database."""
    months = whole_months(start, end)
    groups = (
        coverage_households(area, start, end)
        .order_by()
        .values("grid_id", "interval", "n_visits")
        .annotate(n=Count("pk"))
        .values_list("grid_id", "interval", "n_visits", "n")
    )
    return [
        (grid_id, n, n if visits > 0 else 0, n if visits >= required_visits(months, interval) else 0)
        for grid_id, interval, visits, n in groups
    ]


def _coverage_by_visitor(area: Area, start: datetime.date, end: datetime.date) -> list[CoverageRow]:
    table = cadence()
    months = whole_months(start, end)
    mine = (
        Visit.objects.filter(
            household=OuterRef("household"),
            visitor_name=OuterRef("visitor_name"),
            visited_on__gte=start,
            visited_on__lte=end,
        )
        .order_by()
        .values("household")
        .annotate(n=Count("visited_on", distinct=True))
        .values("n")
    )
    qs = (
        Visit.objects.filter(
            household__area__path__startswith=area.path,
            visited_on__gte=start,
            visited_on__lte=end,
        )
        .exclude(household__kind=Household.Kind.VACANT)
        .annotate(interval=interval_of(table, "household"))
        .annotate(required=_required(table, months), mine=Subquery(mine, output_field=IntegerField()))
        .order_by()
        .values("visitor_name")
        .annotate(
            n_visits=Count("pk"),
            n_households=Count("household", distinct=True),
            n_covered=Count("household", distinct=True, filter=Q(mine__gte=F("required"))),
        )
        .order_by("visitor_name")
    )
    return [
        CoverageRow(None, r["visitor_name"], r["n_households"], r["n_households"], r["n_covered"], r["n_visits"])
        for r in qs
    ]


# 六清楚 completeness


def _fresh_since(as_of: datetime.date) -> datetime.date:
    return as_of - relativedelta(months=FACTS_FRESH_MONTHS)


def six_facts_households(area: Area, *, as_of: datetime.date | None = None) -> QuerySet[Household]:
    """Households under the node, each with `all_fresh` (a visit in the last 12 months checked the
    household's facts, or a resident's record changed in that time) and `fact_<code>` per six
    (a visit in that time confirmed the fact); `complete` when all six are current."""
    as_of = as_of or timezone.localdate()
    since = _fresh_since(as_of)
    tz = timezone.get_current_timezone()
    since_at = datetime.datetime.combine(since, datetime.time.min, tzinfo=tz)
    until_at = datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    recent = Visit.objects.filter(household=OuterRef("pk"), visited_on__gte=since, visited_on__lte=as_of)
    annotations: dict[str, Any] = {
        "checked": Exists(recent.filter(facts_checked=True)),
        "residents_changed": Exists(
            Resident.objects.filter(household=OuterRef("pk"), updated_at__gte=since_at, updated_at__lt=until_at)
        ),
    }
    for code in SIX:
        annotations[f"fact_{code}"] = Exists(recent.filter(confirmed_categories__code=code))
    return households_under(area).annotate(**annotations)


def complete_q() -> Q:
    every = Q()
    for code in SIX:
        every &= Q(**{f"fact_{code}": True})
    return Q(checked=True) | Q(residents_changed=True) | every


def missing_facts(household: Household) -> list[str]:
    """Codes of the six facts not current for a household annotated by `six_facts_households`."""
    if household.checked or household.residents_changed:  # type: ignore[attr-defined]
        return []
    return [code for code in SIX if not getattr(household, f"fact_{code}")]


@dataclass
class FactsRow:
    key: int | None
    name: str
    households: int
    complete: int

    @property
    def share(self) -> Decimal | None:
        return _ratio(self.complete, self.households)


def six_facts(area: Area, *, as_of: datetime.date | None = None) -> list[FactsRow]:
    """Per grid under the node: households, households whose six facts are all current, the %."""
    rows = list(
        six_facts_households(area, as_of=as_of)
        .order_by()
        .values("grid_id")
        .annotate(n=Count("pk"), n_complete=Count("pk", filter=complete_q()))
    )
    names = dict(Area.objects.filter(pk__in=[r["grid_id"] for r in rows if r["grid_id"]]).values_list("pk", "name"))
    result = [FactsRow(r["grid_id"], names.get(r["grid_id"], ""), r["n"], r["n_complete"]) for r in rows]
    return sorted(result, key=lambda r: (r.name == "", r.name))


def category_names() -> dict[str, str]:
    return {c.code: str(c) for c in CareCategory.objects.filter(code__in=SIX)}


# Visits


def visits_visible_to(user: Actor) -> QuerySet[Visit]:
    return visible_to(Visit.objects.all(), user)


def visit_for(user: Actor, pk: Any) -> Visit:
    return get_for(user, Visit.objects.select_related("household", "household__area", "household__grid", "case"), pk)


def visit_list(
    user: Actor,
    *,
    node: Area | None = None,
    household: Household | None = None,
    visitor: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[Visit]:
    qs = visits_visible_to(user)
    if node is not None:
        qs = qs.filter(household__area__path__startswith=node.path)
    if household is not None:
        qs = qs.filter(household=household)
    if visitor:
        qs = qs.filter(visitor_name=visitor)
    if start is not None:
        qs = qs.filter(visited_on__gte=start)
    if end is not None:
        qs = qs.filter(visited_on__lte=end)
    return qs.select_related("household", "household__area", "household__grid", "case").order_by("-visited_on", "-id")
