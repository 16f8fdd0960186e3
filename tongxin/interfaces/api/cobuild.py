"""Resident units (驻区单位) and their contacts."""

from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from tongxin.interfaces.api.schemas import UnitOut
from tongxin.platform.web.api import ERRORS, ApiPagination, Text, acting_user, id_query, node_or_404, text_query
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact
from tongxin.registry.cobuild.queries import unit_list

router = Router(tags=["cobuild"])


@router.get(
    "/units",
    response={200: list[UnitOut], **ERRORS},
    url_name="units",
    operation_id="list_units",
    summary="Resident units",
)
@paginate(ApiPagination)
def unit_list_view(
    request: HttpRequest,
    node: Annotated[int | None, id_query("units in this area and below")] = None,
    kind: ResidentUnit.Kind | None = None,
    search: Annotated[
        Text | None, text_query("part of the name, the exact credit code, or a contact's name / phone")
    ] = None,
) -> Any:
    user = acting_user(request)
    qs = unit_list(user, node=node_or_404(user, Area, node), kind=kind or "", search=search or "")
    # One query for the contacts of the whole page, whatever its size.
    return qs.prefetch_related(Prefetch("contacts", queryset=UnitContact.objects.order_by("id")))
