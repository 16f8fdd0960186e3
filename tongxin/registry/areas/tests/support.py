"""Outlines for the test world's grids: three squares side by side, west to east.

grid1 [116.380, 116.390], grid2 [116.390, 116.400] (they share an edge), other_grid
[116.410, 116.420], all between 39.900 and 39.910 N.
"""

from __future__ import annotations

from typing import Any

SOUTH, NORTH = 39.900, 39.910
WEST = {"grid1": 116.380, "grid2": 116.390, "other_grid": 116.410}
SIDE = 0.010


def square(west: float, south: float, side: float = SIDE) -> dict[str, Any]:
    east, north = round(west + side, 6), round(south + side, 6)
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def inside(name: str) -> tuple[float, float]:
    """A (latitude, longitude) in the middle of a test grid's square."""
    return round(SOUTH + SIDE / 2, 6), round(WEST[name] + SIDE / 2, 6)


def give_outlines(world: Any) -> None:
    for name, west in WEST.items():
        grid = getattr(world, name)
        grid.outline = square(west, SOUTH)
        grid.save(update_fields=["outline"])


# A bow tie: its ring crosses itself.
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [[[116.38, 39.90], [116.39, 39.91], [116.39, 39.90], [116.38, 39.91], [116.38, 39.90]]],
}
