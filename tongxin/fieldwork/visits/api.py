"""Door-to-door visits in the JSON API (mounted by tongxin/interfaces/api/main.py).

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
Visitors appear by the name kept on the visit; residents met by name only (no personal numbers).
"""

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from tongxin.fieldwork.visits.models import Visit
from tongxin.fieldwork.visits.queries import visit_for, visit_list
from tongxin.platform.web.api import ERRORS, ApiPagination, acting_user, id_query, node_or_404
from tongxin.registry.areas.models import Area, Household

router = Router(tags=["visits"])


class VisitOut(Schema):
    id: int
    household: int
    household_label: str
    grid: int | None
    visited_on: datetime.date
    visitor_name: str
    visitor_kind: str
    way: str
    findings: str
    needs: str
    case: str | None
    facts_checked: bool

    @staticmethod
    def resolve_household(obj: Visit) -> int:
        return obj.household_id

    @staticmethod
    def resolve_household_label(obj: Visit) -> str:
        return f"{obj.household.area.name} {obj.household.number}"

    @staticmethod
    def resolve_grid(obj: Visit) -> int | None:
        return obj.household.grid_id

    @staticmethod
    def resolve_case(obj: Visit) -> str | None:
        return obj.case.tracking_code if obj.case_id else None


class VisitDetailOut(VisitOut):
    residents_met: list[str]
    others_met: str
    confirmed: list[str]

    @staticmethod
    def resolve_residents_met(obj: Visit) -> list[str]:
        return [r.name for r in obj.residents_met.order_by("id")]

    @staticmethod
    def resolve_confirmed(obj: Visit) -> list[str]:
        return [c.code for c in obj.confirmed_categories.all()]


@router.get(
    "/visits",
    response={200: list[VisitOut], **ERRORS},
    url_name="visits",
    operation_id="list_visits",
    summary="Door-to-door visits (大走访), newest first",
)
@paginate(ApiPagination)
def visit_list_view(
    request: HttpRequest,
    node: Annotated[int | None, id_query("visits to households under this area")] = None,
    household: Annotated[int | None, id_query("visits to this household")] = None,
    date_from: Annotated[
        datetime.date | None, Query(None, alias="from", description="visited on or after (YYYY-MM-DD)")
    ] = None,
    date_to: Annotated[
        datetime.date | None, Query(None, alias="to", description="visited on or before (YYYY-MM-DD)")
    ] = None,
) -> Any:
    user = acting_user(request)
    return visit_list(
        user,
        node=node_or_404(user, Area, node),
        household=node_or_404(user, Household, household),
        start=date_from,
        end=date_to,
    )


@router.get(
    "/visits/{visit_id}",
    response={200: VisitDetailOut, **ERRORS},
    url_name="visit",
    operation_id="get_visit",
    summary="One visit",
)
def visit_detail_view(request: HttpRequest, visit_id: int) -> Any:
    return visit_for(acting_user(request), visit_id)
