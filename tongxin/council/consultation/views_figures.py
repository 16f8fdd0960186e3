"""The consultation figures page: a place's topics and votes in a period, per council and per place,
each number linking to the topics behind it, with one bar chart drawn from the table."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tongxin.council.consultation.figures import ConsultationFigures, FigureFilter, FigureRow, consultation_figures
from tongxin.grid.cases.figures import FIGURE_LEVELS
from tongxin.grid.cases.period_form import PlacePeriodForm
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import Area
from tongxin.registry.areas.queries import areas_visible_to


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str  # "count", "days" or "rate"
    # The figure whose topics are behind the number: a count's own, a median's topics ("" for none).
    figure: str = ""


def columns() -> list[Column]:
    return [
        Column("raised", _("Raised"), "count", "raised"),
        Column("accepted", _("Accepted"), "count", "accepted"),
        Column("decided", _("Decided"), "count", "decided"),
        Column("done", _("Carried out"), "count", "done"),
        Column("declined", _("Declined"), "count", "declined"),
        Column("rejected", _("Voted down"), "count", "rejected"),
        Column("merged", _("Merged"), "count", "merged"),
        Column("days_to_decision", _("Median days to decision"), "days", "decided"),
        Column("days_to_done", _("Median days from decision to done"), "days", "done"),
        Column("turnout", _("Turnout"), "rate"),
    ]


def _text(value: int | Decimal | None, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "count":
        return number_format(value, force_grouping=True)
    text = number_format(value, decimal_pos=1, force_grouping=True)
    return f"{text}%" if kind == "rate" else text


def row_params(row: FigureRow, node: Area) -> dict[str, Any]:
    """The topics list's filter for a row's topics: the same groups figures.py counts by."""
    if row.council is not None:
        return {"council": row.council.pk}
    if row.group == "unassigned":
        return {"node": node.pk, "council": "none"}
    if row.group == "elsewhere":
        return {"node": node.pk, "council": "above"}
    if row.area is not None and row.area.pk == node.pk and not row.is_total:
        return {"at": node.pk}  # the place's own topics, not those of the places under it
    if row.area is not None:
        return {"node": row.area.pk}
    return {"node": node.pk}  # the total


def figure_href(figure: str, params: dict[str, Any], start: datetime.date, end: datetime.date) -> str:
    """The topics list showing the rows of `figure` for the period (figures.figure_q), as filtered."""
    query = {**FigureFilter(figure, start, end).params(), **params}
    return f"{reverse('consultation:topics')}?{urlencode(query)}"


def _link(row: FigureRow, column: Column, node: Area, start: datetime.date, end: datetime.date) -> str:
    if not column.figure:
        return ""
    return figure_href(column.figure, row_params(row, node), start, end)


def _rows(
    rows: list[FigureRow], cols: list[Column], node: Area, start: datetime.date, end: datetime.date
) -> list[dict[str, Any]]:
    shown = []
    for row in rows:
        cells = []
        for column in cols:
            value = getattr(row, column.key)
            cells.append(
                {
                    "key": column.key,
                    "label": column.label,
                    "text": _text(value, column.kind),
                    "href": _link(row, column, node, start, end) if value else "",
                }
            )
        context = row.council.kind.name if row.council is not None else ""
        if row.council is not None and row.area is not None and row.area.pk != node.pk:
            context = f"{context} · {row.area.name}"
        shown.append({"name": row.label, "context": context, "is_total": row.is_total, "cells": cells})
    return shown


def chart_data(figures: ConsultationFigures) -> dict[str, Any]:
    """The bar chart: raised, decided and carried out per place (the rows of the place table)."""
    rows = [r for r in figures.places if not r.is_total]
    return {
        "labels": [r.label for r in rows],
        "series": [
            {"name": _("Raised"), "values": [r.raised for r in rows]},
            {"name": _("Decided"), "values": [r.decided for r in rows]},
            {"name": _("Carried out"), "values": [r.done for r in rows]},
        ],
    }


def figure_places(user: Any, limit: int = 2000) -> list[Area]:
    """The places the user may ask figures for (as the case figures' list), without the grids'
    outlines: a district's 250 grids' GeoJSON was decoded for every request of the page."""
    return list(areas_visible_to(user).filter(level__in=FIGURE_LEVELS).defer("outline").order_by("path")[:limit])


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW)
    nodes = figure_places(request.user)
    form = PlacePeriodForm(request.GET or None, nodes=nodes)
    asked = request.GET.get("node", "")
    if asked.isdecimal() and len(asked) < 19 and int(asked) not in form.nodes:
        # A place outside the user's subtree does not exist for them (one inside it that takes
        # no figures, a building, is a form error).
        get_for(request.user, Area, int(asked))
    choice = form.choice()
    context: dict[str, Any] = {"form": form, "nav": "council_figures", "figures": None}
    if choice["node"] is not None:
        node = choice["node"]
        found = consultation_figures(request.user, node=node, start=choice["start"], end=choice["end"])
        cols = columns()
        context.update(
            figures=found,
            node=node,
            start=choice["start"],
            end=choice["end"],
            columns=cols,
            resolved=found.total.resolved,
            resolved_href=figure_href("done", {"node": node.pk}, choice["start"], choice["end"]),
            council_rows=_rows(found.councils, cols, node, choice["start"], choice["end"]),
            place_rows=_rows(found.places, cols, node, choice["start"], choice["end"]),
            chart=chart_data(found),
        )
    return render(request, "consultation/figures.html", context)
