"""Estates and their ledgers in the JSON API (mounted by tongxin/interfaces/api/main.py): the
estates a caller may see, each with `has_ledger` (approved entries exist), and one estate's
approved entries with totals (income, expense, balance; ?month=YYYY-MM for one month).

Reads take Perm.ESTATE or the subdistrict's role, scoped by the estate's community; a list is
never refused (it holds what the caller may see), an estate out of reach answers 404.

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Exists, OuterRef, Q, Sum
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema
from ninja.pagination import paginate

from tongxin.estates.ledger.models import Direction, Entry
from tongxin.estates.ledger.services import next_month
from tongxin.estates.owners.queries import estates_visible_to
from tongxin.platform.core.money import to_fen
from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, acting_user

router = Router(tags=["ledger"])

_MONTH = re.compile(r"^\d{4}-\d{2}$")


class EstateOut(Schema):
    id: int
    name: str
    community_id: int
    has_property_company: bool
    has_ledger: bool


class EntryOut(Schema):
    id: int
    occurred_on: datetime.date
    category: str
    direction: str
    amount: Decimal
    description: str
    corrects_id: int | None
    approved_by: str
    approved_at: datetime.datetime | None


class LedgerOut(Schema):
    estate_id: int
    estate: str
    month: str | None
    income: Decimal
    expense: Decimal
    balance: Decimal
    entries: list[EntryOut]


@router.get(
    "/estates",
    response={200: list[EstateOut], **ERRORS},
    url_name="estates",
    operation_id="list_estates",
    summary="Estates (小区), each with whether it keeps a ledger",
)
@paginate(ApiPagination)
def estate_list_view(request: HttpRequest) -> Any:
    user = acting_user(request)
    approved = Entry.objects.filter(estate=OuterRef("pk"), status=Entry.Status.APPROVED)
    return estates_visible_to(user).annotate(has_ledger=Exists(approved)).order_by("community__path", "name", "id")


@router.get(
    "/estates/{estate_id}/ledger",
    response={200: LedgerOut, **ERRORS},
    url_name="estate_ledger",
    operation_id="get_estate_ledger",
    summary="An estate's approved ledger entries with totals (收支台账); ?month=YYYY-MM for one month",
)
def estate_ledger_view(
    request: HttpRequest,
    estate_id: Annotated[int, Path(..., ge=1, le=MAX_ID)],
    month: Annotated[str | None, Query(max_length=7, description="YYYY-MM")] = None,
) -> Any:
    user = acting_user(request)
    estate = estates_visible_to(user).filter(pk=estate_id).first()
    if estate is None:
        raise Http404
    qs = Entry.objects.filter(estate=estate, status=Entry.Status.APPROVED)
    first: datetime.date | None = None
    if month:
        if not _MONTH.match(month) or not (1 <= int(month[5:]) <= 12 and 2000 <= int(month[:4]) <= 2100):
            raise Http404
        first = datetime.date(int(month[:4]), int(month[5:]), 1)
        qs = qs.filter(occurred_on__gte=first, occurred_on__lt=next_month(first))
    totals = qs.aggregate(
        inc=Sum("amount", filter=Q(direction=Direction.INCOME)),
        exp=Sum("amount", filter=Q(direction=Direction.EXPENSE)),
    )
    income, expense = to_fen(totals["inc"] or 0), to_fen(totals["exp"] or 0)
    entries = [
        {
            "id": e.pk,
            "occurred_on": e.occurred_on,
            "category": e.category.name,
            "direction": e.direction,
            "amount": e.amount,
            "description": e.description,
            "corrects_id": e.corrects_id,
            "approved_by": e.approved_by.name if e.approved_by else "",
            "approved_at": e.approved_at,
        }
        for e in qs.select_related("category", "approved_by").order_by("occurred_on", "id")
    ]
    return {
        "estate_id": estate.pk,
        "estate": estate.name,
        "month": first.strftime("%Y-%m") if first else None,
        "income": income,
        "expense": expense,
        "balance": income - expense,
        "entries": entries,
    }
