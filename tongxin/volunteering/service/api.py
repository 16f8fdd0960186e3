"""Volunteer teams in the JSON API (mounted by tongxin/interfaces/api/main.py).

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, acting_user, id_query, node_or_404
from tongxin.registry.areas.models import Area
from tongxin.volunteering.service.models import Speciality
from tongxin.volunteering.service.queries import team_rows

router = Router(tags=["service"])


class TeamOut(Schema):
    id: int
    name: str
    speciality: str
    area: int
    area_name: str
    unit: int | None
    leader: str | None
    is_active: bool
    founded_on: datetime.date | None
    members: int
    hours_this_year: Decimal

    @staticmethod
    def resolve_area(obj: Any) -> int:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Any) -> str:
        return obj.area.name

    @staticmethod
    def resolve_unit(obj: Any) -> int | None:
        return obj.unit_id

    @staticmethod
    def resolve_leader(obj: Any) -> str | None:
        return obj.leader.name if obj.leader_id else None

    @staticmethod
    def resolve_hours_this_year(obj: Any) -> Decimal:
        return obj.year_hours


@router.get(
    "/teams",
    response={200: list[TeamOut], **ERRORS},
    url_name="teams",
    operation_id="list_volunteer_teams",
    summary="Volunteer teams (志愿服务队) with members and confirmed hours this year",
)
@paginate(ApiPagination)
def team_list_view(
    request: HttpRequest,
    node: Annotated[int | None, id_query("teams of this area and those under it")] = None,
    speciality: Speciality | None = None,
) -> Any:
    user = acting_user(request)
    return team_rows(
        user,
        node=node_or_404(user, Area, node),
        speciality=speciality or "",
        year=timezone.localdate().year,
    )


@router.get(
    "/teams/{team_id}",
    response={200: TeamOut, **ERRORS},
    url_name="team",
    operation_id="get_volunteer_team",
    summary="One volunteer team",
)
def team_view(request: HttpRequest, team_id: int) -> Any:
    user = acting_user(request)
    if not 1 <= team_id <= MAX_ID:
        raise Http404
    team = team_rows(user, year=timezone.localdate().year).filter(pk=team_id).first()
    if team is None:
        raise Http404
    return team
