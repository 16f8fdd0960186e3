"""Joint meetings' pages: the list, plan one, its page (agenda, attendance, decisions), propose an
item (staff, seat holders, unit contacts from their portal), review items, record attendance and
the meeting, the minutes in Word and PDF, and a decision made a project."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.cobuilding.committee import minutes as minutes_export
from tongxin.cobuilding.committee import queries, rules, services
from tongxin.cobuilding.committee.forms import MeetingForm, ProjectForm, ProposeForm, RecordForm
from tongxin.cobuilding.committee.models import AgendaItem, JointMeeting
from tongxin.cobuilding.committee.views import _pk, _units, committee_for
from tongxin.cobuilding.projects.models import Need
from tongxin.cobuilding.projects.services import AlreadyClaimed, may_run
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.queries import units_answered_by

NAV = "joint_meetings"


def meeting_for(user: Any, pk: Any) -> JointMeeting:
    if not queries.reads_committees(user):
        raise PermissionDenied
    found = queries.meetings_visible_to(user).select_related("committee__community").filter(pk=_pk(pk)).first()
    if found is None:
        raise Http404
    return found


def _writer(user: Any, meeting: JointMeeting) -> None:
    if not may_run(user, meeting.committee.community):
        raise PermissionDenied


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    if not queries.reads_committees(request.user):
        raise PermissionDenied
    qs = queries.meetings_visible_to(request.user).select_related("committee__community").order_by("-starts_at", "-id")
    status = request.GET.get("status", "")
    if status in JointMeeting.Status.values:
        qs = qs.filter(status=status)
    context = {**paginate(request, qs), "status": status, "statuses": JointMeeting.Status.choices, "nav": NAV}
    return render(request, "committee/meeting_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_for(request.user, pk)
    if not may_run(request.user, committee.community):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, initial={"title": _("Joint meeting"), "place": ""})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_plan(actor=request.user, committee=committee, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The meeting was planned: members may propose agenda items now."))
            return redirect("committee:meeting", meeting.pk)
    context = {"form": form, "title": _("Plan a joint meeting"), "back": committee, "nav": NAV}
    return render(request, "committee/form.html", context)


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    committee = meeting.committee
    agenda = list(meeting.agenda.select_related("proposer_unit", "project").order_by("sort_order", "id"))
    attendance = list(meeting.attendance.order_by(F("seat_id").asc(nulls_last=True), "id"))
    day = timezone.localdate(meeting.starts_at)
    closes = rules.agenda_closes_on(day, committee.agenda_days)
    today = timezone.localdate()
    context = {
        "meeting": meeting,
        "committee": committee,
        "agenda": agenda,
        "attendance": attendance,
        "present_n": sum(1 for a in attendance if a.present and a.seat_id),
        "expected_n": sum(1 for a in attendance if a.seat_id),
        "agenda_closes": closes,
        "agenda_open": meeting.status == JointMeeting.Status.PLANNED and today <= closes,
        "started": meeting.starts_at <= timezone.now(),
        "can_write": may_run(request.user, committee.community),
        "nav": NAV,
    }
    return render(request, "committee/meeting_detail.html", context)


def _proposer_meeting(request: HttpRequest, pk: int) -> JointMeeting:
    """A meeting the user may propose for (staff, seat holders, unit contacts), else 404 —
    a unit contact does not read the committee's pages."""
    found = JointMeeting.objects.select_related("committee__community").filter(pk=_pk(pk)).first()
    if found is None or not services.may_propose(request.user, found):
        if found is not None and queries.reads_committees(request.user):
            if queries.meetings_visible_to(request.user).filter(pk=found.pk).exists():
                raise PermissionDenied
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _proposer_meeting(request, pk)
    committee = meeting.committee
    staff = may_run(request.user, committee.community)
    own_units = (
        []
        if staff
        else list(units_answered_by(request.user).filter(area__path__startswith=committee.community.path)[:20])
    )
    form = ProposeForm(request.POST or None, units=[(u.pk, u.name) for u in own_units])
    closes = rules.agenda_closes_on(timezone.localdate(meeting.starts_at), committee.agenda_days)
    if request.method == "POST" and form.is_valid():
        unit_pk = form.cleaned_data.get("unit")
        unit = next((u for u in own_units if u.pk == unit_pk), None) if unit_pk else None
        try:
            services.agenda_propose(
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                unit=unit,
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Your item was proposed. The office will tell you if it is on the agenda."))
            return redirect("committee:meeting", meeting.pk) if staff else redirect("portal:portal")
    context = {
        "form": form,
        "meeting": meeting,
        "agenda_closes": closes,
        "agenda_open": meeting.status == JointMeeting.Status.PLANNED and timezone.localdate() <= closes,
        "staff": staff,
        "nav": NAV if staff else "portal",
    }
    return render(request, "committee/propose.html", context)


def _item(request: HttpRequest, pk: int) -> AgendaItem:
    if not queries.reads_committees(request.user):
        raise PermissionDenied
    meetings = queries.meetings_visible_to(request.user)
    found = (
        AgendaItem.objects.filter(pk=_pk(pk), meeting__in=meetings)
        .select_related("meeting__committee__community")
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@require_POST
def item_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    _writer(request.user, item.meeting)
    accept = request.POST.get("decision") == "accept"
    try:
        services.agenda_review(actor=request.user, item=item, accept=accept)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The item is on the agenda.") if accept else _("The item was not taken."))
    return redirect("committee:meeting", item.meeting_id)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    _writer(request.user, meeting)
    rows = list(meeting.attendance.order_by(F("seat_id").asc(nulls_last=True), "id"))
    error = ""
    if request.method == "POST":
        present = []
        for value in request.POST.getlist("present"):
            try:
                present.append(int(value))
            except ValueError:
                continue
        guests = [g for g in request.POST.get("guests", "").replace("、", "\n").replace(",", "\n").splitlines()]
        try:
            services.attendance_record(actor=request.user, meeting=meeting, present_ids=present, guests=guests)
        except DomainError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect("committee:meeting", meeting.pk)
    context = {"meeting": meeting, "rows": rows, "error": error, "nav": NAV}
    return render(request, "committee/attendance.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    _writer(request.user, meeting)
    items = list(
        meeting.agenda.filter(status__in=[AgendaItem.Status.ACCEPTED, AgendaItem.Status.DECIDED]).order_by(
            "sort_order", "id"
        )
    )
    initial = {"chair": meeting.chair, "clerk": meeting.clerk, "summary": meeting.summary}
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {
            i.pk: (request.POST.get(f"discussion_{i.pk}", ""), request.POST.get(f"decision_{i.pk}", "")) for i in items
        }
        try:
            services.meeting_record(actor=request.user, meeting=meeting, items=values, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The meeting was recorded. The minutes can be downloaded."))
            return redirect("committee:meeting", meeting.pk)
    if request.method == "POST":
        for i in items:
            i.discussion = request.POST.get(f"discussion_{i.pk}", "")
            i.decision = request.POST.get(f"decision_{i.pk}", "")
    context = {"meeting": meeting, "form": form, "items": items, "nav": NAV}
    return render(request, "committee/record.html", context)


def _download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    meeting = meeting_for(request.user, pk)
    if meeting.status != JointMeeting.Status.HELD:
        raise Http404
    agenda = list(meeting.agenda.order_by("sort_order", "id"))
    rows = list(meeting.attendance.order_by(F("seat_id").asc(nulls_last=True), "id"))
    context = minutes_export.minutes_context(meeting, agenda, rows)
    if kind == "docx":
        body = minutes_export.minutes_docx(context)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        disposition = "attachment"
    else:
        body = minutes_export.minutes_pdf(context)
        content_type, disposition = "application/pdf", "inline"
    audit_record(actor=request.user, action="export", obj=meeting, changes={"minutes": kind, "title": meeting.title})
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="joint-meeting-{meeting.pk}.{kind}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "docx")


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "pdf")


@login_required
@require_http_methods(["GET", "POST"])
def item_project(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    meeting = item.meeting
    _writer(request.user, meeting)
    community = meeting.committee.community
    needs = Need.objects.filter(community=community, status=Need.Status.OPEN).order_by("-created_at", "-id")[:200]
    form = ProjectForm(
        request.POST or None,
        units=_units(meeting.committee),
        needs=[(n.pk, n.title) for n in needs],
        initial={"title": item.title},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = ResidentUnit.objects.filter(pk=data["unit"], area__path__startswith=community.path).first()
        need = Need.objects.filter(pk=data["need"], community=community).first() if data["need"] else None
        try:
            if unit is None:
                raise DomainError({"unit": _("The unit is not in this community.")})
            services.item_make_project(
                actor=request.user, item=item, unit=unit, need=need, category=data["category"], title=data["title"]
            )
        except AlreadyClaimed as exc:
            form.add_error("need", exc)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The decision is now a co-building project of %(unit)s.") % {"unit": unit.name})
            return redirect("committee:meeting", meeting.pk)
    context = {"form": form, "item": item, "meeting": meeting, "nav": NAV}
    return render(request, "committee/item_project.html", context)
