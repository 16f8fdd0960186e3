"""Scoped reads of places, and what the public may read of them.

Staff read the places of the areas they look after (Perm.VIEW), and also those of the areas
above theirs: a grid worker's residents use the community's service centre, which belongs to the
community, not to the grid. The public reads active places only, and only what is public: never
who uploaded a photo, never a photo marked for staff.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.calendar.days import is_official_holiday
from tongxin.platform.core.models import PATH_STEP
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area
from tongxin.registry.places.hours import OpenState, open_state
from tongxin.registry.places.models import Place, PlacePhoto


def _ancestors(path: str) -> list[str]:
    return [path[: i + PATH_STEP] for i in range(0, len(path) - PATH_STEP, PATH_STEP)]


def places_visible_to(user: Actor) -> QuerySet[Place]:
    scope = scope_for(user)
    visible = visible_to(Place.objects.all(), user)
    if scope.user_id is None or scope.is_admin:
        return visible
    above = sorted({a for prefix in scope.prefixes(AREA, Perm.VIEW) for a in _ancestors(prefix)})
    if not above:
        return visible
    return (visible | Place.objects.filter(area__path__in=above)).distinct()


def may_edit(user: Actor, area: Area) -> bool:
    """Who keeps the places of an area: admin, the subdistrict and the community (Perm.EDIT_TREE)."""
    return scope_for(user).allows_path(Perm.EDIT_TREE, AREA, area.path)


def editable_areas(user: Actor) -> QuerySet[Area]:
    """The areas a place may be put under by this user: subdistricts, communities, villages, grids."""
    return visible_to(
        Area.objects.filter(level__in=["subdistrict", "community", "village", "grid"]), user, Perm.EDIT_TREE
    )


def place_list(
    user: Actor, *, path: str = "", kind: str = "", active: bool | None = None, community: int | None = None
) -> QuerySet[Place]:
    qs = places_visible_to(user).select_related("area", "unit")
    if path:
        qs = qs.filter(area__path__startswith=path)
    if community:
        qs = qs.filter(area_id__in=_community_and_below(community))
    if kind:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(active=active)
    return qs.annotate(photo_count=Count("photos", distinct=True)).order_by("area__path", "kind", "name", "id")


def _community_and_below(community: int) -> QuerySet[Area]:
    found = Area.objects.filter(pk=community).values_list("path", flat=True).first()
    if found is None:
        return Area.objects.none()
    return Area.objects.filter(path__startswith=found).values("pk")  # type: ignore[return-value]


def kind_counts(qs: QuerySet[Place]) -> dict[str, int]:
    return {k: n for k, n in qs.order_by().values_list("kind").annotate(n=Count("pk", distinct=True))}


def holiday_today(at: datetime.datetime | None = None) -> bool:
    return is_official_holiday(timezone.localtime(at).date() if at else timezone.localdate())


def state_of(place: Place, at: datetime.datetime | None = None, *, holiday: bool | None = None) -> OpenState:
    """Open now or closed now, and what comes next, in words."""
    if holiday is None:
        holiday = holiday_today(at)
    return open_state(place.hours, at, holiday=holiday, closed_on_holidays=place.closed_on_holidays)


def with_states(places: list[Place], at: datetime.datetime | None = None) -> list[Place]:
    """Each place with `.state` (OpenState), the holiday looked up once for all."""
    holiday = holiday_today(at)
    for p in places:
        p.state = state_of(p, at, holiday=holiday)  # type: ignore[attr-defined]
    return places


def public_places(community: Area) -> QuerySet[Place]:
    """The active places of a community and of the areas under it, with their public photos."""
    return (
        Place.objects.filter(active=True, area__path__startswith=community.path)
        .select_related("area")
        .prefetch_related(Prefetch("photos", queryset=PlacePhoto.objects.filter(public=True).order_by("id")))
        .order_by("kind", "name", "id")
    )


def public_place(pk: Any) -> Place | None:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < key < 2**62:
        return None
    return (
        Place.objects.filter(pk=key, active=True)
        .select_related("area")
        .prefetch_related(Prefetch("photos", queryset=PlacePhoto.objects.filter(public=True).order_by("id")))
        .first()
    )


def community_of(place: Place) -> Area | None:
    """The community (or village) a place serves: its area or the one above it."""
    from tongxin.registry.areas.models import COMMUNITY_LEVELS

    if place.area.level in COMMUNITY_LEVELS:
        return place.area
    return Area.objects.filter(path__in=_ancestors(place.area.path), level__in=COMMUNITY_LEVELS).first()


def located_places(user: Actor, path: str = "") -> QuerySet[Place]:
    """Active places with a map point, for the case map (one query)."""
    qs = places_visible_to(user).filter(active=True, latitude__isnull=False, longitude__isnull=False)
    if path:
        qs = qs.filter(Q(area__path__startswith=path) | Q(area__path__in=_ancestors(path)))
    return qs.order_by("kind", "name", "id")
