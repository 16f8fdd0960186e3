"""Parts of a resident's page that the capabilities above the registry contribute (a resident's
honours, …), as `tongxin.registry.areas.page_parts` does for places and households.

A part is a template and a `build(resident)` giving its context, or None when it has nothing to
show for that resident; it costs a query or so. An app registers from its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tongxin.registry.people.models import Resident

_RESIDENT_PARTS: list[tuple[str, Callable[[Resident], dict[str, Any] | None]]] = []


def register_resident_part(template: str, build: Callable[[Resident], dict[str, Any] | None]) -> None:
    if all(t != template for t, _ in _RESIDENT_PARTS):
        _RESIDENT_PARTS.append((template, build))


def resident_parts(resident: Resident) -> list[tuple[str, dict[str, Any]]]:
    return [(t, ctx) for t, build in _RESIDENT_PARTS if (ctx := build(resident)) is not None]
