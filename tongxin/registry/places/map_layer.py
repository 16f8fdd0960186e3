"""The places (阵地) as a layer of the case map (tongxin.grid.cases.map_views): GeoJSON points with
the name, kind, hours and open now. One query (and the holiday calendar), whatever their number."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tongxin.platform.access.actor import Actor
from tongxin.registry.places.hours import week_summary
from tongxin.registry.places.queries import located_places, with_states

# Far more than a subdistrict has; the map stays light whatever is typed in.
MAX_PLACES = 500


def place_features(user: Actor, path: str = "") -> list[dict[str, Any]]:
    places = with_states(list(located_places(user, path)[:MAX_PLACES]))
    return [
        {
            "type": "Feature",
            "id": f"place-{p.pk}",
            "geometry": {"type": "Point", "coordinates": [float(p.longitude or 0), float(p.latitude or 0)]},
            "properties": {
                "kind": "place",
                "id": p.pk,
                "name": p.name,
                "place_kind": p.kind,
                "place_kind_label": str(p.get_kind_display()),
                "open": p.state.open,  # type: ignore[attr-defined]
                "open_words": p.state.words,  # type: ignore[attr-defined]
                "hours": [f"{label} {text}" for label, text in week_summary(p.hours or {}, open_only=True)],
                "hours_note": p.hours_note,
                "address": p.address,
                "url": reverse("places:place", args=[p.pk]),
            },
        }
        for p in places
    ]
