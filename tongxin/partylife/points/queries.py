"""Scoped reads of posts and points: the posts of a subtree, the yearly ranking, one member's history.

Points are computed in one SQL statement: for every source a correlated subquery sums the
member's units of the year, multiplied by the rule's points and cut at its yearly cap; the
total is their sum and the rank a window function over the member's branch. Whatever the
number of members, the ranking costs the same few queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Least, Length, Rank, Substr
from django.utils import timezone

from tongxin.partylife.meetings.queries import MEMBERSHIP_UNITS
from tongxin.partylife.points.models import Post, PostHolding
from tongxin.partylife.points.rules import Rule, active_rules
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.models import PATH_STEP
from tongxin.platform.core.trees import ORG
from tongxin.registry.party.models import Organization, OrgKind, PartyMember
from tongxin.registry.party.point_sources import Source, all_sources

POINTS = DecimalField(max_digits=12, decimal_places=2)
ZERO = Decimal("0")


@dataclass(frozen=True)
class Column:
    """One source as the ranking shows it, with the rule in force for it."""

    source: Source
    rule: Rule | None

    @property
    def code(self) -> str:
        return self.source.code

    @property
    def key(self) -> str:
        return f"pts_{self.source.code}"

    @property
    def label(self) -> Any:
        return self.source.label

    @property
    def worth(self) -> Decimal:
        return self.rule.worth() if self.rule is not None else Decimal(1)

    @property
    def cap(self) -> Decimal | None:
        return self.rule.yearly_cap if self.rule is not None else None

    @property
    def counts(self) -> bool:
        """Whether it can change anyone's points (an inactive or zero rule cannot)."""
        return self.worth != 0


def columns(rules: dict[str, Rule] | None = None) -> list[Column]:
    """Every registered source with its rule, points by hand last; sources of unknown rules skipped."""
    rules = rules if rules is not None else active_rules()
    found = [Column(s, rules[s.rule] if s.rule else None) for s in all_sources() if s.rule is None or s.rule in rules]
    return sorted(found, key=lambda c: c.rule is None)


def _points(column: Column, year: int) -> Any:
    units = (
        column.source.rows(year)
        .filter(column.source.for_member())
        .order_by()
        .values("member_id")
        .annotate(units=Sum("quantity"))
        .values("units")
    )
    summed: Any = Coalesce(Subquery(units, output_field=POINTS), Value(ZERO), output_field=POINTS)
    if column.source.members_with is not None:
        summed = Case(When(column.source.members_with, then=summed), default=Value(ZERO), output_field=POINTS)
    points: Any = ExpressionWrapper(summed * Value(column.worth), output_field=POINTS)
    if column.cap is not None and column.counts:
        points = Least(points, Value(column.cap), output_field=POINTS)
    return points


def with_points(qs: QuerySet[PartyMember], year: int, cols: list[Column]) -> QuerySet[PartyMember]:
    """Annotate each member with `pts_<source>` for every counting column and `total`."""
    counting = [c for c in cols if c.counts]
    annotations = {c.key: _points(c, year) for c in counting}
    qs = qs.annotate(**annotations)
    total: Any = Value(ZERO, output_field=POINTS)
    for c in counting:
        total = total + F(c.key)
    return qs.annotate(total=ExpressionWrapper(total, output_field=POINTS))


def _unit_path() -> Any:
    """The path of the member's own branch (or committee): a group's members rank with its branch.

    Read from the tree's shape (party.models.CHILD_KINDS): a group sits under a branch or general
    branch, a member household under a branch or a group. A fixed-size CASE on the row's own
    organization, so it costs the same whatever the number of organizations.
    """
    path = F("org__path")
    parent = Substr(path, 1, Length(path) - PATH_STEP)
    grandparent = Substr(path, 1, Length(path) - 2 * PATH_STEP)
    return Case(
        When(org__kind__in=MEMBERSHIP_UNITS, then=path),
        When(org__kind=OrgKind.MEMBER_HOUSEHOLD, org__parent__kind=OrgKind.GROUP, then=grandparent),
        default=parent,
        output_field=CharField(),
    )


@dataclass
class Ranking:
    rows: QuerySet[PartyMember]
    columns: list[Column]
    units: dict[str, Organization]  # unit path → organization, for the headings


def ranking(user: Actor, *, node: Organization | None, year: int) -> Ranking:
    """Members in the user's scope (under `node`), ranked per branch by their points of `year`."""
    cols = columns()
    members = visible_to(PartyMember.objects.current(), user, Perm.VIEW)
    units = Organization.objects.filter(kind__in=MEMBERSHIP_UNITS)
    if node is not None:
        members = members.filter(org__path__startswith=node.path)
        units = units.filter(Q(path__startswith=node.path) | Q(pk__in=node.ancestor_ids()))
    else:
        units = visible_to(units, user)
    unit_path = _unit_path()
    qs = with_points(members, year, cols).annotate(
        unit_path=unit_path,
        rank=Window(Rank(), partition_by=[unit_path], order_by=F("total").desc()),
    )
    qs = qs.select_related("org").order_by("unit_path", "rank", "name_pinyin", "id")
    headings = {u.path: u for u in units.only("pk", "path", "name")}
    return Ranking(rows=qs, columns=[c for c in cols if c.counts], units=headings)


@dataclass
class HistoryItem:
    on: datetime.date
    column: Column
    quantity: Decimal
    points: Decimal
    detail: str


@dataclass
class SourceTotal:
    column: Column
    units: Decimal
    points: Decimal

    @property
    def capped(self) -> bool:
        cap = self.column.cap
        return cap is not None and self.column.counts and self.units * self.column.worth > cap


@dataclass
class History:
    items: list[HistoryItem]
    totals: list[SourceTotal]
    total: Decimal


def member_history(member: PartyMember, year: int) -> History:
    """What lies behind one member's points: every item of every source, and the capped totals.

    The totals come from the same SQL as the ranking (so both always agree); the items are only
    listed, one query per source.
    """
    cols = columns()
    row = with_points(PartyMember.objects.filter(pk=member.pk), year, cols).values(
        "total", *[c.key for c in cols if c.counts]
    )[0]
    items: list[HistoryItem] = []
    units: dict[str, Decimal] = {}
    for col in cols:
        for r in col.source.rows(year).filter(member_id=member.pk).order_by("on"):
            quantity = Decimal(str(r["quantity"]))
            units[col.code] = units.get(col.code, ZERO) + quantity
            items.append(HistoryItem(r["on"], col, quantity, quantity * col.worth, str(r.get("detail") or "")))
    items.sort(key=lambda i: (i.on, i.column.code), reverse=True)
    totals = [
        SourceTotal(c, units.get(c.code, ZERO), Decimal(row.get(c.key) or ZERO) if c.counts else ZERO)
        for c in cols
        if c.code in units
    ]
    return History(items=items, totals=totals, total=Decimal(row["total"] or ZERO))


def posts_visible_to(user: Actor, perm: str | None = None) -> QuerySet[Post]:
    return visible_to(Post.objects.all(), user, perm)


def current_holdings(today: datetime.date | None = None) -> QuerySet[PostHolding]:
    today = today or timezone.localdate()
    return PostHolding.objects.filter(Q(to_on__isnull=True) | Q(to_on__gte=today), from_on__lte=today)


def post_list(user: Actor, *, node: Organization | None = None, kind: str = "") -> QuerySet[Post]:
    qs = posts_visible_to(user).select_related("org", "area")
    if node is not None:
        qs = qs.filter(org__path__startswith=node.path)
    if kind:
        qs = qs.filter(kind=kind)
    holders = current_holdings().select_related("member").order_by("member__name_pinyin", "id")
    return qs.prefetch_related(Prefetch("holdings", queryset=holders, to_attr="holders_now")).order_by(
        "org__path", "kind", "title", "id"
    )


def may_work(user: Actor, org_path: str) -> bool:
    return scope_for(user).allows_path(Perm.PARTY_WORK, ORG, org_path)
