"""Notices to households (通知) in the JSON API (mounted by tongxin/interfaces/api/main.py): the
notices a caller may see, each with `delivered` (households reached) and `total` (households
addressed), with ?status=; and one notice with reached / total per grid.

Every read goes through `queries.notices_visible_to`: those who run notices (Perm.CAMPAIGN) and
the subdistrict over the place; anything else answers 404.

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from tongxin.fieldwork.notices.models import Notice
from tongxin.fieldwork.notices.queries import grid_progress, notice_list, notices_visible_to, with_progress
from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, acting_user

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: int
    title: str
    text: str
    community_id: int
    area_id: int
    area: str
    audience: str
    care_category: str | None
    over_60: bool
    by_text: bool
    by_door: bool
    status: str
    sent_on: datetime.date | None
    delivered: int
    total: int

    @staticmethod
    def resolve_area(obj: Notice) -> str:
        return obj.area.name

    @staticmethod
    def resolve_care_category(obj: Notice) -> str | None:
        return obj.care_category.code if obj.care_category else None


class GridOut(Schema):
    grid_id: int | None
    grid: str
    delivered: int
    total: int


class NoticeDetailOut(NoticeOut):
    grids: list[GridOut]

    @staticmethod
    def resolve_grids(obj: Notice) -> list[dict[str, Any]]:
        return [
            {"grid_id": g["grid_id"], "grid": g["grid__name"] or "", "delivered": g["reached"], "total": g["total"]}
            for g in grid_progress(obj)
        ]


@router.get(
    "/notices",
    response={200: list[NoticeOut], **ERRORS},
    url_name="notices",
    operation_id="list_notices",
    summary="Notices to households (通知), each with households reached and addressed",
)
@paginate(ApiPagination)
def notice_list_view(request: HttpRequest, status: Notice.Status | None = None) -> Any:
    return notice_list(acting_user(request), status=status or "")


@router.get(
    "/notices/{notice_id}",
    response={200: NoticeDetailOut, **ERRORS},
    url_name="notice",
    operation_id="get_notice",
    summary="One notice to households with households reached per grid",
)
def notice_detail_view(request: HttpRequest, notice_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    found = with_progress(notices_visible_to(user).select_related("area", "care_category")).filter(pk=notice_id).first()
    if found is None:
        raise Http404
    return found
