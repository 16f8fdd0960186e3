"""The area tree and households."""

from typing import Annotated, Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Path, Router
from ninja.pagination import paginate

from tongxin.interfaces.api.schemas import AreaDetailOut, AreaOut, HouseholdOut
from tongxin.platform.access.models import User
from tongxin.platform.access.scope import get_for
from tongxin.platform.web.api import (
    ERRORS,
    MAX_ID,
    ApiPagination,
    PageDecorated,
    Text,
    acting_user,
    id_query,
    node_or_404,
    text_query,
)
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.areas.queries import area_children, areas_visible_to, subtree_counts
from tongxin.registry.people.queries import household_list

router = Router(tags=["areas"])


def attach_path_names(user: User, areas: list[Area]) -> None:
    """Name each area's ancestors, in one query for the whole page.

    Only ancestors the user may see are named: a grid worker's path starts at their grid,
    so the API does not describe the tree above their scope.
    """
    ancestor_ids = {pk for area in areas for pk in area.ancestor_ids()}
    names = dict(areas_visible_to(user).filter(pk__in=ancestor_ids).values_list("pk", "name")) if ancestor_ids else {}
    for area in areas:
        area.path_names = [names[pk] for pk in area.ancestor_ids() if pk in names]  # type: ignore[attr-defined]


@router.get(
    "/areas", response={200: list[AreaOut], **ERRORS}, url_name="areas", operation_id="list_areas", summary="Areas"
)
@paginate(ApiPagination)
def area_list_view(
    request: HttpRequest,
    parent: Annotated[int | None, id_query("only the direct children of this area")] = None,
    node: Annotated[int | None, id_query("this area and everything under it")] = None,
    level: Level | None = None,
    search: Annotated[Text | None, text_query("part of the name, or the exact code")] = None,
) -> Any:
    user = acting_user(request)
    qs: QuerySet[Area] = areas_visible_to(user)
    parent_area = node_or_404(user, Area, parent)
    if parent_area is not None:
        qs = qs.filter(parent=parent_area)
    node_area = node_or_404(user, Area, node)
    if node_area is not None:
        qs = qs.filter(path__startswith=node_area.path)
    if level:
        qs = qs.filter(level=level)
    term = (search or "").strip()
    if term:
        qs = qs.filter(Q(name__icontains=term) | Q(code=term))
    return PageDecorated(qs.order_by("path"), lambda rows: attach_path_names(user, rows))


@router.get(
    "/areas/{area_id}",
    response={200: AreaDetailOut, **ERRORS},
    url_name="area_detail",
    operation_id="get_area",
    summary="One area",
)
def area_detail_view(request: HttpRequest, area_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    area = get_for(user, Area, area_id)
    # Children of a visible area are inside the same subtree, hence visible too.
    area.child_list = list(area_children(area))  # type: ignore[attr-defined]
    area.counts = subtree_counts([area])[area.pk]  # type: ignore[attr-defined]
    attach_path_names(user, [area])
    return area


@router.get(
    "/households",
    response={200: list[HouseholdOut], **ERRORS},
    url_name="households",
    operation_id="list_households",
    summary="Households",
)
@paginate(ApiPagination)
def household_list_view(
    request: HttpRequest,
    node: Annotated[int | None, id_query("households in this area and below")] = None,
    category: Annotated[
        Text | None, text_query("care category code: households with such a resident", max_length=40)
    ] = None,
    search: Annotated[
        Text | None, text_query("door number, building name, or a resident's name / pinyin / exact number")
    ] = None,
) -> Any:
    user = acting_user(request)
    return household_list(user, node=node_or_404(user, Area, node), category=category or "", search=search or "")
