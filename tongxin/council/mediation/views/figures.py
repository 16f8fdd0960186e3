"""The mediation figures page: a place's disputes in a period, each number linking to its rows."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tongxin.council.mediation.figures import MediationFigures, mediation_figures
from tongxin.council.mediation.queries import _reader_paths
from tongxin.council.mediation.views.cases import FIGURE_LABELS
from tongxin.council.mediation.views.common import require_reader
from tongxin.grid.cases.figures_views import EARLIEST, LATEST
from tongxin.platform.access.scope import scope_for
from tongxin.registry.areas.models import Area, Level

LEVELS = (Level.DISTRICT, Level.SUBDISTRICT, Level.COMMUNITY, Level.VILLAGE, Level.GRID)


def _places(user: Any) -> list[Area]:
    scope = scope_for(user)
    qs = Area.objects.filter(level__in=LEVELS).defer("outline")
    if not scope.is_admin:
        from django.db.models import Q

        where = Q(pk__in=[])
        for path in _reader_paths(scope):
            where |= Q(path__startswith=path)
        qs = qs.filter(where)
    return list(qs.order_by("path")[:2000])


def _day(value: str, default: datetime.date) -> tuple[datetime.date, bool]:
    if not value:
        return default, True
    try:
        day = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return default, False
    return (day, True) if EARLIEST <= day <= LATEST else (default, False)


@login_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    today = timezone.localdate()
    places = _places(request.user)
    errors: list[str] = []
    start, ok_start = _day(request.GET.get("from", ""), datetime.date(today.year, 1, 1))
    end, ok_end = _day(request.GET.get("to", ""), datetime.date(today.year, 12, 31))
    if not (ok_start and ok_end):
        errors.append(_("Enter dates as year-month-day, between 2000 and 2099."))
    if end < start:
        errors.append(_("The period ends before it starts."))
        start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    asked = request.GET.get("node", "")
    if asked and not (asked.isdecimal() and len(asked) < 19):
        errors.append(_("Choose a place from the list."))
        asked = ""
    node = next((p for p in places if str(p.pk) == asked), None)
    if asked and node is None:
        from django.http import Http404

        raise Http404
    node = node or (places[0] if places else None)
    context: dict[str, Any] = {
        "places": places,
        "node": node,
        "start": start,
        "end": end,
        "errors": errors,
        "nav": "mediation_figures",
    }
    if node is not None:
        found = mediation_figures(request.user, path=node.path, start=start, end=end)
        context["tiles"] = _tiles(found, node, start, end)
    return render(request, "mediation/figures.html", context)


def _tiles(found: MediationFigures, node: Area, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    period: dict[str, str | int] = {"node": node.pk, "from": start.isoformat(), "to": end.isoformat()}
    labels = FIGURE_LABELS()
    tiles = [
        {
            "key": "found",
            "label": _("Disputes found in sweeps"),
            "value": number_format(found.found, force_grouping=True),
            "href": f"{reverse('mediation:sweeps')}?{urlencode(period)}" if found.found else "",
        }
    ]
    for key in ("accepted", "ended", "settled"):
        value = getattr(found, key)
        tiles.append(_tile(key, labels[key], value, period))
    rate = found.rate
    tiles.append(
        {
            "key": "rate",
            "label": _("Settlement rate"),
            "value": "—" if rate is None else f"{number_format(rate, decimal_pos=1)}%",
            "note": _("settled of those mediated to an end"),
            "href": "",
        }
    )
    for key in ("performed", "in_grid", "in_community", "above"):
        tiles.append(_tile(key, labels[key], getattr(found, key), period))
    return tiles


def _tile(key: str, label: str, value: int, period: dict[str, str | int]) -> dict[str, Any]:
    href = f"{reverse('mediation:cases')}?{urlencode({'figure': key, **period})}" if value else ""
    return {"key": key, "label": label, "value": number_format(value, force_grouping=True), "href": href}
