"""The unit's own portal: the parts registered in registry/cobuild/portal_parts.py, for the units
the signed-in contact answers for. Anyone else gets 404 (there is no unit of theirs to show)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tongxin.cobuilding.projects.portal import NEEDS_ON_PAGE, open_needs
from tongxin.registry.cobuild.portal_parts import portal_parts
from tongxin.registry.cobuild.queries import units_answered_by

# A contact answers for a unit or two; a party committee over many units uses the staff pages.
MAX_UNITS = 20


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    units = list(units_answered_by(request.user)[:MAX_UNITS])
    if not units:
        raise Http404
    parts = portal_parts(request.user, units)
    return render(request, "portal/portal.html", {"units": units, "parts": parts, "nav": "portal"})


@login_required
def needs(request: HttpRequest) -> HttpResponse:
    """Every need open to the contact's units, when the portal shows only the first few."""
    units = list(units_answered_by(request.user)[:MAX_UNITS])
    if not units:
        raise Http404
    part = open_needs(request.user, units, shown=NEEDS_ON_PAGE)
    return render(request, "portal/needs.html", {"units": units, "part": part, "nav": "portal"})
