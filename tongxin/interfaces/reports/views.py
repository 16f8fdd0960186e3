"""The service figures page: a place's teams, volunteers, hours, programmes, pairings and visits in a period."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tongxin.grid.cases.figures import figure_places
from tongxin.grid.cases.figures_views import FiguresForm
from tongxin.interfaces.reports.service import service_report
from tongxin.platform.access.roles import Perm
from tongxin.platform.web.perms import require


class ServiceFiguresForm(FiguresForm):
    """The case figures' place and period, without the breakdown level."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["level"]


@login_required
@require_GET
def service_figures(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW)
    nodes = figure_places(request.user)
    form = ServiceFiguresForm(request.GET or None, nodes=nodes)
    choice = form.choice()
    context: dict[str, Any] = {"form": form, "nav": "service_figures", "report": None}
    if choice["node"] is not None:
        context.update(
            node=choice["node"],
            start=choice["start"],
            end=choice["end"],
            report=service_report(choice["node"], choice["start"], choice["end"]),
        )
    return render(request, "reports/service.html", context)
