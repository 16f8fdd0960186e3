"""Activities in the JSON API (mounted by tongxin/interfaces/api/main.py at /api/v1/).

No `from __future__ import annotations`: django-ninja reads the parameter annotations at import.
"""

import datetime
from typing import Annotated, Any

from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from tongxin.platform.access.scope import get_for
from tongxin.platform.web.api import ERRORS, ApiPagination, acting_user, id_query, node_or_404
from tongxin.registry.areas.models import Area
from tongxin.volunteering.activities.models import Activity, Occurrence
from tongxin.volunteering.activities.queries import activities_visible_to
from tongxin.volunteering.service.models import VolunteerTeam

router = Router(tags=["activities"])

NEXT_DATES = 5
EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


class OccurrenceOut(Schema):
    id: int
    date: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int | None
    taken: int


class TeamRef(Schema):
    id: int
    name: str


class ActivityOut(Schema):
    id: int
    title: str
    description: str
    area: int
    area_name: str
    place: str
    start_time: datetime.time
    duration_minutes: int
    capacity: int | None
    first_date: datetime.date
    rrule: str
    until: datetime.date | None
    count: int | None
    skip_holidays: bool
    teams: list[TeamRef]
    next_occurrences: list[OccurrenceOut]

    @staticmethod
    def resolve_area(obj: Any) -> int:
        return obj.area_id

    @staticmethod
    def resolve_area_name(obj: Any) -> str:
        return obj.area.name

    @staticmethod
    def resolve_teams(obj: Any) -> list[Any]:
        return list(obj.teams.all())

    @staticmethod
    def resolve_next_occurrences(obj: Any) -> list[Any]:
        return list(obj.next_dates)


def _with_next(qs: Any) -> Any:
    coming = Occurrence.objects.filter(ends_at__gt=timezone.now(), cancelled_at__isnull=True).order_by("starts_at")
    return qs.select_related("area").prefetch_related(
        Prefetch("teams", queryset=VolunteerTeam.objects.only("pk", "name")),
        Prefetch("occurrences", queryset=coming[:NEXT_DATES], to_attr="next_dates"),
    )


@router.get(
    "/activities",
    response={200: list[ActivityOut], **ERRORS},
    url_name="activities",
    operation_id="list_activities",
    summary="Volunteer activities with their next dates",
)
@paginate(ApiPagination)
def activity_list_view(
    request: HttpRequest,
    node: Annotated[int | None, id_query("activities of this area and the areas under it")] = None,
    from_: Annotated[
        datetime.date | None, Query(None, alias="from", description="with a date on or after this day")
    ] = None,
    to: Annotated[datetime.date | None, Query(None, description="with a date on or before this day")] = None,
) -> Any:
    user = acting_user(request)
    for day in (from_, to):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise HttpError(400, "dates from 2000-01-01 to 2100-12-31")
    qs = activities_visible_to(user)
    area = node_or_404(user, Area, node)
    if area is not None:
        qs = qs.filter(area__path__startswith=area.path)
    if from_ is not None or to is not None:
        dates = Occurrence.objects.filter(activity=OuterRef("pk"), cancelled_at__isnull=True)
        if from_ is not None:
            dates = dates.filter(date__gte=from_)
        if to is not None:
            dates = dates.filter(date__lte=to)
        qs = qs.filter(Exists(dates))
    return _with_next(qs.order_by("area__path", "title", "id"))


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityOut, **ERRORS},
    url_name="activity",
    operation_id="get_activity",
    summary="One volunteer activity with its next dates",
)
def activity_detail_view(request: HttpRequest, activity_id: int) -> Any:
    user = acting_user(request)
    return get_for(user, _with_next(Activity.objects.all()), activity_id)
