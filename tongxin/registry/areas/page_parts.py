"""Parts of a place's page, of a household's page, and marks on the area tree, that the
capabilities above the registry contribute (a building's star ratings, an estate's honours…).

The area pages cannot know every capability: an app registers here from its AppConfig.ready(),
so no lower layer imports it (as `tongxin.registry.party.own_life` does for a member's page).

- A page part is a template and a `build(obj)` giving its context, or None when it has nothing
  to show for that place or household; it costs a query or so, whatever the size of the place.
- A tree mark is a `marks(nodes)` giving, for the nodes of one level of the tree shown at once,
  short words to show beside a node's name ({node id: ["★★★★★ 五星"]}), in one query for all.
  Marks are words, never colour alone, and say nothing about a person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tongxin.registry.areas.models import Area, Household

_AREA_PARTS: list[tuple[str, Callable[[Area], dict[str, Any] | None]]] = []
_HOUSEHOLD_PARTS: list[tuple[str, Callable[[Household], dict[str, Any] | None]]] = []
_TREE_MARKS: dict[str, Callable[[list[Area]], dict[int, list[str]]]] = {}


def register_area_part(template: str, build: Callable[[Area], dict[str, Any] | None]) -> None:
    if all(t != template for t, _ in _AREA_PARTS):
        _AREA_PARTS.append((template, build))


def register_household_part(template: str, build: Callable[[Household], dict[str, Any] | None]) -> None:
    if all(t != template for t, _ in _HOUSEHOLD_PARTS):
        _HOUSEHOLD_PARTS.append((template, build))


def register_tree_marks(code: str, marks: Callable[[list[Area]], dict[int, list[str]]]) -> None:
    _TREE_MARKS[code] = marks


def area_parts(area: Area) -> list[tuple[str, dict[str, Any]]]:
    return [(t, ctx) for t, build in _AREA_PARTS if (ctx := build(area)) is not None]


def household_parts(household: Household) -> list[tuple[str, dict[str, Any]]]:
    return [(t, ctx) for t, build in _HOUSEHOLD_PARTS if (ctx := build(household)) is not None]


def tree_marks(nodes: list[Area]) -> dict[int, list[str]]:
    """Every registered mark of these nodes, by node id (a query per registered source at most)."""
    found: dict[int, list[str]] = {}
    if not nodes:
        return found
    for code in sorted(_TREE_MARKS):
        for pk, words in _TREE_MARKS[code](nodes).items():
            found.setdefault(pk, []).extend(words)
    return found
