"""Grid outlines: GeoJSON geometries checked with shapely, and which grid holds a map point.

Outlines are WGS 84 longitude/latitude, as GeoJSON always is. A grid has at most a few hundred
vertices and a subdistrict a few hundred grids, so the lookup loads the candidate outlines of
one subtree and tests them in memory (prepared geometries) — no spatial database needed.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from shapely import prepare
from shapely.errors import ShapelyError
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry

from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import Area, Level

OUTLINE_TYPES = ("Polygon", "MultiPolygon")
MAX_VERTICES = 5000


def outline_shape(geometry: Any) -> BaseGeometry:
    """A valid polygon from a GeoJSON geometry (or a Feature holding one), else DomainError."""
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in OUTLINE_TYPES:
        raise DomainError({"outline": _("The outline must be a GeoJSON Polygon or MultiPolygon.")})
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, ShapelyError) as exc:
        raise DomainError({"outline": _("The outline is not valid GeoJSON.")}) from exc
    coords = _vertex_count(geom)
    if coords > MAX_VERTICES:
        raise DomainError({"outline": _("The outline has too many points (at most %(n)d).") % {"n": MAX_VERTICES}})
    minx, miny, maxx, maxy = geom.bounds
    if geom.is_empty or not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise DomainError({"outline": _("The outline must be longitude/latitude in degrees (WGS 84).")})
    if not geom.is_valid:
        raise DomainError({"outline": _("The outline crosses itself: draw it again.")})
    return geom


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def parse_geojson(text: str) -> Any:
    """JSON as GeoJSON allows it (no NaN or Infinity), with a message a person can act on."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise DomainError(
            _("This is not valid GeoJSON text: copy the whole file, from the first { to the last }."), code="json"
        ) from exc


def outline_geometry(data: Any) -> dict[str, Any]:
    """The geometry to store for an outline given as a geometry, a Feature, or a
    FeatureCollection of one Feature (what drawing tools export); DomainError if invalid.

    What is stored is the plain geometry as shapely reads it (no bbox, crs or properties),
    so every stored outline has the same shape whatever tool drew it.
    """
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise DomainError(
                {"outline": _("Give one grid's outline: a FeatureCollection here must hold exactly one Feature.")}
            )
        data = features[0]
    geom = outline_shape(data)
    stored: dict[str, Any] = json.loads(json.dumps(mapping(geom)))
    return stored


def outline_summary(outline: Any) -> str | None:
    """A short fingerprint of an outline for the audit trail (the full geometry can be large)."""
    if not outline:
        return None
    text = json.dumps(outline, sort_keys=True, separators=(",", ":"))
    try:
        points = _vertex_count(shape(outline))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, ShapelyError):
        points = 0
    kind = outline.get("type", "?") if isinstance(outline, dict) else "?"
    return f"{kind} · {points} · {hashlib.sha256(text.encode()).hexdigest()[:12]}"


def _vertex_count(geom: BaseGeometry) -> int:
    polygons = getattr(geom, "geoms", [geom])
    return sum(len(p.exterior.coords) + sum(len(r.coords) for r in p.interiors) for p in polygons)


def grid_at(latitude: Decimal | float, longitude: Decimal | float, grids: QuerySet[Area] | None = None) -> Area | None:
    """The grid whose outline holds the point, among `grids` (all grids by default)."""
    qs = (grids if grids is not None else Area.objects.all()).filter(level=Level.GRID, outline__isnull=False)
    point = Point(float(longitude), float(latitude))
    for area in qs.only("pk", "path", "name", "level", "outline", "parent_id").order_by("path"):
        if area.outline is None:
            continue  # never: the filter above keeps only grids with an outline
        try:
            geom = shape(area.outline)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, ShapelyError):
            continue  # a broken outline never routes anything
        prepare(geom)
        if geom.covers(point):
            return area
    return None
