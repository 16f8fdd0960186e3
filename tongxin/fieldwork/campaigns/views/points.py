"""Inspection points (rain grates, slopes, fire exits): the list, registering one with its
location, correcting it. The grid comes from the location (the grid whose outline holds it),
from the building chosen, or is chosen."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.fieldwork.campaigns import services
from tongxin.fieldwork.campaigns.forms import PointForm
from tongxin.fieldwork.campaigns.models import InspectionPoint, PointKind
from tongxin.fieldwork.campaigns.queries import points_visible_to, reads_points
from tongxin.fieldwork.campaigns.views.common import form_page, point_for
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.listing import int_param, paginate, text_param
from tongxin.platform.core.trees import node_choices
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level


@login_required
def points(request: HttpRequest) -> HttpResponse:
    if not reads_points(request.user):
        raise PermissionDenied
    kind = text_param(request, "kind", 20)
    kind = kind if kind in PointKind.values else ""
    grid_id = int_param(request, "grid")
    qs = points_visible_to(request.user).select_related("community", "grid", "building")
    if kind:
        qs = qs.filter(kind=kind)
    if grid_id:
        qs = qs.filter(grid_id=grid_id)
    search = text_param(request, "q", 60)
    if search:
        qs = qs.filter(Q(name__icontains=search))
    grids = visible_to(Area.objects.filter(level=Level.GRID), request.user)
    return render(
        request,
        "campaigns/point_list.html",
        {
            **paginate(request, qs.order_by("grid__path", "kind", "name", "id"), 50),
            "kind": kind,
            "kinds": PointKind.choices,
            "grid_id": grid_id,
            "grids": node_choices(grids, 300),
            "q": search,
            "can_write": scope_for(request.user).has_perm(Perm.CAMPAIGN),
            "nav": "campaign_points",
        },
    )


def _run_areas(user: Any, levels: Any) -> Any:
    return visible_to(Area.objects.filter(level__in=levels), user, Perm.CAMPAIGN)


def _choices(user: Any, community: Area | None) -> dict[str, Any]:
    grids = _run_areas(user, [Level.GRID])
    buildings = _run_areas(user, [Level.BUILDING])
    if community is not None:
        grids = grids.filter(path__startswith=community.path)
        buildings = buildings.filter(path__startswith=community.path)
    return {
        "grids": node_choices(grids, 300),
        "buildings": [
            (b.pk, f"{b.parent.name if b.parent else ''} {b.name}".strip())
            for b in buildings.select_related("parent").order_by("path")[:1000]
        ],
    }


def _save_point(request: HttpRequest, data: dict[str, Any], point: InspectionPoint | None) -> str:
    runs = _run_areas(request.user, [*COMMUNITY_LEVELS, Level.GRID, Level.BUILDING])
    community = None
    if point is None:
        community = runs.filter(pk=data.pop("community"), level__in=COMMUNITY_LEVELS).first()
        if community is None:
            raise DomainError({"community": _("Choose from the list.")})
    grid_id, building_id = data.pop("grid"), data.pop("building")
    grid = runs.filter(pk=grid_id, level=Level.GRID).first() if grid_id else None
    building = runs.filter(pk=building_id, level=Level.BUILDING).first() if building_id else None
    if grid_id and grid is None:
        raise DomainError({"grid": _("Choose from the list.")})
    if building_id and building is None:
        raise DomainError({"building": _("Choose from the list.")})
    services.point_save(actor=request.user, point=point, community=community, grid=grid, building=building, **data)
    return reverse("campaigns:points")


@login_required
def point_new(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).has_perm(Perm.CAMPAIGN):
        raise PermissionDenied
    communities = node_choices(_run_areas(request.user, COMMUNITY_LEVELS), 300)
    initial: dict[str, Any] = {"kind": PointKind.RAIN_GRATE, "is_active": True}
    if len(communities) == 1:
        initial["community"] = communities[0][0]
    form = PointForm(request.POST or None, initial=initial, communities=communities, **_choices(request.user, None))
    return form_page(
        request,
        form,
        lambda data: _save_point(request, data, None),
        done=_("Inspection point registered."),
        title=_("Register an inspection point"),
        back=reverse("campaigns:points"),
        template="campaigns/point_form.html",
    )


@login_required
def point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = point_for(request.user, pk)
    if not services.may_run(request.user, point.community):
        raise PermissionDenied
    initial = {
        "kind": point.kind,
        "name": point.name,
        "latitude": point.latitude,
        "longitude": point.longitude,
        "grid": point.grid_id,
        "building": point.building_id,
        "is_active": point.is_active,
    }
    form = PointForm(request.POST or None, initial=initial, communities=None, **_choices(request.user, point.community))
    return form_page(
        request,
        form,
        lambda data: _save_point(request, data, point),
        done=_("Inspection point saved."),
        title=_("Edit the inspection point"),
        back=reverse("campaigns:points"),
        template="campaigns/point_form.html",
        point=point,
    )
