"""The community-work figures page (社区工作统计): for a place and a period, the figures the
capabilities registered as indicators (campaigns, notices, the front desk's rota and errands,
estate ledgers…), the place's total as cards and, for a subdistrict or a district, a table per
group with a row per community. Every value is a link to the rows behind it where the
capability names them. One query per indicator whatever the size of the place."""

from __future__ import annotations

import datetime
from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tongxin.grid.cases.period_form import PlacePeriodForm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.web import indicators as ind
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level
from tongxin.registry.areas.queries import areas_visible_to

PLACE_LEVELS = (Level.DISTRICT, Level.SUBDISTRICT, *COMMUNITY_LEVELS)
# A district's table lists its communities too; beyond this many, only the totals are shown.
MAX_ROWS = 400


def places(user: Any) -> list[Area]:
    """The places the user may ask for: the districts, subdistricts and communities they see."""
    return list(areas_visible_to(user).filter(level__in=PLACE_LEVELS).defer("outline").order_by("path")[:2000])


def _cell(i: ind.Indicator, value: ind.Value, node: Area, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    cell: dict[str, Any] = {"key": i.key, "label": i.label, "text": ind.display(i.kind, value)}
    if isinstance(value, ind.Ratio) and value.whole:
        cell["detail"] = f"{value.part:,}/{value.whole:,}"
    cell["href"] = i.href(node, start, end) if i.href else ""
    return cell


def report(readable: list[ind.Indicator], node: Area, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Per group: its indicators' cards for the place and, above a community, the rows per community."""
    values = {i.key: i.compute(node, start, end) for i in readable}
    communities: list[Area] = []
    if node.level not in COMMUNITY_LEVELS:
        communities = list(
            Area.objects.filter(path__startswith=node.path, level__in=COMMUNITY_LEVELS)
            .defer("outline")
            .order_by("path")[:MAX_ROWS]
        )
    groups = []
    for group, grouped in groupby(readable, key=lambda i: str(i.group)):
        items = list(grouped)
        groups.append(
            {
                "title": group,
                "key": items[0].key.split(".")[0],
                "columns": items,
                "cards": [_cell(i, values[i.key].under(node.path), node, start, end) for i in items],
                "rows": [
                    {"place": c, "cells": [_cell(i, values[i.key].under(c.path), c, start, end) for i in items]}
                    for c in communities
                ],
            }
        )
    return groups


@login_required
@require_GET
def community_work(request: HttpRequest) -> HttpResponse:
    readable = ind.readable(scope_for(request.user))
    if not readable:
        raise PermissionDenied
    nodes = places(request.user)
    form = PlacePeriodForm(request.GET or None, nodes=nodes)
    choice = form.choice()
    context: dict[str, Any] = {"form": form, "nav": "community_work", "groups": None}
    if choice["node"] is not None:
        context.update(
            node=choice["node"],
            start=choice["start"],
            end=choice["end"],
            groups=report(readable, choice["node"], choice["start"], choice["end"]),
            definitions=[i for i in readable if i.definition],
        )
    return render(request, "reports/community_work.html", context)
