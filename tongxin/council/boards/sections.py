"""Sections of a community's public board (公示栏), registered by the capabilities that fill them.

The board of a community or village (`/public/boards/<community id>/`) is read without an
account, on a phone and on a lobby screen. It cannot know every capability: ratings, honours,
the good-deeds wall, the member information board… each registers a `Section` here from its
AppConfig.ready(), so the boards never import them (pyproject's council layers).

A section's `build(community, year)` returns the context of its template, or None when it has
nothing to show for that community (the board leaves it out). A section with a chooser of its
own (the member information board's courtyard or branch) gives `build_for(community, year,
params)` instead, with the page's query parameters. It runs a fixed number of
queries whatever the size of the community, and shows nothing a resident may not read:
never a personal number, a photo only where the person consented.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from tongxin.registry.areas.models import Area


@dataclass(frozen=True)
class Section:
    code: str  # stable and unique ("honours", "ratings", "deeds", "members"): anchors and tests
    label: str | Promise  # the section's heading on the board
    template: str  # rendered with the context `build` returns
    build: Callable[[Area, int], dict[str, Any] | None]
    order: int = 50  # lower first
    # Used instead of `build` when given: also receives the page's query parameters.
    build_for: Callable[[Area, int, Mapping[str, str]], dict[str, Any] | None] | None = None


SECTIONS: dict[str, Section] = {}


def register(section: Section) -> Section:
    SECTIONS[section.code] = section
    return section


def sections_for(
    community: Area, year: int, params: Mapping[str, str] | None = None
) -> list[tuple[Section, dict[str, Any]]]:
    """The registered sections with something to show for this community and year, in order."""
    shown = []
    for section in sorted(SECTIONS.values(), key=lambda s: (s.order, s.code)):
        if section.build_for is not None:
            context = section.build_for(community, year, params or {})
        else:
            context = section.build(community, year)
        if context is not None:
            shown.append((section, context))
    return shown
