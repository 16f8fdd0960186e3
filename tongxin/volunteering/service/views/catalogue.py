"""A team's catalogue of services: adding and changing one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tongxin.grid.cases.models import CaseCategory
from tongxin.platform.access.scope import get_for
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.volunteering.service import queries, services
from tongxin.volunteering.service.forms import (
    OfferingForm,
)
from tongxin.volunteering.service.models import (
    ServiceOffering,
    VolunteerTeam,
)
from tongxin.volunteering.service.views._common import MAX_CHOICES, team_for


def _categories() -> list[tuple[int, str]]:

    rows = CaseCategory.objects.filter(is_active=True).order_by("sort_order", "pk").values_list("pk", "name_zh")
    return list(rows[:MAX_CHOICES])


def _offering_save(request: HttpRequest, team: VolunteerTeam, offering: Any) -> HttpResponse:

    initial: dict[str, Any] = {"is_active": True}
    if offering is not None:
        initial = {
            "name": offering.name,
            "description": offering.description,
            "case_category": offering.case_category_id,
            "is_active": offering.is_active,
        }
    form = OfferingForm(request.POST if request.method == "POST" else None, initial=initial, categories=_categories())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        category_id = data.pop("case_category")
        category = CaseCategory.objects.filter(pk=category_id).first() if category_id else None
        try:
            services.offering_save(actor=request.user, offering=offering, team=team, case_category=category, **data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The catalogue of %(team)s was saved.") % {"team": team.name})
            return redirect("service:team_detail", team.pk)
    title = _("Edit a catalogue service") if offering else _("Add a service to the catalogue")
    return render(request, "service/form.html", {"form": form, "title": title, "team": team, "nav": "service"})


@login_required
@require_http_methods(["GET", "POST"])
def offering_create(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for(request.user, pk)
    if not queries.may_run_service(request.user, team.area.path):
        raise PermissionDenied
    return _offering_save(request, team, None)


@login_required
@require_http_methods(["GET", "POST"])
def offering_edit(request: HttpRequest, pk: int) -> HttpResponse:

    offering = get_for(request.user, ServiceOffering.objects.select_related("team", "team__area"), pk)
    if not queries.may_run_service(request.user, offering.team.area.path):
        raise PermissionDenied
    return _offering_save(request, offering.team, offering)
