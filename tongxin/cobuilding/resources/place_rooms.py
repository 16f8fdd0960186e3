"""The rooms of a place (阵地) on its page: the venues of the shared resources that name the place,
each with a link to its booking calendar for whoever may open it (co-building staff, the
subdistrict, the unit's contact). The public and other staff see the rooms without the link.

Registered in tongxin.registry.places.page_parts from this app's AppConfig.ready(): the
registry never imports co-building. Two queries at most, whatever the number of rooms.
"""

from __future__ import annotations

from typing import Any

from tongxin.cobuilding.agreements.queries import reads_cobuild
from tongxin.cobuilding.resources.models import Resource
from tongxin.cobuilding.resources.queries import resources_visible_to
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import scope_for
from tongxin.registry.places.models import Place
from tongxin.registry.places.page_parts import register_place_part


def place_rooms(place: Place, user: Any) -> dict[str, Any] | None:
    rooms = list(Resource.objects.filter(place=place, active=True).order_by("name", "id"))
    if not rooms:
        return None
    opens: set[int] = set()
    if user is not None and user.is_authenticated:
        if reads_cobuild(user) or Role.UNIT_CONTACT in scope_for(user).roles:
            opens = set(resources_visible_to(user).filter(place=place).values_list("pk", flat=True))
    for room in rooms:
        room.calendar_open = room.bookable and room.pk in opens  # type: ignore[attr-defined]
    return {"rooms": rooms, "public": user is None}


def register_parts() -> None:
    register_place_part("resources.rooms", "resources/_place_rooms.html", place_rooms)
