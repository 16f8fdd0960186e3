"""The map of open cases by grid: the page (with the table behind the map) and its GeoJSON."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tongxin.grid.cases.mapping import MAX_MARKERS, grid_rows, legend, map_geojson
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for
from tongxin.platform.core.listing import int_param
from tongxin.platform.core.trees import node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.areas.queries import areas_visible_to
from tongxin.registry.places.map_layer import place_features

NODE_LEVELS = (Level.DISTRICT, Level.SUBDISTRICT, Level.COMMUNITY, Level.VILLAGE, Level.GRID)
MAX_NODE_CHOICES = 300


def _node(request: HttpRequest) -> Area | None:
    """The part of the tree asked for (`?node=`): 404 outside the user's scope."""
    require(request.user, Perm.VIEW)
    node_id = int_param(request, "node")
    return get_for(request.user, Area, node_id) if node_id is not None else None


def _map_config(data_url: str) -> dict[str, Any]:
    tiles = None
    if settings.MAP_TILE_URL:
        tiles = {"url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
    return {
        "dataUrl": data_url,
        "tiles": tiles,
        # Where the map opens when nothing in scope has an outline or a point yet.
        "centre": [39.91, 116.39],
        # Whole phrases with a placeholder, so a translation can put the number where it belongs.
        "text": {
            "open": _("Open cases: %(n)s"),
            "overdueCount": _("Overdue: %(n)s"),
            "overdue": _("Overdue"),
            "community": _("Community: %(n)s"),
            "state": _("State: %(n)s"),
            "details": _("Grid details"),
            "cases": _("%(n)s open cases here"),
            "more": _("and %(n)s more: zoom in to tell them apart"),
            "failed": _("The map could not be loaded. The table below has the same figures."),
            "truncated": _("The map shows the %(n)s most urgent cases with a map point; the table counts all.")
            % {"n": MAX_MARKERS},
            "openNow": _("Open now"),
            "closedNow": _("Closed now"),
            "placesLayer": _("Places (阵地)"),
            "noOutlines": _(
                "No grid outline is on record here yet: a secretary adds one on the grid's edit page, "
                "or the administrator imports them (manage.py import_grid_outlines)."
            ),
        },
    }


@login_required
@require_GET
def case_map(request: HttpRequest) -> HttpResponse:
    node = _node(request)
    rows = grid_rows(request.user, node, outlines=False)
    nodes = node_choices(areas_visible_to(request.user).filter(level__in=NODE_LEVELS), MAX_NODE_CHOICES, node)
    query = f"?{urlencode({'node': node.pk})}" if node is not None else ""
    context = {
        "rows": rows,
        "node": node,
        "nodes": nodes if len(nodes) > 1 else [],
        "legend": legend(),
        "open_total": sum(r.open for r in rows),
        "overdue_total": sum(r.overdue for r in rows),
        "without_outline": sum(1 for r in rows if not r.has_outline),
        "map_config": _map_config(reverse("cases:map_data") + query),
        "nav": "case_map",
    }
    return render(request, "cases/map.html", context)


@login_required
@require_GET
def map_data(request: HttpRequest) -> HttpResponse:
    node = _node(request)
    data = map_geojson(request.user, node)
    # The places (阵地) as a layer of their own: one query more, whatever their number.
    data["features"].extend(place_features(request.user, node.path if node is not None else ""))
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json"
    # Scoped data: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response
