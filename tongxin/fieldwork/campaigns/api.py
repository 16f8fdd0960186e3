"""Campaigns (专项行动) in the JSON API (mounted by tongxin/interfaces/api/main.py): the campaigns
a caller may see, each with `targets`, `checked` and `problems` (counted in the database with
the list), ?status=; and one campaign with its progress per grid of the targets the caller sees.

Every read goes through `queries.campaigns_visible_to`: the office and the subdistrict over the
community, a grid worker or building leader for the running campaigns with targets in their
place; anything else answers 404.

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from tongxin.fieldwork.campaigns.models import Campaign
from tongxin.fieldwork.campaigns.queries import campaign_list, campaigns_visible_to, grid_progress, with_counts
from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, acting_user

router = Router(tags=["campaigns"])


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    target_kind: str
    status: str
    community_id: int
    place_id: int
    place: str
    starts_on: datetime.date
    ends_on: datetime.date
    targets: int
    checked: int
    problems: int

    @staticmethod
    def resolve_place(obj: Campaign) -> str:
        return obj.place.name

    @staticmethod
    def resolve_targets(obj: Any) -> int:
        return int(obj.target_count)

    @staticmethod
    def resolve_checked(obj: Any) -> int:
        return int(obj.checked_count)

    @staticmethod
    def resolve_problems(obj: Any) -> int:
        return int(obj.problem_count)


class GridOut(Schema):
    grid_id: int
    grid: str
    targets: int
    checked: int
    problems: int
    cases_open: int


class CampaignDetailOut(CampaignOut):
    summary: str
    grids: list[GridOut]


@router.get(
    "/campaigns",
    response={200: list[CampaignOut], **ERRORS},
    url_name="campaigns",
    operation_id="list_campaigns",
    summary="Campaigns (专项行动) with their targets, checked and problems found",
)
@paginate(ApiPagination)
def campaign_list_view(request: HttpRequest, status: Campaign.Status | None = None) -> Any:
    user = acting_user(request)
    return campaign_list(user, status=status or "")


@router.get(
    "/campaigns/{campaign_id}",
    response={200: CampaignDetailOut, **ERRORS},
    url_name="campaign",
    operation_id="get_campaign",
    summary="One campaign with its progress per grid",
)
def campaign_detail_view(request: HttpRequest, campaign_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    found = with_counts(campaigns_visible_to(user).select_related("place")).filter(pk=campaign_id).first()
    if found is None:
        raise Http404
    found.grids = [  # type: ignore[attr-defined]
        {
            "grid_id": g["grid_id"],
            "grid": g["grid__name"],
            "targets": g["total"],
            "checked": g["checked"],
            "problems": g["problems"],
            "cases_open": g["cases_open"],
        }
        for g in grid_progress(user, found)
    ]
    return found
