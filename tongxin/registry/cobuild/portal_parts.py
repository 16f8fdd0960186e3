"""Parts of a unit's own portal (/unit/, 单位工作台): what a unit contact sees of their unit.

The portal page (`tongxin.interfaces.portal`) cannot know every capability: the co-building apps
(needs open to claim, the unit's projects, bookings to approve, its agreement and what it
delivered) and the party side (the unit's members who reported in and their confirmed hours)
each register a part here from their AppConfig.ready(), so no lower layer imports them.

A part is a template and a `build(user, units)` giving its context, or None when it has nothing
to show; `units` are the units the contact answers for (`queries.units_answered_by`), never
empty when the portal asks. A part costs a fixed number of queries whatever the unit's size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tongxin.platform.access.actor import Actor
from tongxin.registry.cobuild.models import ResidentUnit

Build = Callable[[Actor, list[ResidentUnit]], dict[str, Any] | None]


@dataclass(frozen=True)
class PortalPart:
    code: str  # stable and unique ("projects.mine"): tests and the page's data attribute
    template: str
    build: Build
    order: int = 50  # lower first: what waits for the unit before what it can read


_PARTS: dict[str, PortalPart] = {}


def register_portal_part(code: str, template: str, build: Build, *, order: int = 50) -> None:
    _PARTS[code] = PortalPart(code=code, template=template, build=build, order=order)


def portal_parts(user: Actor, units: list[ResidentUnit]) -> list[tuple[PortalPart, dict[str, Any]]]:
    found = []
    for part in sorted(_PARTS.values(), key=lambda p: (p.order, p.code)):
        context = part.build(user, units)
        if context is not None:
            found.append((part, context))
    return found
