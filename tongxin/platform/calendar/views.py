"""The office's pages for the official calendar: the years and their sources, one year's days, entering a year."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tongxin.platform.access.roles import Perm
from tongxin.platform.calendar import queries, services
from tongxin.platform.calendar.forms import OfficialYearForm, initial_for
from tongxin.platform.calendar.models import festival_label
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.web.perms import require_perm


def _runs(holidays: dict[date, str]) -> list[dict[str, Any]]:
    """Days off as the notice writes them: one line per festival's run of consecutive days."""
    runs: list[dict[str, Any]] = []
    for day, name in sorted(holidays.items()):
        if runs and runs[-1]["name"] == name and (day - runs[-1]["last"]).days == 1:
            runs[-1]["last"] = day
            runs[-1]["days"] += 1
        else:
            runs.append({"name": name, "label": festival_label(name), "first": day, "last": day, "days": 1})
    return runs


@login_required
@require_GET
@require_perm(Perm.CALENDAR)
def year_list(request: HttpRequest) -> HttpResponse:
    rows = queries.calendar_years()
    return render(
        request,
        "calendar/year_list.html",
        {"rows": rows, "missing": [r.year for r in rows if r.state == "missing"], "nav": "calendar"},
    )


@login_required
@require_GET
@require_perm(Perm.CALENDAR)
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        raise Http404
    detail = queries.calendar_year(year)
    workdays = [{"day": d, "name": n, "label": festival_label(n)} for d, n in sorted(detail.workdays.items())]
    return render(
        request,
        "calendar/year_detail.html",
        {"detail": detail, "row": detail.row, "runs": _runs(detail.holidays), "workdays": workdays, "nav": "calendar"},
    )


def _initial(request: HttpRequest) -> dict[str, Any]:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return {}
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        return {}
    detail = queries.calendar_year(year)
    official = detail.row.official
    notice = official.notice if official is not None else ""
    return initial_for(year, detail.holidays, detail.workdays, notice)


@login_required
@require_http_methods(["GET", "POST"])
@require_perm(Perm.CALENDAR)
def year_enter(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = OfficialYearForm(request.POST)
        if form.is_valid():
            try:
                official = services.official_year_enter(
                    actor=request.user,
                    year=form.cleaned_data["year"],
                    notice=form.cleaned_data["notice"],
                    holidays=form.holidays(),
                    workdays=form.workdays(),
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The official calendar of %(year)d is saved and counts from now on.") % {"year": official.year},
                )
                return redirect("calendar:year", official.year)
    else:
        form = OfficialYearForm(initial=_initial(request))
    return render(request, "calendar/year_form.html", {"form": form, "nav": "calendar"})
