"""Team pages: the list, create and edit, and the team page with its forms (members, leader, hours)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.grid.cases.models import Case
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate, text_param
from tongxin.platform.core.people import person_search_q
from tongxin.platform.core.trees import node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident
from tongxin.volunteering.service import queries, services
from tongxin.volunteering.service.forms import (
    CaseHoursForm,
    HoursForm,
    LeaderForm,
    MemberAddForm,
    TeamForm,
)
from tongxin.volunteering.service.models import (
    HoursSource,
    ServiceHours,
    ServiceRequest,
    Speciality,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
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
    team_for,
)


def _require_view(user: Actor) -> None:
    if not scope_for(user).has_perm(Perm.VIEW) and not queries.teams_visible_to(user).exists():
        raise PermissionDenied


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    _require_view(request.user)
    node = _node(request)
    year = _year(request)
    speciality = request.GET.get("speciality", "")
    if speciality not in Speciality.values:
        speciality = ""
    rows = queries.team_rows(request.user, node=node, speciality=speciality, year=year)
    context = {
        "node": node,
        "nodes": _filter_nodes(request.user, node),
        "year": year,
        "years": _years(year),
        "speciality": speciality,
        "specialities": Speciality.choices,
        "can_create": scope_for(request.user).has_perm(Perm.SERVICE),
        "nav": "service",
        **paginate(request, rows, ROWS_PER_PAGE),
    }
    return render(request, "service/team_list.html", context)


def _team_areas(user: Actor, current: Area | None = None) -> list[tuple[int, str]]:
    qs = visible_to(Area.objects.filter(level__in=[*COMMUNITY_LEVELS, Level.GRID]), user, Perm.SERVICE)
    return node_choices(qs, MAX_CHOICES, current)


def _units(user: Actor) -> list[tuple[int, str]]:

    paths = scope_for(user).prefixes("area", Perm.SERVICE)
    qs = ResidentUnit.objects.all()
    if not scope_for(user).is_admin:
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(area__path__startswith=path)
        qs = qs.filter(condition)
    return list(qs.order_by("name").values_list("pk", "name")[:MAX_CHOICES])


def _team_save(request: HttpRequest, team: VolunteerTeam | None) -> HttpResponse:

    areas = _team_areas(request.user, team.area if team else None)
    units = _units(request.user)
    initial: dict[str, Any] = {"is_active": True}
    if team is not None:
        initial = {
            "area": team.area_id,
            "name": team.name,
            "speciality": team.speciality,
            "unit": team.unit_id,
            "description": team.description,
            "founded_on": team.founded_on,
            "is_active": team.is_active,
        }
    elif len(areas) == 1:
        initial["area"] = areas[0][0]
    form = TeamForm(request.POST if request.method == "POST" else None, initial=initial, areas=areas, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        area = visible_to(Area.objects.all(), request.user, Perm.SERVICE).filter(pk=data.pop("area")).first()
        unit_id = data.pop("unit")
        unit = ResidentUnit.objects.select_related("area").filter(pk=unit_id).first() if unit_id else None
        if area is None:
            form.add_error("area", _("Choose from the list."))
        else:
            try:
                saved = services.team_save(actor=request.user, team=team, area=area, unit=unit, **data)
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("The team %(name)s was saved.") % {"name": saved.name})
                return redirect("service:team_detail", saved.pk)
    title = _("Edit the team") if team else _("New volunteer team")
    return render(request, "service/form.html", {"form": form, "title": title, "nav": "service", "team": team})


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.SERVICE)
    return _team_save(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for(request.user, pk)
    if not queries.may_run_service(request.user, team.area.path):
        raise PermissionDenied
    return _team_save(request, team)


def _candidates(team: VolunteerTeam, user: Actor, query: str) -> dict[str, list[tuple[int, str]]]:
    """People who could join: volunteers of the community not in the team, residents, members."""

    community = services.community_of(team.area)
    current = TeamMembership.objects.filter(team=team, left_on__isnull=True).values("volunteer_id")
    volunteers = Volunteer.objects.filter(area=community, is_active=True).exclude(pk__in=current)
    residents = visible_to(Resident.objects.filter(household__area__path__startswith=community.path), user)
    members = visible_to(PartyMember.objects.current(), user).filter(
        Q(org__area__path__startswith=community.path) | Q(resident__household__area__path__startswith=community.path)
    )
    if query:
        volunteers = volunteers.filter(person_search_q(query, with_id=False))
        residents = residents.filter(person_search_q(query))
        members = members.filter(person_search_q(query))
    return {
        "volunteers": [
            (pk, f"{name} {masked}".strip())
            for pk, name, masked in volunteers.order_by("name_pinyin", "id").values_list("pk", "name", "phone_masked")[
                :MAX_CHOICES
            ]
        ],
        "residents": _resident_choices(residents),
        "members": _member_choices(members),
    }


def _team_context(request: HttpRequest, team: VolunteerTeam, **forms: Any) -> dict[str, Any]:

    year = _year(request)
    start, end = queries.year_span(year)
    leads = queries.may_lead(request.user, team)
    memberships = list(
        TeamMembership.objects.filter(team=team, left_on__isnull=True)
        .select_related("volunteer")
        .order_by("volunteer__name_pinyin", "id")
    )
    totals = queries.team_year_totals(team, start, end)
    context: dict[str, Any] = {
        "team": team,
        "year": year,
        "years": _years(year),
        "memberships": memberships,
        "offerings": list(team.offerings.select_related("case_category").order_by("name")),
        "totals": totals,
        "recent_hours": list(
            ServiceHours.objects.filter(team=team).select_related("volunteer").order_by("-served_on", "-id")[:20]
        ),
        "requests": list(
            ServiceRequest.objects.filter(team=team).select_related("case", "offering").order_by("-created_at")[:20]
        ),
        "can_lead": leads,
        "can_edit": queries.may_run_service(request.user, team.area.path),
        "nav": "service",
    }
    if leads:
        query = text_param(request, "q", 50)
        candidates = _candidates(team, request.user, query)
        member_choices = [(m.volunteer_id, m.volunteer.name) for m in memberships]
        returned = queries.returned_requests(team)
        context.update(
            query=query,
            add_form=forms.get("add_form") or MemberAddForm(**candidates),
            leader_form=forms.get("leader_form")
            or LeaderForm(initial={"leader": team.leader_id}, members=member_choices),
            hours_form=forms.get("hours_form")
            or HoursForm(initial={"served_on": timezone.localdate()}, volunteers=member_choices),
            case_form=forms.get("case_form")
            or (
                CaseHoursForm(initial={"served_on": timezone.localdate()}, cases=returned, volunteers=member_choices)
                if returned
                else None
            ),
        )
    return context


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for(request.user, pk)
    return render(request, "service/team_detail.html", _team_context(request, team))


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:

    team = team_for(request.user, pk, lead=True)
    form = MemberAddForm(request.POST, **_candidates(team, request.user, ""))
    if form.is_valid():
        data = form.cleaned_data
        community = services.community_of(team.area)
        try:
            if data["volunteer"]:
                volunteer = Volunteer.objects.get(pk=data["volunteer"], area=community)
            elif data["resident"]:
                resident = Resident.objects.select_related("household__area").get(pk=data["resident"])
                volunteer = Volunteer.objects.filter(area=community, resident=resident).first() or (
                    services.volunteer_register(actor=request.user, area=community, resident=resident)
                )
            else:
                member = PartyMember.objects.get(pk=data["member"])
                volunteer = Volunteer.objects.filter(area=community, member=member).first() or (
                    services.volunteer_register(actor=request.user, area=community, member=member)
                )
            services.team_member_add(actor=request.user, team=team, volunteer=volunteer)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(name)s joined the team.") % {"name": volunteer.name})
            return redirect("service:team_detail", team.pk)
    return render(request, "service/team_detail.html", _team_context(request, team, add_form=form), status=400)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, volunteer_pk: int) -> HttpResponse:
    team = team_for(request.user, pk, lead=True)
    volunteer = Volunteer.objects.filter(pk=volunteer_pk, memberships__team=team).first()
    if volunteer is None:
        raise Http404
    try:
        services.team_member_remove(actor=request.user, team=team, volunteer=volunteer)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s left the team.") % {"name": volunteer.name})
    return redirect("service:team_detail", team.pk)


@login_required
@require_POST
def leader_set(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for(request.user, pk)
    if not queries.may_run_service(request.user, team.area.path):
        raise PermissionDenied
    members = [
        (v.pk, v.name)
        for v in Volunteer.objects.filter(memberships__team=team, memberships__left_on__isnull=True).order_by("pk")
    ]
    form = LeaderForm(request.POST, members=members)
    if form.is_valid():
        leader = (
            Volunteer.objects.filter(pk=form.cleaned_data["leader"]).first() if form.cleaned_data["leader"] else None
        )
        try:
            services.team_leader_set(actor=request.user, team=team, volunteer=leader)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The team's leader was saved."))
            return redirect("service:team_detail", team.pk)
    return render(request, "service/team_detail.html", _team_context(request, team, leader_form=form), status=400)


def _credit_confirmed(actor: Actor, volunteer: Volunteer) -> bool:
    # A leader's entry is their confirmation, except for their own hours: those wait for staff.
    return volunteer.user_id is None or volunteer.user_id != actor.pk


@login_required
@require_POST
def hours_entry(request: HttpRequest, pk: int) -> HttpResponse:
    team = team_for(request.user, pk, lead=True)
    members = [
        (v.pk, v.name)
        for v in Volunteer.objects.filter(memberships__team=team, memberships__left_on__isnull=True).order_by("pk")
    ]
    form = HoursForm(request.POST, volunteers=members)
    if form.is_valid():
        data = dict(form.cleaned_data)
        volunteer = Volunteer.objects.get(pk=data.pop("volunteer"))
        try:
            row = services.hours_credit(
                actor=request.user,
                volunteer=volunteer,
                team=team,
                area=services.community_of(team.area),
                source=HoursSource.MANUAL,
                source_id=None,
                served_on=data["served_on"],
                hours=data["hours"],
                description=data["description"],
                people_served=data["people_served"] or 0,
                confirmed=_credit_confirmed(request.user, volunteer),
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(hours)s hours were credited to %(name)s.") % {"hours": row.hours, "name": volunteer.name},
            )
            return redirect("service:team_detail", team.pk)
    return render(request, "service/team_detail.html", _team_context(request, team, hours_form=form), status=400)


@login_required
@require_POST
def case_hours(request: HttpRequest, pk: int) -> HttpResponse:
    """Hours for the members who worked on a service request the team returned resolved."""

    team = team_for(request.user, pk, lead=True)
    members = [
        (v.pk, v.name)
        for v in Volunteer.objects.filter(memberships__team=team, memberships__left_on__isnull=True).order_by("pk")
    ]
    form = CaseHoursForm(request.POST, cases=queries.returned_requests(team), volunteers=members)
    if form.is_valid():
        data = form.cleaned_data
        case = Case.objects.get(pk=data["case"])
        try:
            rows = services.case_hours_credit(
                actor=request.user,
                team=team,
                case=case,
                volunteers=list(Volunteer.objects.filter(pk__in=data["volunteers"])),
                served_on=data["served_on"],
                hours=data["hours"],
                confirm_others=True,
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("Hours for %(code)s were credited to %(n)s volunteers.")
                % {"code": case.tracking_code, "n": len(rows)},
            )
            return redirect("service:team_detail", team.pk)
    return render(request, "service/team_detail.html", _team_context(request, team, case_form=form), status=400)
