"""What the pages of volunteer service share: the year and node filters, fetching a team, people as choices."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.scope import get_for, visible_to
from tongxin.platform.core.listing import int_param
from tongxin.platform.core.trees import node_choices
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level
from tongxin.volunteering.service import queries
from tongxin.volunteering.service.models import (
    VolunteerTeam,
)

FIRST_YEAR = 2000
MAX_CHOICES = 400
ROWS_PER_PAGE = 50


def _year(request: HttpRequest) -> int:
    year = int_param(request, "year")
    this = timezone.localdate().year
    return year if year is not None and FIRST_YEAR <= year <= this else this


def _years(year: int) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(this - 4, this + 1), year}, reverse=True)


def _node(request: HttpRequest) -> Area | None:
    node_id = int_param(request, "node")
    return get_for(request.user, Area, node_id) if node_id is not None else None


def _filter_nodes(user: Actor, selected: Area | None) -> list[tuple[int, str]]:
    qs = visible_to(Area.objects.filter(level__in=["district", "subdistrict", *COMMUNITY_LEVELS, Level.GRID]), user)
    return node_choices(qs, MAX_CHOICES, selected)


def team_for(user: Actor, pk: Any, *, lead: bool = False) -> VolunteerTeam:
    """The team, or 404 outside what the user sees; with `lead`, 403 unless they run it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    team = queries.teams_visible_to(user).select_related("area", "leader", "unit").filter(pk=pk).first()
    if team is None:
        raise Http404
    if lead and not queries.may_lead(user, team):
        raise PermissionDenied
    return team


def _resident_choices(residents: QuerySet[Any]) -> list[tuple[int, str]]:
    """Residents by name, labelled with their building and flat."""
    rows = residents.order_by("name_pinyin", "id").values_list(
        "pk", "name", "household__area__name", "household__number"
    )[:MAX_CHOICES]
    return [(pk, f"{name} · {building}{number}") for pk, name, building, number in rows]


def _member_choices(members: QuerySet[Any]) -> list[tuple[int, str]]:
    """Party members by name, labelled with their organization."""
    rows = members.order_by("name_pinyin", "id").values_list("pk", "name", "org__name")[:MAX_CHOICES]
    return [(pk, f"{name} · {org}") for pk, name, org in rows]
