"""Plausible grid outlines for the demo: every subdistrict a block of neighbouring grids.

A subdistrict is a rectangle split into community blocks (a squarified treemap, so a block's
area follows its number of grids), each block into rows of grids of equal area. The whole
lattice is then bent by a gentle smooth warp so the map looks drawn rather than ruled. The
warp is one-to-one (each axis moves by a function of the other axis only, with slopes whose
product stays below 1), and neighbouring grids share exactly the same vertices along their
common edge (T-junctions and regular densification points included), so outlines never
overlap and leave no slivers. Subdistricts are set apart by a road-wide gap.

Coordinates are computed in integer micro-degrees so that a boundary shared by two grids is
the same number on both sides; nothing here draws from the seed's random stream, so adding
outlines changes no other demo data.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from functools import lru_cache
from typing import Any

from shapely.geometry import Point, shape

from tongxin.interfaces.demo.seed.config import PLANS

UNIT = 1e-6  # degrees per integer unit
# The first subdistrict is centred on 116.39° E, 39.91° N (central Beijing).
CENTRE = (116_390_000, 39_910_000)
SUB_W, SUB_H = 30_000, 20_000  # ≈ 2.6 km × 2.2 km
SUB_GAP = 1_500  # ≈ 130 m: the arterial road between two subdistricts
SUBS_PER_ROW = 4
DISTRICT_GAP = 8_000
# Densify edges at multiples of this (≈ 45 m), so the warp shows as gentle curves.
STEP = 500
# The warp: amplitude and wavelength in units. Its slope per axis stays under 0.4, so the
# product of the two is under 1 and the warp is one-to-one.
WARP_A, WARP_L = 180, 6_000

Rect = tuple[int, int, int, int]  # x0, y0, x1, y1 with x0 < x1, y0 < y1 (y grows north)


def community_outlines(district: int, subdistrict: int, community: int, grids: int) -> list[dict[str, Any]]:
    """GeoJSON Polygons for the grids of one community (indexes from 0; `community` in PLANS order)."""
    counts = tuple(plan.grids for plan in PLANS)
    if community >= len(counts) or counts[community] != grids:
        counts = (*counts[:community], grids)
    return list(subdistrict_outlines(district, subdistrict, counts)[community])


@lru_cache(maxsize=16)
def subdistrict_outlines(district: int, subdistrict: int, counts: tuple[int, ...]) -> list[list[dict[str, Any]]]:
    """Per community, per grid: the outline of every grid of one subdistrict."""
    x0, y0 = _subdistrict_origin(district, subdistrict)
    rng = random.Random(f"outlines-{district}-{subdistrict}")
    blocks = _treemap([float(n) for n in counts], (x0, y0, x0 + SUB_W, y0 + SUB_H))
    cells = [_split_block(block, n, rng) for block, n in zip(blocks, counts, strict=True)]
    corners_on_h: dict[int, set[int]] = defaultdict(set)  # y → x of every corner on that line
    corners_on_v: dict[int, set[int]] = defaultdict(set)  # x → y
    for community in cells:
        for cx0, cy0, cx1, cy1 in community:
            for x in (cx0, cx1):
                for y in (cy0, cy1):
                    corners_on_h[y].add(x)
                    corners_on_v[x].add(y)
    return [[_polygon(cell, corners_on_h, corners_on_v) for cell in community] for community in cells]


def _subdistrict_origin(district: int, subdistrict: int) -> tuple[int, int]:
    """South-west corner: subdistricts in rows of four, districts side by side in rows of four."""
    sub_rows = 3  # room for ten subdistricts a district
    district_w = SUBS_PER_ROW * (SUB_W + SUB_GAP) + DISTRICT_GAP
    district_h = sub_rows * (SUB_H + SUB_GAP) + DISTRICT_GAP
    x = CENTRE[0] - SUB_W // 2 + (district % 4) * district_w + (subdistrict % SUBS_PER_ROW) * (SUB_W + SUB_GAP)
    y = CENTRE[1] - SUB_H // 2 - (district // 4) * district_h - (subdistrict // SUBS_PER_ROW) * (SUB_H + SUB_GAP)
    return x, y


def _treemap(weights: list[float], rect: Rect) -> list[Rect]:
    """Squarified treemap (Bruls et al.): one rectangle per weight, in order, areas ∝ weights."""
    out: list[Rect | None] = [None] * len(weights)
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    _squarify(order, weights, rect, out)
    return [r for r in out if r is not None]


def _squarify(items: list[int], weights: list[float], rect: Rect, out: list[Rect | None]) -> None:
    x0, y0, x1, y1 = rect
    if not items:
        return
    if len(items) == 1:
        out[items[0]] = rect
        return
    total = sum(weights[i] for i in items)
    w, h = x1 - x0, y1 - y0
    side = min(w, h)
    row: list[int] = []
    best = math.inf
    for i in items:
        trial = [*row, i]
        areas = [weights[j] / total * w * h for j in trial]
        s = sum(areas)
        # The worst aspect ratio in the row: each item is `a·side/s` long and `s/side` thick.
        worst = max(max(a * side * side / (s * s), s * s / (a * side * side)) for a in areas)
        if row and worst > best:
            break
        row, best = trial, worst
    share = sum(weights[j] for j in row) / total
    rest = items[len(row) :]
    if w >= h:  # the row is a column on the west side
        cut = x1 if not rest else x0 + round(w * share)
        _stack([(i, weights[i]) for i in row], (x0, y0, cut, y1), vertical=True, out=out)
        _squarify(rest, weights, (cut, y0, x1, y1), out)
    else:  # a row along the north side
        cut = y0 if not rest else y1 - round(h * share)
        _stack([(i, weights[i]) for i in row], (x0, cut, x1, y1), vertical=False, out=out)
        _squarify(rest, weights, (x0, y0, x1, cut), out)


def _stack(items: list[tuple[int, float]], rect: Rect, *, vertical: bool, out: list[Rect | None]) -> None:
    x0, y0, x1, y1 = rect
    total = sum(wt for _i, wt in items)
    done = 0.0
    for index, (i, wt) in enumerate(items):
        last = index == len(items) - 1
        if vertical:  # stacked north to south
            top = y1 - round((y1 - y0) * done / total)
            bottom = y0 if last else y1 - round((y1 - y0) * (done + wt) / total)
            out[i] = (x0, bottom, x1, top)
        else:  # side by side west to east
            left = x0 + round((x1 - x0) * done / total)
            right = x1 if last else x0 + round((x1 - x0) * (done + wt) / total)
            out[i] = (left, y0, right, y1)
        done += wt


def _split_block(block: Rect, n: int, rng: random.Random) -> list[Rect]:
    """A community block as rows of grids, north to south, west to east; areas nearly equal."""
    x0, y0, x1, y1 = block
    w, h = x1 - x0, y1 - y0
    cols = max(1, min(n, round(math.sqrt(n * w / h))))
    rows = math.ceil(n / cols)
    per_row = [n // rows + (1 if r < n % rows else 0) for r in range(rows)]
    cells: list[Rect] = []
    # Row heights follow the number of grids in the row, give or take a little.
    weights = [count * rng.uniform(0.85, 1.15) for count in per_row]
    top, done = y1, 0.0
    for r, count in enumerate(per_row):
        done += weights[r]
        bottom = y0 if r == rows - 1 else y1 - round(h * done / sum(weights))
        widths = [rng.uniform(0.8, 1.2) for _ in range(count)]
        left, acc = x0, 0.0
        for c in range(count):
            acc += widths[c]
            right = x1 if c == count - 1 else x0 + round(w * acc / sum(widths))
            cells.append((left, bottom, right, top))
            left = right
        top = bottom
    return cells


def _edge(start: int, end: int, stops: set[int]) -> list[int]:
    """Positions along an edge from start towards end (end excluded): corners and densification."""
    low, high = min(start, end), max(start, end)
    points = {p for p in stops if low < p < high}
    points |= set(range((low // STEP + 1) * STEP, high, STEP))
    return [start, *sorted(points, reverse=end < start)]


def _polygon(cell: Rect, on_h: dict[int, set[int]], on_v: dict[int, set[int]]) -> dict[str, Any]:
    x0, y0, x1, y1 = cell
    ring: list[tuple[int, int]] = []
    # Counter-clockwise, as RFC 7946 asks of an exterior ring: south, east, north, west edges.
    ring += [(x, y0) for x in _edge(x0, x1, on_h[y0])]
    ring += [(x1, y) for y in _edge(y0, y1, on_v[x1])]
    ring += [(x, y1) for x in _edge(x1, x0, on_h[y1])]
    ring += [(x0, y) for y in _edge(y1, y0, on_v[x0])]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [[_warp(x, y) for x, y in ring]]}


def _warp(x: int, y: int) -> list[float]:
    k = 2 * math.pi / WARP_L
    dx = WARP_A * math.sin(k * y + 0.7) + 0.5 * WARP_A * math.sin(0.37 * k * y + 2.1)
    dy = WARP_A * math.sin(k * x + 1.9) + 0.5 * WARP_A * math.sin(0.43 * k * x + 0.4)
    return [round((x + dx) * UNIT, 6), round((y + dy) * UNIT, 6)]


def inner_point(outline: dict[str, Any], rng: random.Random) -> tuple[float, float]:
    """A random (latitude, longitude) inside an outline, away from its edge: for demo cases."""
    geom = shape(outline)
    inner = geom.buffer(-0.1 * math.sqrt(geom.area))
    target = inner if not inner.is_empty else geom
    minx, miny, maxx, maxy = target.bounds
    for _attempt in range(50):
        lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if target.contains(Point(lon, lat)):
            return round(lat, 6), round(lon, 6)
    point = target.representative_point()
    return round(point.y, 6), round(point.x, 6)
