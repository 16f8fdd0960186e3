"""Co-building agreements (共建协议) in the JSON API (mounted by tongxin/interfaces/api/main.py):
the agreements a caller may see, with ?year=&unit=&status=, and one agreement with its
commitments, each with what was delivered and what remains (summed in the database).

Every read goes through `queries.agreements_visible_to`: co-building staff and the subdistrict
over the place, a unit's contact for their own unit; anything else answers 404.

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from tongxin.cobuilding.agreements.models import Agreement
from tongxin.cobuilding.agreements.queries import agreement_list, agreements_visible_to, progress_rows
from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, acting_user

router = Router(tags=["agreements"])


class AgreementOut(Schema):
    id: int
    title: str
    year: int
    unit_id: int
    unit: str
    community_id: int
    starts_on: datetime.date
    ends_on: datetime.date
    status: str
    signed_on: datetime.date | None

    @staticmethod
    def resolve_unit(obj: Agreement) -> str:
        return obj.unit.name


class CommitmentOut(Schema):
    id: int
    kind: str
    description: str
    quantity: Decimal
    measure: str
    delivered: Decimal
    remaining: Decimal


class AgreementDetailOut(AgreementOut):
    commitments: list[CommitmentOut]

    @staticmethod
    def resolve_commitments(obj: Agreement) -> list[dict[str, Any]]:
        return [
            {
                "id": c.pk,
                "kind": c.kind,
                "description": c.description,
                "quantity": c.quantity,
                "measure": c.measure_label,
                "delivered": c.delivered,
                "remaining": max(c.remaining, Decimal("0")),
            }
            for c in progress_rows(obj.commitments.all())
        ]


@router.get(
    "/agreements",
    response={200: list[AgreementOut], **ERRORS},
    url_name="agreements",
    operation_id="list_agreements",
    summary="Co-building agreements (共建协议)",
)
@paginate(ApiPagination)
def agreement_list_view(
    request: HttpRequest,
    year: int | None = None,
    unit: int | None = None,
    status: Agreement.Status | None = None,
) -> Any:
    user = acting_user(request)
    # Out-of-range filters match nothing (an id beyond the column would fail on PostgreSQL).
    year = year if year is None or 0 < year < 10000 else -1
    unit = unit if unit is None or 0 < unit <= MAX_ID else -1
    return agreement_list(user, year=year, unit=unit, status=status or "")


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementDetailOut, **ERRORS},
    url_name="agreement",
    operation_id="get_agreement",
    summary="One co-building agreement with its commitments, delivered and remaining",
)
def agreement_detail_view(request: HttpRequest, agreement_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    found = agreements_visible_to(user).select_related("unit").filter(pk=agreement_id).first()
    if found is None:
        raise Http404
    return found
