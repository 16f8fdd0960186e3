"""Shared resources (资源清单) in the JSON API (mounted by tongxin/interfaces/api/main.py): the
resources a caller may see, with ?kind=&bookable=, and one resource.

Every read goes through `queries.resources_visible_to`: co-building staff and the subdistrict
over the place, a unit's contact for their own unit's resources; anything else answers 404.

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from tongxin.cobuilding.resources.models import Resource, ResourceKind
from tongxin.cobuilding.resources.queries import resource_list, resources_visible_to
from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, acting_user

router = Router(tags=["resources"])


class ResourceOut(Schema):
    id: int
    kind: str
    name: str
    community_id: int
    unit_id: int | None
    unit: str
    availability: str
    conditions: str
    bookable: bool
    capacity: int | None
    opens_at: datetime.time | None
    closes_at: datetime.time | None
    open_weekdays: str
    active: bool

    @staticmethod
    def resolve_unit(obj: Resource) -> str:
        return obj.unit.name if obj.unit else ""


class ResourceDetailOut(ResourceOut):
    description: str
    location: str
    quantity: Decimal | None
    measure: str
    commitment_id: int | None


@router.get(
    "/resources",
    response={200: list[ResourceOut], **ERRORS},
    url_name="resources",
    operation_id="list_resources",
    summary="Shared resources of resident units (资源清单)",
)
@paginate(ApiPagination)
def resource_list_view(request: HttpRequest, kind: ResourceKind | None = None, bookable: bool | None = None) -> Any:
    user = acting_user(request)
    return resource_list(user, kind=kind or "", bookable=bookable)


@router.get(
    "/resources/{resource_id}",
    response={200: ResourceDetailOut, **ERRORS},
    url_name="resource",
    operation_id="get_resource",
    summary="One shared resource",
)
def resource_detail_view(request: HttpRequest, resource_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    found = resources_visible_to(user).select_related("unit").filter(pk=resource_id).first()
    if found is None:
        raise Http404
    return found
