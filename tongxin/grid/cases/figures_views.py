"""The figures page: how the cases of a place were handled in a period, per grid, community or subdistrict."""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from tongxin.grid.cases.figures import LEVEL_RANK, FigureRow, case_figures, figure_places, group_rank, level_key
from tongxin.platform.access.roles import Perm
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import Area, Level

# Dates outside this range are typing mistakes, and would overflow the time zone arithmetic.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
# The breakdown offered by default under a node: one level finer.
FINER = {Level.DISTRICT: "subdistrict", Level.SUBDISTRICT: "community", Level.COMMUNITY: "grid", Level.VILLAGE: "grid"}


def this_month() -> tuple[date, date]:
    today = timezone.localdate(timezone=SHANGHAI)
    last = month_calendar.monthrange(today.year, today.month)[1]
    return today.replace(day=1), today.replace(day=last)


def default_level(node: Area) -> str:
    return FINER.get(node.level, "grid")


class FiguresForm(forms.Form):
    node = forms.TypedChoiceField(label=gettext_lazy("Place"), coerce=int, choices=(), required=False)
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Figures per"),
        required=False,
        choices=[
            ("grid", gettext_lazy("Grid")),
            ("community", gettext_lazy("Community")),
            ("subdistrict", gettext_lazy("Subdistrict")),
        ],
    )

    def __init__(self, *args: Any, nodes: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nodes = {n.pk: n for n in nodes}
        top = min((n.depth for n in nodes), default=0)
        # Indented by depth with ideographic spaces, so the select reads like the tree.
        self.fields["node"].choices = [(n.pk, "\u3000" * (n.depth - top) + n.name) for n in nodes]
        start, end = this_month()
        first = nodes[0] if nodes else None
        self.defaults: dict[str, Any] = {
            "node": first,
            "start": start,
            "end": end,
            "level": default_level(first) if first else "grid",
        }
        if not self.is_bound:
            self.initial = {**self.defaults, "node": first.pk if first else None}
        elif first is not None:
            # A link may carry only some of the filters: the form shows the values the table uses.
            data = self.data.copy()
            chosen = self.nodes.get(int(data["node"])) if str(data.get("node", "")).isdecimal() else None
            missing = {
                "node": str(first.pk),
                "start": start.isoformat(),
                "end": end.isoformat(),
                "level": default_level(chosen or first),
            }
            for key, value in missing.items():
                if not data.get(key):
                    data[key] = value
            self.data = data

    def clean_start(self) -> date | None:
        return self._in_range(self.cleaned_data.get("start"))

    def clean_end(self) -> date | None:
        return self._in_range(self.cleaned_data.get("end"))

    @staticmethod
    def _in_range(value: date | None) -> date | None:
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Choose a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        node = self.nodes.get(data["node"]) if data.get("node") else self.defaults["node"]
        start = data.get("start") or self.defaults["start"]
        end = data.get("end") or self.defaults["end"]
        if end < start:
            raise forms.ValidationError(_("The period ends before it starts."))
        level = data.get("level") or (default_level(node) if node else "grid")
        # A table per community of a single grid means nothing: break down by the node itself.
        if node is not None and group_rank(level) < LEVEL_RANK[node.level]:
            level = level_key(node.level) or level
            self.data = self.data.copy()
            self.data["level"] = level
        return {"node": node, "start": start, "end": end, "level": level}

    def choice(self) -> dict[str, Any]:
        """What to show: the valid filter, else the defaults (a bad filter is an error, never a 500)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data
        return self.defaults


@dataclass
class Column:
    key: str
    label: str
    kind: str  # "count", "rate" or "hours"


def _columns() -> list[Column]:
    return [
        Column("received", _("Received"), "count"),
        Column("closed", _("Closed"), "count"),
        Column("response_rate", _("Response rate"), "rate"),
        Column("on_time_rate", _("Resolved on time"), "rate"),
        Column("median_hours", _("Median hours to close"), "hours"),
        Column("p90_hours", _("90th percentile hours to close"), "hours"),
        Column("satisfaction_rate", _("Satisfaction rate"), "rate"),
        Column("within_grid_rate", _("Closed within the grid"), "rate"),
        Column("yellow_cards", _("Yellow cards"), "count"),
        Column("red_cards", _("Red cards"), "count"),
    ]


def _text(value: int | Decimal | None, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "count":
        return number_format(value, force_grouping=True)
    text = number_format(value, decimal_pos=1, force_grouping=True)
    return f"{text}%" if kind == "rate" else text


def _cells(row: FigureRow, columns: list[Column]) -> list[dict[str, str]]:
    # The queue has no place or period filter: a count opens the cases it is made of, by state.
    queue = reverse("cases:list")
    links = {"received": f"{queue}?queue=all", "closed": f"{queue}?queue=all&state=closed"}
    cells = []
    for column in columns:
        value = getattr(row, column.key)
        cells.append(
            {
                "key": column.key,
                "label": column.label,
                "text": _text(value, column.kind),
                "href": links.get(column.key, "") if value else "",
            }
        )
    return cells


def _parent_name(row: FigureRow, node: Area) -> str:
    """Which community a grid is in, when the table spans several (two of them may both be "第一网格")."""
    if row.node is None or row.node.pk == node.pk or row.node.parent_id == node.pk or row.node.parent is None:
        return ""
    return row.node.parent.name


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW)
    nodes = figure_places(request.user)
    form = FiguresForm(request.GET or None, nodes=nodes)
    context: dict[str, Any] = {"form": form, "nav": "cases", "table": None}
    choice = form.choice()
    if choice["node"] is not None:
        node = choice["node"]
        rows = case_figures(
            request.user, node=node, start=choice["start"], end=choice["end"], group_level=choice["level"]
        )
        columns = _columns()
        level_labels = dict(form.fields["level"].choices)
        context["table"] = {
            "node": node,
            "start": choice["start"],
            "end": choice["end"],
            "level_label": level_labels[choice["level"]],
            "columns": columns,
            "rows": [
                {
                    "name": row.node.name if row.node else _("Total"),
                    "context": _parent_name(row, node),
                    "is_total": row.is_total,
                    "cells": _cells(row, columns),
                }
                for row in rows
            ],
        }
    return render(request, "cases/figures.html", context)
