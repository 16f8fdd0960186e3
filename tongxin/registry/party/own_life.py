"""Parts of a party member's own page (`/me/`) that the apps above this one contribute.

The member's page is put together at the top (`tongxin.interfaces.home`); an app that keeps
something of a member's year (in-service reporting, volunteer hours, pairings) registers a
part here from its AppConfig.ready(), so no lower layer imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tongxin.registry.party.models import PartyMember

# (template name, function(member, year) -> context or None when the part has nothing to show).
_PARTS: list[tuple[str, Callable[[PartyMember, int], dict[str, Any] | None]]] = []


def register_part(template: str, build: Callable[[PartyMember, int], dict[str, Any] | None]) -> None:
    if all(t != template for t, _ in _PARTS):
        _PARTS.append((template, build))


def parts_for(member: PartyMember, year: int) -> list[tuple[str, dict[str, Any]]]:
    """The registered parts that have something for this member and year, one query or so each."""
    parts = []
    for template, build in _PARTS:
        context = build(member, year)
        if context is not None:
            parts.append((template, context))
    return parts
