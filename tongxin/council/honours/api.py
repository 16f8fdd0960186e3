"""Honours (评先评优) in the JSON API (mounted by tongxin/interfaces/api/main.py): awards with
their nominations and winners, through the scope gate (the office over the place, subdistrict
officers below them; nobody else sees any). A nominator's phone is never given, nor where a
public nominator said the nominee lives.

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from typing import Annotated, Any

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from tongxin.council.honours.models import Nomination
from tongxin.council.honours.queries import awards_visible_to
from tongxin.platform.web.api import ERRORS, ApiPagination, acting_user

router = Router(tags=["honours"])


class NominationOut(Schema):
    id: int
    nominee: str = Field(description="as the publicity names them: a name, a family as 张家, a team")
    state: str = Field(description="submitted, accepted, declined or winner")
    source: str = Field(description="staff, branch or public")
    decline_reason: str
    household: int | None
    resident: int | None
    party_member: int | None

    @staticmethod
    def resolve_nominee(obj: Any) -> str:
        return obj.display_name

    @staticmethod
    def resolve_household(obj: Any) -> int | None:
        return obj.household_id

    @staticmethod
    def resolve_resident(obj: Any) -> int | None:
        return obj.resident_id

    @staticmethod
    def resolve_party_member(obj: Any) -> int | None:
        return obj.party_member_id


class AwardOut(Schema):
    id: int
    name: str
    year: int
    round: str
    area: int
    area_name: str
    nominee_kind: str
    places: int
    state: str = Field(description="open, publicity or awarded")
    publicity_starts: datetime.datetime | None
    publicity_ends: datetime.datetime | None
    awarded_on: datetime.date | None
    nominations: list[NominationOut]
    winners: list[str] = Field(description="the winners' names, once awarded")

    @staticmethod
    def resolve_area(obj: Any) -> int:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Any) -> str:
        return obj.area.name

    @staticmethod
    def resolve_nominations(obj: Any) -> list[Any]:
        return list(obj.nominations.all())

    @staticmethod
    def resolve_winners(obj: Any) -> list[str]:
        return [n.display_name for n in obj.nominations.all() if n.state == "winner"]


@router.get(
    "/honours",
    response={200: list[AwardOut], **ERRORS},
    url_name="honours",
    operation_id="list_honours",
    summary="Awards (评先评优) with their nominations and winners",
)
@paginate(ApiPagination)
def honours_view(
    request: HttpRequest,
    year: Annotated[int | None, Query(None, ge=2000, le=2100, description="awards of this year")] = None,
) -> Any:
    user = acting_user(request)
    qs = awards_visible_to(user).prefetch_related(
        Prefetch("nominations", queryset=Nomination.objects.order_by("state", "display_name", "pk"))
    )
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "area__path", "name", "pk")
