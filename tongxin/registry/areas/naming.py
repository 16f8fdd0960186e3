"""Places named so that two cannot be confused: "同心社区 第一网格", not "第一网格".

Grids, buildings and entrances repeat from one community to the next (five communities have a
第一网格 and most have a 1号楼), so wherever such a place is shown outside its community's own
page it carries the community's name. One query loads the names of every community; a page
asks it once (the template tag keeps the answer on the request).
"""

from __future__ import annotations

from typing import Any

from tongxin.platform.core.models import PATH_STEP
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level

# Below a community: these names repeat across communities.
QUALIFIED_LEVELS = frozenset({Level.GRID, Level.BUILDING, Level.ENTRANCE})


def community_names() -> dict[str, str]:
    """Every community's (and village's) path → name."""
    return dict(Area.objects.filter(level__in=COMMUNITY_LEVELS).values_list("path", "name"))


def community_name_of(path: str, names: dict[str, str]) -> str:
    """The name of the community above the node at `path` (or "" when there is none)."""
    for end in range(len(path) - PATH_STEP, 0, -PATH_STEP):
        name = names.get(path[:end])
        if name is not None:
            return name
    return ""


def place_name(name: str, path: str, level: str, names: dict[str, str]) -> str:
    """`name` with its community in front when the level's names repeat across communities."""
    if level not in QUALIFIED_LEVELS:
        return name
    community = community_name_of(path, names)
    return f"{community} {name}" if community else name


def area_place_name(area: Any, names: dict[str, str]) -> str:
    if area is None:
        return ""
    return place_name(area.name, area.path, area.level, names)
