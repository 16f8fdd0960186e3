"""Places (阵地) in the JSON API (mounted by tongxin/interfaces/api/main.py): the places a caller
may see, with ?kind=&community=, and one place with its hours, services, facilities and whether
it is open now.

Every read goes through `queries.places_visible_to` (Perm.VIEW over the place's area, or an area
below it); anything else answers 404.

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, PageDecorated, acting_user
from tongxin.registry.places.models import Place, PlaceKind
from tongxin.registry.places.queries import place_list, places_visible_to, with_states

router = Router(tags=["places"])


class PlaceOut(Schema):
    id: int
    kind: str
    name: str
    area_id: int
    area: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    hours: dict[str, list[list[str]]]
    hours_note: str
    closed_on_holidays: bool
    phone: str
    capacity: int | None
    unit_id: int | None
    active: bool
    open_now: bool

    @staticmethod
    def resolve_area(obj: Place) -> str:
        return obj.area.name

    @staticmethod
    def resolve_open_now(obj: Place) -> bool:
        return bool(obj.state.open)  # type: ignore[attr-defined]


class PlaceDetailOut(PlaceOut):
    services: list[str]
    facilities: list[str]
    description: str
    unit: str | None

    @staticmethod
    def resolve_unit(obj: Place) -> str | None:
        return obj.unit.name if obj.unit else None


def _states(rows: list[Place]) -> None:
    with_states(rows)


@router.get(
    "/places",
    response={200: list[PlaceOut], **ERRORS},
    url_name="places",
    operation_id="list_places",
    summary="Places (阵地): service centres, red harbours, convenience stations, day-care centres",
)
@paginate(ApiPagination)
def place_list_view(request: HttpRequest, kind: PlaceKind | None = None, community: int | None = None) -> Any:
    user = acting_user(request)
    # An id beyond the column would fail on PostgreSQL: it matches nothing instead.
    community = community if community is None or 0 < community <= MAX_ID else -1
    qs = place_list(user, kind=kind or "", community=community)
    return PageDecorated(qs, _states)


@router.get(
    "/places/{place_id}",
    response={200: PlaceDetailOut, **ERRORS},
    url_name="place",
    operation_id="get_place",
    summary="One place with its hours, services, facilities and whether it is open now",
)
def place_detail_view(request: HttpRequest, place_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    found = places_visible_to(user).select_related("area", "unit").filter(pk=place_id).first()
    if found is None:
        raise Http404
    return with_states([found])[0]
