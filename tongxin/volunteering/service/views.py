"""Pages of volunteer service: teams, volunteers, the hours to confirm, totals, one's own hours."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate, text_param
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
    OfferingForm,
    PeriodForm,
    RejectForm,
    TeamForm,
    VolunteerForm,
)
from tongxin.volunteering.service.models import (
    HoursSource,
    ServiceHours,
    ServiceOffering,
    ServiceRequest,
    Speciality,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)

FIRST_YEAR = 2000
MAX_CHOICES = 400
ROWS_PER_PAGE = 50


def _year(request: HttpRequest) -> int:
    year = int_param(request, "year")
    this = timezone.localdate().year
    return year if year is not None and FIRST_YEAR <= year <= this else this


def _years(year: int) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(this - 4, this + 1), year}, reverse=True)


def _node(request: HttpRequest) -> Area | None:
    node_id = int_param(request, "node")
    return get_for(request.user, Area, node_id) if node_id is not None else None


def _filter_nodes(user: Actor, selected: Area | None) -> list[tuple[int, str]]:
    qs = visible_to(Area.objects.filter(level__in=["district", "subdistrict", *COMMUNITY_LEVELS, Level.GRID]), user)
    return node_choices(qs, MAX_CHOICES, selected)


def _require_view(user: Actor) -> None:
    if not scope_for(user).has_perm(Perm.VIEW) and not queries.teams_visible_to(user).exists():
        raise PermissionDenied


# Teams


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


def team_for(user: Actor, pk: Any, *, lead: bool = False) -> VolunteerTeam:
    """The team, or 404 outside what the user sees; with `lead`, 403 unless they run it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    team = queries.teams_visible_to(user).select_related("area", "leader", "unit").filter(pk=pk).first()
    if team is None:
        raise Http404
    if lead and not queries.may_lead(user, team):
        raise PermissionDenied
    return team


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


def _resident_choices(residents: QuerySet[Any]) -> list[tuple[int, str]]:
    """Residents by name, labelled with their building and flat."""
    rows = residents.order_by("name_pinyin", "id").values_list(
        "pk", "name", "household__area__name", "household__number"
    )[:MAX_CHOICES]
    return [(pk, f"{name} · {building}{number}") for pk, name, building, number in rows]


def _member_choices(members: QuerySet[Any]) -> list[tuple[int, str]]:
    """Party members by name, labelled with their organization."""
    rows = members.order_by("name_pinyin", "id").values_list("pk", "name", "org__name")[:MAX_CHOICES]
    return [(pk, f"{name} · {org}") for pk, name, org in rows]


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


# Volunteers


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


# Hours


def _may_confirm_any(user: Actor) -> bool:
    return scope_for(user).has_perm(Perm.SERVICE) or queries.teams_led_by(user).exists()


@login_required
@require_http_methods(["GET", "POST"])
def hours_pending(request: HttpRequest) -> HttpResponse:
    """Hours waiting for confirmation: check the rows and confirm them together."""
    if not _may_confirm_any(request.user):
        raise PermissionDenied
    node = _node(request)
    rows = queries.pending_hours(request.user, node=node)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("rows") if v.isdigit() and len(v) < 18]
        chosen = list(rows.filter(pk__in=ids))
        if not chosen:
            messages.error(request, _("Check the hours to confirm first."))
        else:
            done = services.hours_confirm_many(rows=chosen, actor=request.user)
            messages.success(request, _("%(n)s entries of hours were confirmed.") % {"n": done})
        return redirect(request.get_full_path())
    context = {
        "node": node,
        "nodes": _filter_nodes(request.user, node),
        "reject_form": RejectForm(),
        "nav": "service",
        **paginate(request, rows, ROWS_PER_PAGE),
    }
    return render(request, "service/hours_pending.html", context)


@login_required
@require_POST
def hours_reject(request: HttpRequest, pk: int) -> HttpResponse:
    qs = ServiceHours.objects.select_related("area", "volunteer")
    row = queries.pending_hours(request.user).filter(pk=pk).first()
    if row is None:
        if queries.hours_visible_to(request.user).filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    row = qs.get(pk=row.pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why these hours are rejected."))
    else:
        try:
            services.hours_reject(hours=row, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The hours of %(name)s were rejected.") % {"name": row.volunteer.name})
    return redirect("service:hours_pending")


@login_required
def hours_totals(request: HttpRequest) -> HttpResponse:
    """Confirmed hours per team and per community over any period."""
    require(request.user, Perm.VIEW)
    node = _node(request)
    today = timezone.localdate()
    default = {"start": datetime.date(today.year, 1, 1), "end": today}
    form = PeriodForm(request.GET if "start" in request.GET or "end" in request.GET else None, initial=default)
    period = form.cleaned_data if form.is_bound and form.is_valid() else default
    totals = queries.hours_totals(request.user, start=period["start"], end=period["end"], node=node)
    context = {
        "form": form,
        "start": period["start"],
        "end": period["end"],
        "node": node,
        "nodes": _filter_nodes(request.user, node),
        "totals": totals,
        "nav": "service",
    }
    return render(request, "service/hours_totals.html", context)


@login_required
def my_hours(request: HttpRequest) -> HttpResponse:
    """A signed-in volunteer's own hours, in every community they serve, by year."""
    records = list(Volunteer.objects.filter(user=request.user).select_related("area").order_by("area__path"))
    context = {
        "records": [(v, queries.volunteer_record(v)) for v in records],
        "this_year": timezone.localdate().year,
        "nav": "service",
    }
    return render(request, "service/my_hours.html", context)


# Catalogue


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


@login_required
def hours_list(request: HttpRequest) -> HttpResponse:
    """The confirmed hours rows behind the figures: a node and a period."""
    require(request.user, Perm.VIEW)
    node = _node(request)
    today = timezone.localdate()
    default = {"start": datetime.date(today.year, 1, 1), "end": today}
    form = PeriodForm(request.GET if "start" in request.GET or "end" in request.GET else None, initial=default)
    period = form.cleaned_data if form.is_bound and form.is_valid() else default
    rows = queries.hours_visible_to(request.user).filter(
        served_on__gte=period["start"], served_on__lte=period["end"], confirmed_at__isnull=False
    )
    if node is not None:
        rows = rows.filter(area__path__startswith=node.path)
    rows = rows.select_related("volunteer", "team", "area").order_by("-served_on", "-id")
    context = {
        "form": form,
        "start": period["start"],
        "end": period["end"],
        "node": node,
        "nodes": _filter_nodes(request.user, node),
        "nav": "service",
        **paginate(request, rows, ROWS_PER_PAGE),
    }
    return render(request, "service/hours_list.html", context)
