"""Public pages: residents browse the service catalogue of a community and ask for a service."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tongxin.platform.core.context import client_ip
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param
from tongxin.platform.web.session import TRACKED_CASES, remember
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level
from tongxin.registry.areas.queries import community_buildings
from tongxin.volunteering.service.forms import PublicRequestForm
from tongxin.volunteering.service.models import ServiceOffering
from tongxin.volunteering.service.requests import service_request_create
from tongxin.volunteering.service.services import community_of

MAX_COMMUNITIES = 400


def _communities() -> list[tuple[int, str]]:
    rows = Area.objects.filter(level__in=COMMUNITY_LEVELS).order_by("path").values_list("pk", "name", "parent__name")
    return [(pk, f"{parent} · {name}" if parent else name) for pk, name, parent in rows[:MAX_COMMUNITIES]]


def catalogue(request: HttpRequest) -> HttpResponse:
    """The services the volunteer teams of a community offer."""
    community_id = int_param(request, "community")
    community = (
        Area.objects.filter(pk=community_id, level__in=COMMUNITY_LEVELS).first() if community_id is not None else None
    )
    offerings: list[Any] = []
    if community is not None:
        offerings = list(
            ServiceOffering.objects.filter(
                is_active=True, team__is_active=True, team__area__path__startswith=community.path
            )
            .select_related("team")
            .order_by("team__speciality", "team__name", "name")
        )
    context = {"communities": _communities(), "community": community, "offerings": offerings}
    return render(request, "service/public_catalogue.html", context)


def _confirmation(made: Any) -> str:
    """What the resident reads on the tracking page: who has the request now."""
    code = made.case.tracking_code
    if made.handed_over:
        return _(
            "Your request was accepted and handed to %(team)s, who will contact you. "
            "Keep the tracking code %(code)s to follow it."
        ) % {"team": made.team.name, "code": code}
    return _(
        "Your request was received. The community office will look at it and pass it on to %(team)s. "
        "Keep the tracking code %(code)s to follow it."
    ) % {"team": made.team.name, "code": code}


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    from tongxin.grid.cases import services as case_services

    offering = (
        ServiceOffering.objects.filter(pk=pk, is_active=True, team__is_active=True)
        .select_related("team", "team__area", "case_category")
        .first()
    )
    if offering is None:
        raise Http404
    community = community_of(offering.team.area)
    form = PublicRequestForm(request.POST or None, buildings=community_buildings(community))
    context: dict[str, Any] = {"offering": offering, "community": community, "form": form}
    if request.method == "POST":
        ip = client_ip(request)
        since = timezone.now() - datetime.timedelta(hours=1)
        if case_services.public_reports_from(ip, since) >= settings.PUBLIC_REPORTS_PER_HOUR:
            return render(request, "service/public_request.html", {**context, "limited": True}, status=429)
        if form.is_valid():
            data = form.cleaned_data
            building = Area.objects.filter(pk=data["building"], level=Level.BUILDING).first()
            try:
                made = service_request_create(
                    offering=offering,
                    building=building,
                    name=data["name"],
                    phone=data["phone"],
                    description=data["description"],
                    address=data["address"],
                    ip=ip,
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                remember(request, TRACKED_CASES, made.case_id)
                messages.success(request, _confirmation(made))
                return redirect("public:case", made.case.tracking_code)
    return render(request, "service/public_request.html", context)
