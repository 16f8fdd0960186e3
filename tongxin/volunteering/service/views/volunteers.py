"""Volunteer pages: the list, one volunteer's record, registering a volunteer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate, text_param
from tongxin.platform.core.people import person_search_q
from tongxin.platform.core.trees import node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident
from tongxin.volunteering.service import queries, services
from tongxin.volunteering.service.forms import (
    VolunteerForm,
)
from tongxin.volunteering.service.models import (
    ServiceHours,
    TeamMembership,
    Volunteer,
)
from tongxin.volunteering.service.views._common import (
    MAX_CHOICES,
    ROWS_PER_PAGE,
    _filter_nodes,
    _member_choices,
    _node,
    _resident_choices,
    _year,
    _years,
)


@login_required
def volunteer_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW)
    node = _node(request)
    year = _year(request)
    query = text_param(request, "q", 50)
    rows = queries.volunteer_rows(request.user, node=node, query=query, year=year)
    context = {
        "node": node,
        "nodes": _filter_nodes(request.user, node),
        "year": year,
        "years": _years(year),
        "q": query,
        "can_create": scope_for(request.user).has_perm(Perm.SERVICE),
        "nav": "service",
        **paginate(request, rows, ROWS_PER_PAGE),
    }
    return render(request, "service/volunteer_list.html", context)


def volunteer_for(user: Actor, pk: Any) -> Volunteer:
    """A volunteer in the user's scope, or their own record; 404 otherwise."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    qs = Volunteer.objects.select_related("area", "member", "resident")
    found = queries.volunteers_visible_to(user).filter(pk=pk).first()
    if found is None and getattr(user, "is_authenticated", False):
        found = qs.filter(pk=pk, user=user).first()
    if found is None:
        raise Http404
    return qs.get(pk=found.pk)


@login_required
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = volunteer_for(request.user, pk)
    record = queries.volunteer_record(volunteer)
    context = {
        "volunteer": volunteer,
        "record": record,
        "teams": list(
            TeamMembership.objects.filter(volunteer=volunteer).select_related("team").order_by("left_on", "team__name")
        ),
        "recent": list(
            ServiceHours.objects.filter(volunteer=volunteer).select_related("team").order_by("-served_on", "-id")[:30]
        ),
        "is_own": volunteer.user_id is not None and volunteer.user_id == request.user.pk,
        "nav": "service",
    }
    return render(request, "service/volunteer_detail.html", context)


def _registration_choices(user: Actor, query: str) -> dict[str, list[tuple[int, str]]]:

    residents = visible_to(Resident.objects.all(), user, Perm.SERVICE)
    members = visible_to(PartyMember.objects.current(), user)
    if query:
        residents = residents.filter(person_search_q(query))
        members = members.filter(person_search_q(query))
    return {
        "residents": _resident_choices(residents),
        "members": _member_choices(members),
    }


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_create(request: HttpRequest) -> HttpResponse:

    require(request.user, Perm.SERVICE)
    query = text_param(request, "q", 50)
    areas = node_choices(
        visible_to(Area.objects.filter(level__in=COMMUNITY_LEVELS), request.user, Perm.SERVICE), MAX_CHOICES
    )
    initial = {"area": areas[0][0]} if len(areas) == 1 else {}
    form = VolunteerForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        areas=areas,
        **_registration_choices(request.user, query),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        area = visible_to(Area.objects.all(), request.user, Perm.SERVICE).get(pk=data.pop("area"))
        resident_id, member_id = data.pop("resident"), data.pop("member")
        resident = Resident.objects.select_related("household__area").filter(pk=resident_id).first()
        member = PartyMember.objects.filter(pk=member_id).first()
        try:
            volunteer = services.volunteer_register(
                actor=request.user, area=area, resident=resident, member=member, **data
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is registered as a volunteer.") % {"name": volunteer.name})
            return redirect("service:volunteer_detail", volunteer.pk)
    return render(
        request,
        "service/volunteer_form.html",
        {"form": form, "title": _("Register a volunteer"), "q": query, "nav": "service"},
    )
