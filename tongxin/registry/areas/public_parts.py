"""Parts of a community's public page (/public/community/<id>/), registered by the capabilities
that fill them.

The page is read without an account, on a phone, by residents. It cannot know every capability:
who is on duty today at the front desk (rosters), the community's places with their opening
hours (places), the estates' ledgers published to owners (estates)… each registers a part here
from its AppConfig.ready(), so the public interface never imports them.

A part is a template and a `build(community)` giving its context, or None when it has nothing
to show for that community (the page leaves it out). It runs a fixed number of queries whatever
the size of the community, and shows nothing a resident may not read: never a personal number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tongxin.registry.areas.models import Area

Build = Callable[[Area], dict[str, Any] | None]


@dataclass(frozen=True)
class PublicPart:
    code: str  # stable and unique ("rosters.today"): tests and the page's anchors
    template: str
    build: Build
    order: int = 50  # lower first


_PARTS: dict[str, PublicPart] = {}


def register_public_part(code: str, template: str, build: Build, *, order: int = 50) -> None:
    _PARTS[code] = PublicPart(code=code, template=template, build=build, order=order)


def public_parts(community: Area) -> list[tuple[PublicPart, dict[str, Any]]]:
    found = []
    for part in sorted(_PARTS.values(), key=lambda p: (p.order, p.code)):
        context = part.build(community)
        if context is not None:
            found.append((part, context))
    return found
