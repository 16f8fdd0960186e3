"""The resident registry."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Router
from ninja.pagination import paginate

from tongxin.interfaces.api.schemas import ResidentOut
from tongxin.platform.access.scope import get_for
from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, Text, acting_user, id_query, node_or_404, text_query
from tongxin.registry.areas.models import Area
from tongxin.registry.people.queries import resident_list

router = Router(tags=["people"])


@router.get(
    "/residents",
    response={200: list[ResidentOut], **ERRORS},
    url_name="residents",
    operation_id="list_residents",
    summary="Residents",
)
@paginate(ApiPagination)
def resident_list_view(
    request: HttpRequest,
    node: Annotated[int | None, id_query("residents in this area and below")] = None,
    category: Annotated[Text | None, text_query("care category code", max_length=40)] = None,
    search: Annotated[
        Text | None, text_query("name, pinyin, pinyin initials (zs), or an exact ID / phone number")
    ] = None,
) -> Any:
    user = acting_user(request)
    return resident_list(user, node=node_or_404(user, Area, node), category=category or "", search=search or "")


@router.get(
    "/residents/{resident_id}",
    response={200: ResidentOut, **ERRORS},
    url_name="resident_detail",
    operation_id="get_resident",
    summary="One resident",
)
def resident_detail_view(request: HttpRequest, resident_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    return get_for(user, resident_list(user), resident_id)
