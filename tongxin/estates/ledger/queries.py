"""Scoped reads of the ledgers, the month summaries (totals per category, income, expense,
running balance) computed in the database, and what waits on the workbench.

`month_summaries` is the one definition of a month's figures: the staff page, the public page
and the API read it, in a fixed number of queries whatever the number of entries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from tongxin.estates.ledger.models import Category, Direction, Entry, Month, Question, Receipt
from tongxin.estates.ledger.services import month_start, next_month
from tongxin.estates.owners.queries import reads_estates
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.scope import visible_to
from tongxin.platform.core.money import to_fen
from tongxin.registry.areas.models import Estate

ZERO = Decimal("0.00")


def entries_visible_to(user: Actor) -> QuerySet[Entry]:
    if not reads_estates(user):
        return Entry.objects.none()
    return visible_to(Entry.objects.all(), user)


def questions_visible_to(user: Actor) -> QuerySet[Question]:
    if not reads_estates(user):
        return Question.objects.none()
    return visible_to(Question.objects.all(), user)


def months_visible_to(user: Actor) -> QuerySet[Month]:
    if not reads_estates(user):
        return Month.objects.none()
    return visible_to(Month.objects.all(), user)


def drafts(user: Actor) -> QuerySet[Entry]:
    """Entries waiting for the committee's approval, the oldest first."""
    return (
        entries_visible_to(user)
        .filter(status=Entry.Status.DRAFT)
        .select_related("estate", "category")
        .order_by("occurred_on", "id")
    )


def questions_waiting(user: Actor) -> QuerySet[Question]:
    return (
        questions_visible_to(user)
        .filter(answered_at__isnull=True)
        .select_related("entry__estate", "entry__category")
        .order_by("created_at", "id")
    )


@dataclass
class ReadyMonth:
    estate: Estate
    month: datetime.date
    entries: int


def months_ready(user: Actor, today: datetime.date) -> list[ReadyMonth]:
    """Months over, with entries, all approved, not published yet, whose earlier months are
    published (the next one of each estate): two queries."""
    grouped = list(
        entries_visible_to(user)
        .filter(occurred_on__lt=month_start(today))
        .annotate(m=TruncMonth("occurred_on"))
        .values("estate_id", "m")
        .annotate(n=Count("pk"), drafts=Count("pk", filter=Q(status=Entry.Status.DRAFT)))
        .order_by("estate_id", "m")
    )
    if not grouped:
        return []
    estate_ids = {row["estate_id"] for row in grouped}
    published = set(Month.objects.filter(estate_id__in=estate_ids).values_list("estate_id", "month"))
    estates = {e.pk: e for e in Estate.objects.filter(pk__in=estate_ids).select_related("community")}
    found: list[ReadyMonth] = []
    blocked: set[int] = set()
    for row in grouped:
        m = _as_date(row["m"])
        if row["estate_id"] in blocked or (row["estate_id"], m) in published:
            continue
        blocked.add(row["estate_id"])  # only the first unpublished month of an estate may go next
        if not row["drafts"]:
            found.append(ReadyMonth(estates[row["estate_id"]], m, row["n"]))
    return sorted(found, key=lambda r: (r.month, r.estate.name))


def _as_date(value: Any) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


@dataclass
class CategoryTotal:
    category_id: int
    name: str
    direction: str
    total: Decimal


@dataclass
class MonthSummary:
    month: datetime.date
    opening: Decimal = ZERO
    income: Decimal = ZERO
    expense: Decimal = ZERO
    categories: list[CategoryTotal] = field(default_factory=list)
    published_at: datetime.datetime | None = None

    @property
    def closing(self) -> Decimal:
        return self.opening + self.income - self.expense


def month_summaries(estate: Estate, months: list[datetime.date], *, approved_only: bool = True) -> list[MonthSummary]:
    """Each month's totals per category, income, expense, and the balance before and after it
    (every approved entry before the month counts): two queries for any number of months."""
    if not months:
        return []
    first, last = min(months), next_month(max(months))
    base = Entry.objects.filter(estate=estate)
    if approved_only:
        base = base.filter(status=Entry.Status.APPROVED)
    before = base.filter(occurred_on__lt=first).aggregate(
        inc=Sum("amount", filter=Q(direction=Direction.INCOME)),
        exp=Sum("amount", filter=Q(direction=Direction.EXPENSE)),
    )
    balance = to_fen(before["inc"] or 0) - to_fen(before["exp"] or 0)
    rows = (
        base.filter(occurred_on__gte=first, occurred_on__lt=last)
        .annotate(m=TruncMonth("occurred_on"))
        .values("m", "category_id", "category__name", "category__sort_order", "direction")
        .annotate(total=Sum("amount"))
        .order_by("m", "direction", "category__sort_order", "category_id")
    )
    by_month: dict[datetime.date, MonthSummary] = {}
    for row in rows:
        m = _as_date(row["m"])
        summary = by_month.setdefault(m, MonthSummary(month=m))
        total = to_fen(row["total"])
        summary.categories.append(CategoryTotal(row["category_id"], row["category__name"], row["direction"], total))
        if row["direction"] == Direction.INCOME:
            summary.income += total
        else:
            summary.expense += total
    # Months between the first and the last with no entry still carry the balance over.
    result = []
    m = first
    wanted = set(months)
    while m < last:
        summary = by_month.get(m, MonthSummary(month=m))
        summary.opening = balance
        balance = summary.closing
        if m in wanted:
            result.append(summary)
        m = next_month(m)
    return result


def entries_of(estate: Estate, start: datetime.date, end: datetime.date, *, approved_only: bool) -> QuerySet[Entry]:
    """The entries of [start, end) with category, receipts, corrections and questions: 4 queries."""
    qs = Entry.objects.filter(estate=estate, occurred_on__gte=start, occurred_on__lt=end)
    if approved_only:
        qs = qs.filter(status=Entry.Status.APPROVED)
    return qs.select_related("category", "approved_by", "corrects").prefetch_related(
        Prefetch("receipts", queryset=Receipt.objects.order_by("id")),
        Prefetch("questions", queryset=Question.objects.order_by("created_at", "id")),
    )


def published_months(estate: Estate) -> list[Month]:
    return list(Month.objects.filter(estate=estate).order_by("-month"))


def estates_with_published_ledger(community_path: str) -> QuerySet[Estate]:
    return (
        Estate.objects.filter(community__path__startswith=community_path)
        .filter(Exists(Month.objects.filter(estate=OuterRef("pk"))))
        .order_by("name", "id")
    )


def category_choices(estate: Estate) -> list[Category]:
    from tongxin.estates.ledger.services import categories_ensure

    return sorted(categories_ensure(estate), key=lambda c: (c.direction != Direction.INCOME, c.sort_order, c.pk))
