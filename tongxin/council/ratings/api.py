"""Star ratings (评星定级) in the JSON API (mounted by tongxin/interfaces/api/main.py): rounds with
their scheme and place, and one round with its results (each subject's score and level).

Every read goes through the scope gate, and only for those who read ratings (Perm.RECOGNISE,
or the subdistrict): the list holds only what the caller may see (empty for others), a round
outside it answers 404. Results name places and households by their door, never a person.

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate

from tongxin.council.ratings.models import RatingCriterion, RoundState
from tongxin.council.ratings.queries import live_results, rounds_visible_to
from tongxin.platform.access.scope import get_for
from tongxin.platform.web.api import ERRORS, MAX_ID, ApiPagination, acting_user, id_query
from tongxin.registry.areas.models import Area

router = Router(tags=["ratings"])


class RoundOut(Schema):
    id: int
    name: str
    scheme: int
    scheme_name: str
    subject_kind: str = Field(description="building, entrance, grid, estate or household")
    community: int
    community_name: str
    period_start: datetime.date
    period_end: datetime.date
    state: RoundState
    publicity_ends: datetime.datetime | None
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_scheme(obj: Any) -> int:
        return obj.scheme_id

    @staticmethod
    def resolve_scheme_name(obj: Any) -> str:
        return obj.scheme.name

    @staticmethod
    def resolve_subject_kind(obj: Any) -> str:
        return obj.scheme.subject_kind

    @staticmethod
    def resolve_community(obj: Any) -> int:
        return obj.scheme.community_id

    @staticmethod
    def resolve_community_name(obj: Any) -> str:
        return obj.scheme.community.name


class CriterionOut(Schema):
    name: str
    weight: Decimal
    max_score: Decimal


class ResultOut(Schema):
    subject: str = Field(description="the place (or a household's building and door) as it was when the round opened")
    area: int | None = Field(description="the building, entrance or grid rated")
    household: int | None
    estate: int | None
    scored: int = Field(description="criteria scored")
    score: Decimal | None = Field(description="weighted score out of 100 (as it stands while scoring)")
    level: str | None
    stars: int | None

    @staticmethod
    def resolve_subject(obj: Any) -> str:
        return obj.label

    @staticmethod
    def resolve_area(obj: Any) -> int | None:
        return obj.area_id

    @staticmethod
    def resolve_household(obj: Any) -> int | None:
        return obj.household_id

    @staticmethod
    def resolve_estate(obj: Any) -> int | None:
        return obj.estate_id

    @staticmethod
    def resolve_scored(obj: Any) -> int:
        return obj.n_scored

    @staticmethod
    def resolve_score(obj: Any) -> Decimal | None:
        return obj.live_score

    @staticmethod
    def resolve_level(obj: Any) -> str | None:
        return obj.live_level or None

    @staticmethod
    def resolve_stars(obj: Any) -> int | None:
        return obj.live_stars


class RoundDetailOut(RoundOut):
    criteria: list[CriterionOut]
    results: list[ResultOut]


def _rounds(user: Any) -> Any:
    return rounds_visible_to(user).select_related("scheme", "scheme__community").defer("scheme__community__outline")


@router.get(
    "/ratings/rounds",
    response={200: list[RoundOut], **ERRORS},
    url_name="rating_rounds",
    operation_id="list_rating_rounds",
    summary="Rating rounds (评星定级) with their scheme, place and state",
)
@paginate(ApiPagination)
def round_list_view(
    request: HttpRequest,
    state: RoundState | None = None,
    area: Annotated[int | None, id_query("rounds of this community or those under this place")] = None,
) -> Any:
    user = acting_user(request)
    qs = _rounds(user)
    if area is not None:
        place = get_for(user, Area, area)
        # The place's own community (a grid or building lies under it) or the communities under it.
        qs = qs.filter(
            Q(scheme__community__path__startswith=place.path) | Q(scheme__community__path__in=place.ancestor_paths())
        )
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-period_end", "scheme__community__path", "-id")


@router.get(
    "/ratings/rounds/{round_id}",
    response={200: RoundDetailOut, **ERRORS},
    url_name="rating_round",
    operation_id="get_rating_round",
    summary="One rating round with its criteria and every subject's score and level",
)
def round_detail_view(request: HttpRequest, round_id: Annotated[int, Path(..., ge=1, le=MAX_ID)]) -> Any:
    user = acting_user(request)
    rnd = get_for(user, _rounds(user), round_id)
    rnd.criteria = list(RatingCriterion.objects.filter(scheme_id=rnd.scheme_id).order_by("position"))
    rnd.results = list(live_results(rnd).order_by("position", "id"))
    return rnd
