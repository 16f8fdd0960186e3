"""The co-building figures page (共建统计): a place's figures for a period, per community for a
subdistrict, each number a link to the rows behind it, and one bar chart drawn from the table."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from tongxin.cobuilding.overview import figures as f
from tongxin.cobuilding.overview.forms import FiguresForm
from tongxin.grid.cases.figures import FIGURE_LEVELS
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.money import format_yuan
from tongxin.registry.areas.models import Area, Level

# The tables break a place down into the places under it down to the communities.
BREAKDOWN_LEVELS = (Level.DISTRICT, Level.SUBDISTRICT)


def may_read(user: Any) -> bool:
    """Co-building staff (community, admin) run it; the subdistrict reads it."""
    scope = scope_for(user)
    return scope.has_perm(Perm.COBUILD) or Role.SUBDISTRICT in scope.roles


def figure_places(user: Any) -> list[Area]:
    """The places the user may ask figures for: where they read units (their area subtrees)."""
    qs = visible_to(Area.objects.filter(level__in=FIGURE_LEVELS), user, perm=Perm.VIEW_UNITS)
    return list(qs.defer("outline").order_by("path")[:2000])


def list_href(name: str, **params: Any) -> str:
    """A list page of another co-building app filtered to the rows behind a figure, or "" when
    that page does not exist (yet)."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode({k: v for k, v in params.items() if v not in ('', None)})}"


def _cells(figs: f.AllFigures, path: str, node: Area) -> list[dict[str, Any]]:
    """One row of the table: every figure of the place at `path`, each with its link."""
    p, r, c = figs.projects, figs.resources, figs.commitments
    full, total = c.fully_delivered.under(path), c.total.under(path)
    n = node.pk
    return [
        {
            "key": "units",
            "label": pgettext("co-building figure", "Units"),
            "text": figs.units.under(path),
            "href": list_href("units:list", node=n),
        },
        {
            "key": "agreements",
            "label": _("Agreements in force"),
            "text": figs.agreements.under(path),
            "href": list_href("agreements:list", node=n, status="signed"),
        },
        {
            "key": "commitments",
            "label": _("Commitments fully delivered"),
            "text": f"{full} / {total}",
            "href": list_href("agreements:list", node=n, status="signed"),
        },
        {
            "key": "claimed",
            "label": _("Projects claimed"),
            "text": p.claimed.under(path),
            "href": list_href("projects:projects", node=n, state="claimed"),
        },
        {
            "key": "in_progress",
            "label": _("Projects in progress"),
            "text": p.in_progress.under(path),
            "href": list_href("projects:projects", node=n, state="in_progress"),
        },
        {
            "key": "completed",
            "label": _("Projects completed"),
            "text": p.completed.under(path),
            "href": list_href("projects:projects", node=n, state="completed"),
        },
        {
            "key": "bookings",
            "label": _("Bookings used"),
            "text": r.bookings.under(path),
            "href": list_href("resources:list", node=n),
        },
        {
            "key": "booked_hours",
            "label": _("Hours booked"),
            "text": r.hours.under(path),
            "href": list_href("resources:list", node=n),
        },
        {
            "key": "resources",
            "label": _("Resources used"),
            "text": r.resources.under(path),
            "href": list_href("resources:list", node=n),
        },
        {
            "key": "money",
            "label": _("Money contributed"),
            "text": format_yuan(figs.money.under(path)),
            "href": list_href("agreements:list", node=n, status="signed"),
        },
        {
            "key": "volunteer_hours",
            "label": _("Volunteer hours"),
            "text": figs.volunteer_hours.under(path),
            "href": list_href("projects:projects", node=n, state="completed"),
        },
        {
            "key": "people_served",
            "label": _("People served"),
            "text": figs.people_served.under(path),
            "href": list_href("projects:projects", node=n, state="completed"),
        },
    ]


def breakdown_rows(node: Area) -> list[Area]:
    """The places under a district or subdistrict, in the tree's order (not by name)."""
    if node.level not in BREAKDOWN_LEVELS:
        return []
    return list(Area.objects.filter(parent=node, level__in=FIGURE_LEVELS).order_by("sort_order", "path"))


def chart_data(figs: f.AllFigures, rows: list[Area]) -> dict[str, Any]:
    """Projects by state per place of the table (or the one place)."""
    places = rows or [figs.node]
    p = figs.projects
    return {
        "labels": [a.name for a in places],
        "series": [
            {"name": _("Claimed"), "values": [p.claimed.under(a.path) for a in places]},
            {"name": pgettext("project", "In progress"), "values": [p.in_progress.under(a.path) for a in places]},
            {"name": _("Completed"), "values": [p.completed.under(a.path) for a in places]},
        ],
    }


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    if not may_read(request.user):
        raise PermissionDenied
    nodes = figure_places(request.user)
    form = FiguresForm(request.GET or None, nodes=nodes)
    asked = request.GET.get("node", "")
    if asked.isdecimal() and len(asked) < 19 and int(asked) not in form.nodes:
        # A place outside the user's subtree does not exist for them.
        get_for(request.user, Area, int(asked), perm=Perm.VIEW_UNITS)
    choice = form.choice()
    context: dict[str, Any] = {"form": form, "nav": "cobuild_figures", "figs": None}
    node: Area | None = choice["node"]
    if node is not None:
        start: datetime.date = choice["start"]
        end: datetime.date = choice["end"]
        figs = f.all_figures(node, start, end)
        rows = breakdown_rows(node)
        context.update(
            figs=figs,
            node=node,
            start=start,
            end=end,
            headline=_cells(figs, node.path, node),
            rows=[{"area": a, "cells": _cells(figs, a.path, a)} for a in rows],
            kinds=figs.commitments.kinds,
            chart=chart_data(figs, rows),
        )
    return render(request, "cobuilding/figures.html", context)
