"""The community's public page part: its places with kind, address, opening hours and "open now",
each linking to the place's public page. Nothing personal: an office's phone at most."""

from __future__ import annotations

from typing import Any

from tongxin.registry.areas.models import Area
from tongxin.registry.areas.public_parts import register_public_part
from tongxin.registry.places.hours import week_summary
from tongxin.registry.places.models import Place, PlaceKind
from tongxin.registry.places.queries import with_states


def community_places(community: Area) -> dict[str, Any] | None:
    """Two queries whatever the number of places (the places, the holiday calendar at most)."""
    places = list(Place.objects.filter(active=True, area__path__startswith=community.path))
    if not places:
        return None
    # In the order of the kinds' list: the service centre first.
    order = {kind: i for i, kind in enumerate(PlaceKind.values)}
    places.sort(key=lambda p: (order.get(p.kind, 99), p.name, p.pk))
    for p in with_states(places):
        p.summary = week_summary(p.hours or {}, open_only=True)  # type: ignore[attr-defined]
    return {"places": places}


def register_parts() -> None:
    register_public_part("places.list", "places/_public_part.html", community_places, order=20)
