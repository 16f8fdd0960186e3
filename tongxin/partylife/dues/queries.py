"""Scoped reads of dues, and the figures (due, paid, owed) computed in the database.

What a member owes over a span of months [first, last] (YYYYMM, both included) is

    Σ over months m of max(due(m) − paid(m), 0)
  = Σ due(m) − Σ min(paid(m), due(m))

`due(m)` is the amount of the base in force in m, and nothing before the member joined (the
month of `joined_on`: a probationary member pays from the month the branch admitted them) or
before their first base. The first sum is taken over bases — each base covers the months
from its own to the month before the next one — and the second over payments, each payment
counting only for what its month still owed when it was made (payments of a month in id
order). Both are one grouped query whatever the number of members, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest, Least, Mod
from django.http import Http404

from tongxin.partylife.dues import months
from tongxin.partylife.dues.models import DuesBase, DuesPayment
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.money import to_fen
from tongxin.platform.core.trees import ORG
from tongxin.registry.party.models import Organization, PartyMember

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)
INT = IntegerField()


# Scoping


def dues_members_visible_to(user: Actor) -> QuerySet[PartyMember]:
    """Members whose dues the user may read: those in a subtree where they hold VIEW_DUES, and themselves."""
    qs = PartyMember.objects.all()
    if scope_for(user).user_id is None:
        return qs.none()
    return visible_to(qs, user, Perm.VIEW_DUES) | qs.filter(user_id=user.pk)


def member_for_dues(user: Actor, pk: Any, *, write: bool = False) -> PartyMember:
    """The member whose dues are asked for; 404 outside the user's scope, 403 when in scope but
    the role may not read (or, with `write`, record) dues."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    member = dues_members_visible_to(user).select_related("org").filter(pk=pk).first()
    if member is None:
        # Seen in the registry (a grid worker sees the members of their grid's branch), but
        # dues are not theirs to read.
        if visible_to(PartyMember.objects.all(), user).filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    if write and not scope_for(user).allows_path(Perm.RECORD_DUES, ORG, member.org.path):
        raise PermissionDenied
    return member


def org_for_dues(user: Actor, pk: Any) -> Organization:
    org = get_for(user, Organization, pk)
    if not scope_for(user).allows_path(Perm.VIEW_DUES, ORG, org.path):
        raise PermissionDenied
    return org


def may_record(user: Actor, org_path: str) -> bool:
    return scope_for(user).allows_path(Perm.RECORD_DUES, ORG, org_path)


# Month arithmetic in SQL (months are stored as YYYYMM integers)


def _index(expr: Any) -> Any:
    """YYYYMM → a running count of months, as in months.index (integer division in SQL)."""
    return ExpressionWrapper(expr / Value(100) * Value(12) + Mod(expr, Value(100)) - Value(1), output_field=INT)


def _join_index(member_prefix: str) -> Any:
    """The member's first month owing dues: the month of joined_on (0 when unknown)."""
    joined = f"{member_prefix}joined_on"
    return Coalesce(ExtractYear(joined) * Value(12) + ExtractMonth(joined) - Value(1), Value(0), output_field=INT)


def _due_expression(first: int, last: int) -> Any:
    """On a DuesBase row: its amount × the months of [first, last] it is in force for."""
    next_base = (
        DuesBase.objects.filter(member=OuterRef("member"), month__gt=OuterRef("month"))
        .order_by("month")
        .annotate(i=_index(F("month")))
        .values("i")[:1]
    )
    start = Greatest(Value(months.index(first)), _index(F("month")), _join_index("member__"), output_field=INT)
    end = Least(
        Value(months.index(last)),
        Coalesce(Subquery(next_base, output_field=INT) - Value(1), Value(months.index(last))),
        output_field=INT,
    )
    covered = Greatest(end - start + Value(1), Value(0), output_field=INT)
    return F("amount") * covered


def _credited_expression() -> Any:
    """On a DuesPayment row: the part of it that settles what its month owed."""
    due = DuesBase.objects.filter(member=OuterRef("member"), month__lte=OuterRef("month")).order_by("-month")
    earlier = (
        DuesPayment.objects.filter(member=OuterRef("member"), month=OuterRef("month"), pk__lt=OuterRef("pk"))
        .order_by()
        .values("member")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    still_owed = Coalesce(Subquery(due.values("amount")[:1]), Value(ZERO), output_field=MONEY) - Coalesce(
        Subquery(earlier, output_field=MONEY), Value(ZERO), output_field=MONEY
    )
    return Greatest(Least(F("amount"), still_owed, output_field=MONEY), Value(ZERO), output_field=MONEY)


@dataclass
class Totals:
    due: Decimal = ZERO
    paid: Decimal = ZERO  # everything paid for the months, voluntary extra included
    settled: Decimal = ZERO  # the part of `paid` that settled what was due
    members: int = 0
    members_owing: int = 0
    member_ids: set[int] = field(default_factory=set)

    @property
    def owed(self) -> Decimal:
        return max(self.due - self.settled, ZERO)


def _grouped(
    bases: QuerySet[DuesBase], payments: QuerySet[DuesPayment], key: str, first: int, last: int
) -> dict[Any, dict[int, Totals]]:
    """{group key: {member id: Totals}} from two grouped queries."""
    result: dict[Any, dict[int, Totals]] = {}
    due_rows = (
        bases.filter(month__lte=last)
        .order_by()
        .values(key, "member_id")
        .annotate(due=Sum(_due_expression(first, last), output_field=MONEY))
    )
    for row in due_rows:
        result.setdefault(row[key], {})[row["member_id"]] = Totals(due=to_fen(row["due"] or ZERO))
    paid_rows = (
        payments.filter(month__gte=first, month__lte=last)
        .order_by()
        .values(key, "member_id")
        .annotate(paid=Sum("amount"), settled=Sum(_credited_expression(), output_field=MONEY))
    )
    for row in paid_rows:
        totals = result.setdefault(row[key], {}).setdefault(row["member_id"], Totals())
        totals.paid = to_fen(row["paid"] or ZERO)
        totals.settled = to_fen(row["settled"] or ZERO)
    return result


def member_totals(members: QuerySet[PartyMember] | list[int], first: int, last: int) -> dict[int, Totals]:
    """Due, paid and owed per member over [first, last]: two queries."""
    member_ids = members if isinstance(members, list) else members.values("pk")
    grouped = _grouped(
        DuesBase.objects.filter(member__in=member_ids),
        DuesPayment.objects.filter(member__in=member_ids),
        "member_id",
        first,
        last,
    )
    return {pk: rows[pk] for pk, rows in grouped.items()}


def owed_now(member_ids: list[int], today_month: int | None = None) -> dict[int, Decimal]:
    """What each member owes today: the one definition of "dues owed" (/me/, a member's dues page).

    Every month from the member's first month owing (joining, first base) up to this month
    counts, whatever its year: arrears of last year stay owed until they are paid, and the
    months still ahead this year are not owed yet. Two queries.
    """
    totals = member_totals(member_ids, months.FIRST_YEAR * 100 + 1, today_month or months.current())
    return {pk: totals[pk].owed if pk in totals else ZERO for pk in member_ids}


@dataclass
class OrgArrears:
    org: Organization
    totals: Totals
    members: int  # all members of the organization
    without_base: int  # members with no dues base yet (in-service members pay at their employer)


def arrears_by_org(user: Actor, root: Organization | None, first: int, last: int) -> list[OrgArrears]:
    """Per organization of the subtree (or of the user's whole scope): due, paid, owed over
    [first, last]. Four queries whatever the number of organizations and members."""
    bases = visible_to(DuesBase.objects.all(), user)
    payments = visible_to(DuesPayment.objects.all(), user)
    members = visible_to(PartyMember.objects.current(), user, Perm.VIEW_DUES)
    if root is not None:
        bases = bases.filter(member__org__path__startswith=root.path)
        payments = payments.filter(member__org__path__startswith=root.path)
        members = members.filter(org__path__startswith=root.path)
    grouped = _grouped(bases, payments, "member__org_id", first, last)
    counts = {
        row["org_id"]: row
        for row in members.order_by()
        .values("org_id")
        .annotate(
            n=Count("pk"),
            without=Count("pk", filter=~Q(Exists(DuesBase.objects.filter(member=OuterRef("pk"))))),
        )
    }
    orgs = Organization.objects.filter(pk__in=set(grouped) | set(counts)).order_by("path")
    result = []
    for org in orgs:
        totals = Totals()
        for member_totals_ in grouped.get(org.pk, {}).values():
            totals.due += member_totals_.due
            totals.paid += member_totals_.paid
            totals.settled += member_totals_.settled
            totals.members += 1
            totals.members_owing += member_totals_.owed > 0
        row = counts.get(org.pk, {"n": 0, "without": 0})
        result.append(OrgArrears(org=org, totals=totals, members=row["n"], without_base=row["without"]))
    return result


# The month-by-month grid (a page of members × the months of a year)


@dataclass
class MonthCell:
    month: int
    due: Decimal | None  # None: nothing due (before joining, before the first base)
    paid: Decimal
    owed: Decimal
    future: bool

    @property
    def label(self) -> str:
        return months.label(self.month)

    @property
    def state(self) -> str:
        if self.due is None:
            return "paid" if self.paid else "none"
        if self.owed > 0:
            return "future" if self.future else ("partial" if self.paid else "owed")
        return "paid"


@dataclass
class MemberYear:
    member: PartyMember
    cells: list[MonthCell]
    bases: list[DuesBase]

    @property
    def due(self) -> Decimal:
        return sum((c.due or ZERO for c in self.cells if not c.future), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((c.paid for c in self.cells), ZERO)

    @property
    def owed(self) -> Decimal:
        return sum((c.owed for c in self.cells if not c.future), ZERO)


def year_grid(members: list[PartyMember], year: int, today_month: int | None = None) -> list[MemberYear]:
    """Each member's twelve months: two queries for the whole page of members.

    Months after `today_month` are shown with what will be due but owe nothing yet.
    """
    today_month = today_month or months.current()
    ids = [m.pk for m in members]
    last = year * 100 + 12
    bases: dict[int, list[DuesBase]] = {}
    for base in DuesBase.objects.filter(member_id__in=ids, month__lte=last).order_by("member_id", "month"):
        bases.setdefault(base.member_id, []).append(base)
    paid: dict[tuple[int, int], Decimal] = {}
    for row in (
        DuesPayment.objects.filter(member_id__in=ids, month__gte=year * 100 + 1, month__lte=last)
        .order_by()
        .values("member_id", "month")
        .annotate(s=Sum("amount"))
    ):
        paid[(row["member_id"], row["month"])] = row["s"]
    result = []
    for member in members:
        joined = months.of(member.joined_on) if member.joined_on else 0
        own = bases.get(member.pk, [])
        cells = []
        for month in months.year_months(year):
            in_force = [b for b in own if b.month <= month]
            due = in_force[-1].amount if in_force and month >= joined else None
            got = paid.get((member.pk, month), ZERO)
            cells.append(
                MonthCell(
                    month=month,
                    due=due,
                    paid=got,
                    owed=max((due or ZERO) - got, ZERO),
                    future=month > today_month,
                )
            )
        result.append(MemberYear(member=member, cells=cells, bases=own))
    return result


def base_in_force(member: PartyMember, month: int) -> DuesBase | None:
    return DuesBase.objects.filter(member=member, month__lte=month).order_by("-month").first()


def paid_for_month(member: PartyMember, month: int) -> Decimal:
    total = DuesPayment.objects.filter(member=member, month=month).aggregate(s=Sum("amount"))["s"]
    return total or ZERO


def first_owed_month(member: PartyMember, year: int, today_month: int | None = None) -> tuple[int, Decimal] | None:
    """The earliest month of the year still owing, and what it owes (to pre-fill the payment form)."""
    row = year_grid([member], year, today_month)[0]
    for cell in row.cells:
        if cell.owed > 0 and not cell.future:
            return cell.month, cell.owed
    return None
