"""Dues in the JSON API: a member's dues for a year, and the national rate calculator."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from tongxin.partylife.dues import months
from tongxin.partylife.dues.models import DuesBase, DuesPayment
from tongxin.partylife.dues.queries import Totals, member_for_dues, member_totals, year_grid
from tongxin.partylife.dues.rates import RateError, monthly_dues, rate_for
from tongxin.platform.web.api import ERRORS, MAX_ID, ErrorOut, acting_user

router = Router(tags=["dues"])


class Kind(StrEnum):
    employed = "employed"
    retired = "retired"
    low_income = "low_income"


class RateOut(Schema):
    rate: str | None = Field(description='the rate as a decimal fraction ("0.01" is 1 %); null for the flat kinds')
    monthly_dues: str = Field(description="yuan, two decimal places, rounded half up")


class MonthOut(Schema):
    month: str
    due: str | None
    paid: str
    owed: str
    future: bool


class BaseOut(Schema):
    month: str
    kind: str
    monthly_income: str | None
    voluntary_amount: str | None
    rate: str | None
    amount: str


class PaymentOut(Schema):
    id: int
    month: str
    amount: str
    paid_on: str
    paid_by: str
    note: str


class TotalsOut(Schema):
    due: str
    paid: str
    owed: str


class MemberDuesOut(Schema):
    member: int
    name: str
    org: int
    year: int
    months: list[MonthOut]
    year_totals: TotalsOut
    owed_to_date: str = Field(description="everything owed since the first base, up to this month")
    bases: list[BaseOut]
    payments: list[PaymentOut]


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


@router.get(
    "/dues/rate",
    response={200: RateOut, 400: ErrorOut, **ERRORS},
    url_name="dues_rate",
    operation_id="dues_rate",
    summary="Monthly dues by the national brackets",
)
def dues_rate_view(
    request: HttpRequest,
    kind: Kind,
    monthly_income: Annotated[
        Decimal | None,
        Query(None, ge=0, max_digits=12, decimal_places=2, description="after-tax wage or pension, in yuan"),
    ] = None,
) -> Any:
    try:
        rate = rate_for(kind.value, monthly_income)
        amount = monthly_dues(kind.value, monthly_income)
    except RateError as exc:
        raise HttpError(400, f"{exc.field}: {exc.message}") from exc
    return {"rate": None if rate is None else str(rate), "monthly_dues": _money(amount)}


@router.get(
    "/members/{member_id}/dues",
    response={200: MemberDuesOut, 403: ErrorOut, **ERRORS},
    url_name="member_dues",
    operation_id="member_dues",
    summary="A member's dues for a year (month by month, bases, payments)",
)
def member_dues_view(
    request: HttpRequest,
    member_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    year: Annotated[int | None, Query(None, ge=months.FIRST_YEAR, le=months.LAST_YEAR)] = None,
) -> Any:
    member = member_for_dues(acting_user(request), member_id)
    year = year or timezone.localdate().year
    row = year_grid([member], year)[0]
    to_date = member_totals([member.pk], months.FIRST_YEAR * 100 + 1, months.current()).get(member.pk, Totals())
    payments = DuesPayment.objects.filter(member=member, month__gte=year * 100 + 1, month__lte=year * 100 + 12)
    return {
        "member": member.pk,
        "name": member.name,
        "org": member.org_id,
        "year": year,
        "months": [
            {
                "month": c.label,
                "due": _money(c.due),
                "paid": _money(c.paid),
                "owed": _money(c.owed),
                "future": c.future,
            }
            for c in row.cells
        ],
        "year_totals": {"due": _money(row.due), "paid": _money(row.paid), "owed": _money(row.owed)},
        "owed_to_date": _money(to_date.owed),
        "bases": [
            {
                "month": b.month_label,
                "kind": b.kind,
                "monthly_income": _money(b.monthly_income),
                "voluntary_amount": _money(b.voluntary_amount),
                "rate": None if b.rate is None else str(b.rate.normalize()),
                "amount": _money(b.amount),
            }
            for b in DuesBase.objects.filter(member=member).order_by("month")
        ],
        "payments": [
            {
                "id": p.pk,
                "month": p.month_label,
                "amount": _money(p.amount),
                "paid_on": p.paid_on.isoformat(),
                "paid_by": p.paid_by,
                "note": p.note,
            }
            for p in payments.order_by("month", "id")
        ],
    }
