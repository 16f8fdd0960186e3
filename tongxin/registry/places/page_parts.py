"""Parts of a place's page that the capabilities above the registry contribute (the rooms that
co-building's booking calendar serves, with a link to each room's calendar).

The places pages cannot know every capability: an app registers here from its
AppConfig.ready(), so the registry never imports it (as tongxin.registry.areas.page_parts does
for an area's page).

A part is a template and a `build(place, user)` giving its context, or None when it has nothing
to show for that place. `user` is None on the public place page: a part shows the public only
what anyone may read, and never offers a link a user cannot open. It costs a query or so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tongxin.registry.places.models import Place

Build = Callable[[Place, Any], dict[str, Any] | None]

_PARTS: dict[str, tuple[str, Build]] = {}


def register_place_part(code: str, template: str, build: Build) -> None:
    _PARTS[code] = (template, build)


def place_parts(place: Place, user: Any = None) -> list[tuple[str, str, dict[str, Any]]]:
    """(code, template, context) of every part with something to show, in the order of their codes."""
    found = []
    for code in sorted(_PARTS):
        template, build = _PARTS[code]
        context = build(place, user)
        if context is not None:
            found.append((code, template, context))
    return found
