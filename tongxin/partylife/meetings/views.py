from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.partylife.meetings import services
from tongxin.partylife.meetings.compliance import State, compliance_matrix
from tongxin.partylife.meetings.forms import (
    AttendanceSheet,
    ComplianceForm,
    MeetingFilterForm,
    MeetingForm,
    RequirementForm,
    default_year,
)
from tongxin.partylife.meetings.models import Attendance, Meeting, MeetingFile, MeetingKind, MeetingRequirement
from tongxin.partylife.meetings.queries import (
    can_record,
    compliance_root,
    is_voting,
    meeting_list,
    own_attendance,
    quorum,
    roster,
    unread_minutes,
)
from tongxin.partylife.meetings.requirements import active_requirements, requirement_set
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate
from tongxin.platform.core.stored_files import stored_file_response
from tongxin.platform.core.trees import ORG, node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.party.models import Organization, OrgKind

MAX_CHOICES = 400
# Organizations that hold meetings (a member household does not).
MEETING_ORG_KINDS = [k for k in OrgKind.values if k != OrgKind.MEMBER_HOUSEHOLD]


def _org_choices(user: Actor, perm: str, selected: Organization | None = None) -> list[tuple[int, str]]:
    qs = visible_to(Organization.objects.filter(kind__in=MEETING_ORG_KINDS), user, perm)
    return node_choices(qs, MAX_CHOICES, selected)


@login_required
def meeting_index(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    require(request.user, Perm.VIEW)
    node_id = int_param(request, "node")
    node = get_for(request.user, Organization, node_id) if node_id is not None else None
    form = MeetingFilterForm(request.GET or None, nodes=_org_choices(request.user, Perm.VIEW, node))
    data = form.cleaned_data if form.is_valid() else {}
    qs = meeting_list(request.user, node=node, kind=data.get("kind") or "", year=data.get("year"))
    context = {
        "form": form,
        "node": node,
        "nav": "meetings",
        "can_record": scope.has_perm(Perm.MEETINGS),
        **paginate(request, qs),
    }
    return render(request, "meetings/list.html", context)


def _sheet(org: Organization, meeting: Meeting | None, data: Any = None) -> AttendanceSheet:
    members = list(roster(org))
    existing: dict[int, Attendance] = {}
    if meeting is not None:
        existing = {a.member_id: a for a in meeting.attendances.all() if a.member_id is not None}
        listed = {m.pk for m in members}
        # Whoever is on the meeting's list already stays on the sheet, even after leaving.
        members += [
            a.member for a in meeting.attendances.select_related("member") if a.member and a.member_id not in listed
        ]
    return AttendanceSheet(members, existing, data=data, voting={m.pk for m in members if is_voting(m)})


def _meeting_form_page(
    request: HttpRequest, org: Organization, meeting: Meeting | None, initial: dict[str, Any]
) -> HttpResponse:
    posted = request.method == "POST"
    form = MeetingForm(request.POST if posted else None, request.FILES if posted else None, initial=initial)
    sheet = _sheet(org, meeting, request.POST if posted else None)
    if posted and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "files"}
        try:
            saved = services.meeting_save(
                actor=request.user,
                org=org,
                meeting=meeting,
                fields=fields,
                attendance=sheet.entries(),
                files=form.cleaned_data["files"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("meetings:detail", saved.pk)
    attendance_errors = form.errors.get("attendance", [])
    title = _("Record a meeting of %(org)s") % {"org": org.name} if meeting is None else _("Edit the meeting")
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "sheet": sheet,
            "org": org,
            "meeting": meeting,
            "attendance_errors": attendance_errors,
            "nav": "meetings",
            "title": title,
            "kinds_with_rating": [MeetingKind.REVIEW],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MEETINGS)
    org_id = int_param(request, "org")
    if org_id is None:
        # First pick the organization: its roster makes the attendance sheet.
        choices = _org_choices(request.user, Perm.MEETINGS)
        return render(request, "meetings/choose_org.html", {"choices": choices, "nav": "meetings"})
    org = get_for(request.user, Organization, org_id, perm=Perm.MEETINGS)
    if org.kind not in MEETING_ORG_KINDS:
        raise Http404
    kind = request.GET.get("kind", "")
    initial = {"kind": kind if kind in MeetingKind.values else MeetingKind.GENERAL}
    return _meeting_form_page(request, org, None, initial)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_for(request.user, Meeting.objects.select_related("org"), pk, perm=Perm.MEETINGS)
    initial = {field: getattr(meeting, field) for field in services.MEETING_FIELDS}
    initial["starts_at"] = meeting.starts_at.astimezone(SHANGHAI)
    return _meeting_form_page(request, meeting.org, meeting, initial)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_for(request.user, Meeting.objects.select_related("org"), pk)
    scope = scope_for(request.user)
    sees_org = scope.allows_path(Perm.VIEW, ORG, meeting.org.path)
    rows = list(meeting.attendances.all().order_by("member_name", "id")) if sees_org else []
    own = Attendance.objects.filter(meeting=meeting, member__user_id=request.user.pk).first()
    counts = {s: 0 for s in Attendance.Status.values}
    for row in rows:
        counts[row.status] += 1
    context = {
        "meeting": meeting,
        "rows": rows,
        "counts": counts,
        "own": own,
        "sees_org": sees_org,
        "quorum": quorum(meeting) if meeting.kind == MeetingKind.GENERAL else None,
        "held": meeting.starts_at <= timezone.now(),
        "can_edit": can_record(request.user, meeting.org),
        "files": list(meeting.files.all()) if sees_org or own else [],
        "nav": "my_meetings" if not sees_org else "meetings",
    }
    return render(request, "meetings/detail.html", context)


@login_required
@require_POST
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_for(request.user, Meeting.objects.select_related("org"), pk, perm=Perm.MEETINGS)
    try:
        services.meeting_delete(actor=request.user, meeting=meeting)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("meetings:detail", meeting.pk)
    messages.success(request, _("The meeting was removed."))
    return redirect(f"{reverse('meetings:list')}?node={meeting.org_id}")


def _own_row(request: HttpRequest, pk: int) -> Attendance:
    row = (
        Attendance.objects.filter(meeting_id=pk, member__user_id=request.user.pk)
        .select_related("meeting", "member")
        .first()
    )
    if row is None:
        raise Http404
    return row


@login_required
@require_POST
def meeting_note(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    row = _own_row(request, pk)
    note = request.POST.get("note")
    try:
        services.attendance_note(actor=request.user, attendance=row, note=note)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you: your study note was saved.") if note else _("Marked as read."))
    return redirect("meetings:detail", pk)


@login_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    unread = request.GET.get("unread") == "1"
    rows = unread_minutes(request.user, timezone.localdate()) if unread else own_attendance(request.user)
    return render(request, "meetings/mine.html", {"nav": "my_meetings", "unread": unread, **paginate(request, rows)})


@login_required
def meeting_file(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    meeting = get_for(request.user, Meeting, pk)
    item = MeetingFile.objects.filter(meeting=meeting, pk=file_id).first()
    if item is None:
        raise Http404
    return stored_file_response(item)


@login_required
@require_POST
def meeting_file_delete(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    meeting = get_for(request.user, Meeting, pk, perm=Perm.MEETINGS)
    item = MeetingFile.objects.filter(meeting=meeting, pk=file_id).first()
    if item is None:
        raise Http404
    services.meeting_file_delete(actor=request.user, meeting_file=item)
    messages.success(request, _("The file was removed."))
    return redirect("meetings:detail", meeting.pk)


COMPLIANCE_PER_PAGE = 40
BEHIND_SHOWN = 30


@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    require(request.user, Perm.VIEW)
    node_id = int_param(request, "node")
    if node_id is not None:
        root: Organization | None = get_for(request.user, Organization, node_id)
    else:
        root = compliance_root(request.user)
    choices = _org_choices(request.user, Perm.VIEW, root)
    form = ComplianceForm(request.GET or None, nodes=choices, initial={"node": root.pk if root else None})
    year = default_year()
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
    matrix = compliance_matrix(root=root, year=year, at=timezone.now()) if root or scope.is_admin else None
    behind = matrix.behind if matrix else []
    context = {
        "form": form,
        "matrix": matrix,
        # A subdistrict has hundreds of organizations: the matrix comes a page at a time, the
        # list of who is behind shows the furthest behind first.
        **(paginate(request, matrix.orgs, COMPLIANCE_PER_PAGE) if matrix else {}),
        "behind": behind[:BEHIND_SHOWN],
        "behind_more": max(len(behind) - BEHIND_SHOWN, 0),
        "behind_total": len(behind),
        "due_total": matrix.total(State.DUE) if matrix else 0,
        "root": root,
        "year": year,
        "months": range(1, 13),
        "nav": "compliance",
        "list_url": reverse("meetings:list"),
    }
    return render(request, "meetings/compliance.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def requirements(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).is_admin:
        raise PermissionDenied
    active_requirements()  # the defaults exist before anyone edits them
    current = {(r.org_kind, r.meeting_kind): (r.period, r.min_members) for r in MeetingRequirement.objects.all()}
    form = RequirementForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        for org_kind, meeting_kind in {
            (name.split("__")[0], name.split("__")[1]) for name in form.fields if name.count("__") == 1
        }:
            name = f"{org_kind}__{meeting_kind}"
            requirement_set(
                actor=request.user,
                org_kind=org_kind,
                meeting_kind=meeting_kind,
                period=form.cleaned_data[name],
                min_members=form.cleaned_data[f"{name}__min"],
            )
        messages.success(request, _("Saved."))
        return redirect("meetings:requirements")
    return render(request, "meetings/requirements.html", {"form": form, "nav": "meeting_requirements"})
