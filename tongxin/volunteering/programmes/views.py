"""Staff pages of programmes: list, detail, create and edit, sessions, desk enrolment,
attendance, teachers' hours. Reading takes Perm.VIEW, every change Perm.SERVICE: a page with a
form asks for it before showing the form, and the service checks it again on every write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate, text_param
from tongxin.platform.core.trees import node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.volunteering.programmes import services
from tongxin.volunteering.programmes.forms import EnrolForm, ProgrammeForm, RepeatForm, SessionForm
from tongxin.volunteering.programmes.models import (
    Audience,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Programme,
    ProgrammeKind,
    Session,
)
from tongxin.volunteering.programmes.queries import (
    PERIODS,
    attendance_sheet,
    enrolments_of,
    programme_rows,
    sessions_of,
)
from tongxin.volunteering.service.models import Volunteer, VolunteerTeam

MAX_CHOICES = 400
ROWS_PER_PAGE = 30
FILTER_LEVELS = ["district", "subdistrict", *COMMUNITY_LEVELS]


def _programme(user: Any, pk: int, perm: str | None = None) -> Programme:
    return get_for(user, Programme.objects.select_related("area", "team"), pk, perm=perm)


def _communities(user: Any, perm: str) -> list[tuple[int, str]]:
    qs = visible_to(Area.objects.filter(level__in=COMMUNITY_LEVELS), user, perm)
    return list(qs.order_by("path").values_list("pk", "name")[:MAX_CHOICES])


def _volunteers(area_ids: list[int]) -> list[tuple[int, str]]:
    rows = (
        Volunteer.objects.filter(area_id__in=area_ids, is_active=True)
        .order_by("area__path", "name_pinyin", "id")
        .values_list("pk", "name", "area__name")[:MAX_CHOICES]
    )
    several = len(area_ids) > 1
    return [(pk, f"{name} · {area}" if several else name) for pk, name, area in rows]


def _teams(area_ids: list[int]) -> list[tuple[int, str]]:
    rows = (
        VolunteerTeam.objects.filter(area_id__in=area_ids, is_active=True)
        .order_by("area__path", "name")
        .values_list("pk", "name", "area__name")[:MAX_CHOICES]
    )
    return [(pk, f"{name} · {area}") for pk, name, area in rows]


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    require(request.user, Perm.VIEW)
    node_id = int_param(request, "node")
    node = get_for(request.user, Area, node_id) if node_id is not None else None
    kind = text_param(request, "kind", 20)
    kind = kind if kind in ProgrammeKind.values else ""
    period = text_param(request, "period", 10)
    period = period if period in PERIODS else "current"
    rows = programme_rows(request.user, node=node, kind=kind, period=period)
    nodes = node_choices(visible_to(Area.objects.filter(level__in=FILTER_LEVELS), request.user), MAX_CHOICES, node)
    context = {
        "node": node,
        "nodes": nodes,
        "kind": kind,
        "kinds": ProgrammeKind.choices,
        "period": period,
        "can_write": scope.has_perm(Perm.SERVICE),
        "nav": "programmes",
        **paginate(request, rows, ROWS_PER_PAGE),
    }
    return render(request, "programmes/list.html", context)


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request.user, pk)
    scope = scope_for(request.user)
    can_write = scope.allows_path(Perm.SERVICE, "area", programme.area.path)
    waiting = list(enrolments_of(programme, EnrolmentStatus.WAITING))
    context = {
        "programme": programme,
        "teachers": list(programme.teachers.order_by("name_pinyin", "id")),
        "sessions": list(sessions_of(programme)),
        "enrolled": list(enrolments_of(programme, EnrolmentStatus.ENROLLED)),
        "waiting": waiting,
        "waiting_total": len(waiting),
        "can_write": can_write,
        "can_reveal": scope.allows_path(Perm.REVEAL, "area", programme.area.path),
        "today": timezone.localdate(),
        "nav": "programmes",
    }
    return render(request, "programmes/detail.html", context)


def _programme_form(request: HttpRequest, programme: Programme | None) -> ProgrammeForm:
    if programme is not None:
        area_ids = [programme.area_id]
        areas = [(programme.area_id, programme.area.name)]
        initial: dict[str, Any] = {f: getattr(programme, f) for f in services.PROGRAMME_FIELDS} | {
            "area": programme.area_id,
            "team": programme.team_id,
            "teachers": list(programme.teachers.values_list("pk", flat=True)),
        }
    else:
        areas = _communities(request.user, Perm.SERVICE)
        area_ids = [pk for pk, _name in areas]
        today = timezone.localdate()
        initial = {"start_date": today, "end_date": today, "audience": Audience.CHILDREN}
        if len(areas) == 1:
            initial["area"] = areas[0][0]
    return ProgrammeForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        areas=areas,
        teachers=_volunteers(area_ids),
        teams=_teams(area_ids),
    )


def _save_programme(request: HttpRequest, form: ProgrammeForm, programme: Programme | None) -> Programme | None:
    data = dict(form.cleaned_data)
    area_id = data.pop("area")
    area = programme.area if programme is not None else Area.objects.filter(pk=area_id).first()
    if area is None or (programme is not None and area_id != programme.area_id):
        form.add_error("area", _("Choose from the list."))
        return None
    teachers = list(Volunteer.objects.filter(pk__in=data.pop("teachers")))
    team_id = data.pop("team")
    team = VolunteerTeam.objects.select_related("area").filter(pk=team_id).first() if team_id else None
    try:
        if programme is None:
            return services.programme_create(actor=request.user, area=area, teachers=teachers, team=team, **data)
        return services.programme_update(actor=request.user, programme=programme, teachers=teachers, team=team, **data)
    except Forbidden:
        raise  # ForbiddenMiddleware answers 403
    except DomainError as exc:
        add_domain_errors(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.SERVICE)
    form = _programme_form(request, None)
    if request.method == "POST" and form.is_valid():
        programme = _save_programme(request, form, None)
        if programme is not None:
            messages.success(request, _("The programme was created. Add its sessions next."))
            return redirect("programmes:detail", programme.pk)
    return render(request, "programmes/form.html", {"form": form, "title": _("New programme"), "nav": "programmes"})


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request.user, pk, Perm.SERVICE)
    form = _programme_form(request, programme)
    if request.method == "POST" and form.is_valid():
        if _save_programme(request, form, programme) is not None:
            messages.success(request, _("The programme was saved."))
            return redirect("programmes:detail", programme.pk)
    return render(
        request,
        "programmes/form.html",
        {"form": form, "programme": programme, "title": _("Edit programme"), "nav": "programmes"},
    )


def _teacher(programme: Programme, teacher_id: int | None) -> Volunteer | None:
    return Volunteer.objects.filter(pk=teacher_id).first() if teacher_id else None


@login_required
@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request.user, pk, Perm.SERVICE)
    teachers = _volunteers([programme.area_id])
    initial = {"date": max(programme.start_date, min(timezone.localdate(), programme.end_date))}
    form = SessionForm(request.POST if request.method == "POST" else None, initial=initial, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["teacher"] = _teacher(programme, data.pop("teacher"))
        try:
            services.session_add(actor=request.user, programme=programme, **data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The session was added."))
            return redirect("programmes:detail", programme.pk)
    return render(
        request,
        "programmes/session_form.html",
        {"form": form, "programme": programme, "title": _("Add a session"), "nav": "programmes"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sessions_repeat(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request.user, pk, Perm.SERVICE)
    teachers = _volunteers([programme.area_id])
    initial = {
        "first": programme.start_date,
        "last": programme.end_date,
        "weekdays": [0, 1, 2, 3, 4],
        "starts_at": "16:30",
        "ends_at": "18:00",
    }
    form = RepeatForm(request.POST if request.method == "POST" else None, initial=initial, teachers=teachers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["teacher"] = _teacher(programme, data.pop("teacher"))
        try:
            made = services.sessions_repeat(actor=request.user, programme=programme, **data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(n)d sessions were added.") % {"n": len(made)})
            return redirect("programmes:detail", programme.pk)
    return render(
        request,
        "programmes/session_form.html",
        {"form": form, "programme": programme, "title": _("Add repeating sessions"), "nav": "programmes"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol someone at the community desk (phone optional, no consent box: staff explain it)."""
    programme = _programme(request.user, pk, Perm.SERVICE)
    child = programme.audience == Audience.CHILDREN
    form = EnrolForm(request.POST if request.method == "POST" else None, public=False, child=child)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services.enrolment_create(
                actor=request.user,
                programme=programme,
                name=data["name"],
                phone=data["phone"],
                birth_date=data["birth_date"],
                guardian_name=data["guardian_name"],
                source=EnrolmentSource.STAFF,
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            if enrolment.status == EnrolmentStatus.ENROLLED:
                messages.success(
                    request,
                    _("%(name)s is enrolled. Lookup code: %(code)s.")
                    % {"name": enrolment.name, "code": enrolment.code},
                )
            else:
                messages.warning(
                    request,
                    _("The programme is full: %(name)s is on the waiting list, position %(n)d. Lookup code: %(code)s.")
                    % {"name": enrolment.name, "n": services.waiting_rank(enrolment) or 0, "code": enrolment.code},
                )
            return redirect("programmes:detail", programme.pk)
    return render(
        request,
        "programmes/enrol_form.html",
        {"form": form, "programme": programme, "nav": "programmes"},
    )


@login_required
@require_POST
def enrolment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = get_for(request.user, Enrolment.objects.all(), pk)
    try:
        services.enrolment_cancel(actor=request.user, enrolment=enrolment)
    except Forbidden:
        raise  # ForbiddenMiddleware answers 403
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The enrolment of %(name)s was cancelled.") % {"name": enrolment.name})
    return redirect("programmes:detail", enrolment.programme_id)


@login_required
@require_POST
def enrolment_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The full phone number for staff who may see it (audited); shown once, never stored in a message."""
    enrolment = get_for(request.user, Enrolment.objects.select_related("programme"), pk)
    phone = services.enrolment_reveal(actor=request.user, enrolment=enrolment)
    response = render(
        request,
        "programmes/reveal.html",
        {"enrolment": enrolment, "phone": phone, "programme": enrolment.programme, "nav": "programmes"},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The tick list of one session, made for a phone at the classroom door."""
    session = get_for(
        request.user, Session.objects.select_related("programme", "programme__area"), pk, perm=Perm.SERVICE
    )
    if request.method == "POST":
        present = [int(v) for v in request.POST.getlist("present") if v.isdigit() and len(v) < 18]
        n = services.attendance_record(actor=request.user, session=session, present_ids=present)
        messages.success(request, _("Attendance saved: %(n)d present.") % {"n": n})
        return redirect("programmes:attendance", session.pk)
    rows = attendance_sheet(session)
    return render(
        request,
        "programmes/attendance.html",
        {
            "session": session,
            "programme": session.programme,
            "rows": rows,
            "present": sum(1 for _e, p in rows if p),
            "nav": "programmes",
        },
    )


@login_required
@require_POST
def session_held(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_for(request.user, Session.objects.select_related("programme"), pk)
    try:
        held = services.session_mark_held(actor=request.user, session=session)
    except Forbidden:
        raise  # ForbiddenMiddleware answers 403
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The session of %(date)s is marked as held; the teachers were credited %(hours)s hours each.")
            % {"date": held.date.isoformat(), "hours": f"{held.hours:g}"},
        )
    return redirect("programmes:detail", session.programme_id)
