"""The big committee's pages: the list, a committee with its seats and member branches, the
members as people (and their export), the committees behind schedule. Thin: parse, call a
service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.cobuilding.committee import queries, rules, services
from tongxin.cobuilding.committee.exports import members_workbook
from tongxin.cobuilding.committee.forms import BranchForm, CommitteeForm, LeaveForm, SeatForm, default_term
from tongxin.cobuilding.committee.models import JointCommittee, MemberBranch, Seat
from tongxin.cobuilding.projects.services import may_run
from tongxin.platform.access.models import User
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import paginate, text_param
from tongxin.platform.core.people import person_search_q
from tongxin.platform.core.trees import AREA, node_choices
from tongxin.platform.web.reveal import reveal_view
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.party.models import Organization

NAV = "committees"
MAX_CHOICES = 400
MEMBERS_PAGE = 50


def _pk(value: Any) -> int:
    try:
        key = int(value)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if not 0 < key < 2**62:
        raise Http404
    return key


def committee_for(user: Any, pk: Any) -> JointCommittee:
    if not queries.reads_committees(user):
        raise PermissionDenied
    committee = queries.committees_visible_to(user).select_related("community").filter(pk=_pk(pk)).first()
    if committee is None:
        raise Http404
    return committee


def _writer(user: Any, committee: JointCommittee) -> None:
    if not may_run(user, committee.community):
        raise PermissionDenied


def _units(committee: JointCommittee) -> list[tuple[int, str]]:
    units = ResidentUnit.objects.filter(area__path__startswith=committee.community.path).order_by("name", "pk")
    return [(u.pk, u.name) for u in units[:MAX_CHOICES]]


@login_required
@require_GET
def committee_list(request: HttpRequest) -> HttpResponse:
    if not queries.reads_committees(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    qs: QuerySet[JointCommittee] = queries.committees_visible_to(request.user).select_related("community")
    ending = request.GET.get("terms") == "ending"
    if ending:
        seats = queries.seats_ending(queries.seats_visible_to(request.user), today)
        qs = qs.filter(queries.terms_ending_q(today) | Q(pk__in=seats.values("committee_id")))
    qs = queries.with_last_held(qs).annotate(
        seats_n=Count("seats", filter=Q(seats__left_on__isnull=True), distinct=True),
        branches_n=Count("branches", filter=Q(branches__left_on__isnull=True), distinct=True),
    )
    behind = set(
        queries.committees_visible_to(request.user).filter(queries.behind_q(today)).values_list("pk", flat=True)
    )
    page = paginate(request, qs.order_by("community__path", "name", "id"))
    until = rules.term_notice_until(today)
    context = {
        **page,
        "behind": behind,
        "ending": ending,
        "today": today,
        "notice_until": until,
        "can_write": queries.runs_committees(request.user),
        "nav": NAV,
    }
    return render(request, "committee/committee_list.html", context)


@login_required
@require_GET
def behind_list(request: HttpRequest) -> HttpResponse:
    if not queries.reads_committees(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    rows = list(queries.behind_committees(request.user, today)[:500])
    for c in rows:
        c.since = rules.behind_since(today, c.meeting_frequency)  # type: ignore[attr-defined]
    return render(request, "committee/behind_list.html", {"rows": rows, "today": today, "nav": "committees_behind"})


def _community_choices(user: Any) -> list[tuple[int, str]]:
    areas = visible_to(Area.objects.filter(level__in=COMMUNITY_LEVELS), user, Perm.COBUILD)
    return node_choices(areas, MAX_CHOICES)


@login_required
@require_http_methods(["GET", "POST"])
def committee_new(request: HttpRequest) -> HttpResponse:
    if not queries.runs_committees(request.user):
        raise PermissionDenied
    starts, ends = default_term()
    form = CommitteeForm(
        request.POST or None,
        communities=_community_choices(request.user),
        initial={"term_starts_on": starts, "term_ends_on": ends},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        community = get_for(request.user, Area, data.pop("community"))
        try:
            committee = services.committee_create(actor=request.user, community=community, **data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The committee was created. Add its members next."))
            return redirect("committee:committee", committee.pk)
    return render(
        request, "committee/form.html", {"form": form, "title": pgettext("big committee", "New committee"), "nav": NAV}
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_for(request.user, pk)
    _writer(request.user, committee)
    initial = {f: getattr(committee, f) for f in services.COMMITTEE_FIELDS}
    form = CommitteeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_update(actor=request.user, committee=committee, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The committee was saved."))
            return redirect("committee:committee", committee.pk)
    context = {"form": form, "title": _("Edit the committee"), "back": committee, "nav": NAV}
    return render(request, "committee/form.html", context)


@login_required
@require_GET
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_for(request.user, pk)
    today = timezone.localdate()
    seats = list(queries.seats_in_order(committee.seats.select_related("unit", "member")))
    branches = queries.branches_with_counts(committee)
    meetings = list(committee.meetings.annotate(items_n=Count("agenda")).order_by("-starts_at", "-id")[:20])
    last_held = max((m.starts_at for m in meetings if m.status == m.Status.HELD), default=None)
    behind = (
        rules.is_behind(
            today=today,
            frequency=committee.meeting_frequency,
            term_starts_on=committee.term_starts_on,
            last_held=timezone.localdate(last_held) if last_held else None,
        )
        and committee.active
    )
    until = rules.term_notice_until(today)
    context = {
        "committee": committee,
        "serving": [s for s in seats if s.left_on is None],
        "former": [s for s in seats if s.left_on is not None],
        "branches": branches,
        "members_total": queries.members_total(branches),
        "meetings": meetings,
        "behind": behind,
        "behind_since": rules.behind_since(today, committee.meeting_frequency),
        "today": today,
        "notice_until": until,
        "can_write": may_run(request.user, committee.community),
        "can_reveal": get_for_reveal(request.user, committee),
        "leave_form": LeaveForm(initial={"left_on": today}),
        "nav": NAV,
    }
    return render(request, "committee/committee_detail.html", context)


def get_for_reveal(user: Any, committee: JointCommittee) -> bool:
    return scope_for(user).allows_path(Perm.REVEAL, AREA, committee.community.path)


def _seat_form_values(request: HttpRequest, form: SeatForm, committee: JointCommittee) -> dict[str, Any] | None:
    data = dict(form.cleaned_data)
    username = data.pop("username")
    user = None
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            form.add_error("username", _("No active account has this name."))
            return None
    unit_pk = data.pop("unit")
    unit = None
    if unit_pk:
        unit = ResidentUnit.objects.filter(pk=unit_pk, area__path__startswith=committee.community.path).first()
        if unit is None:
            form.add_error("unit", _("The unit is not in this community."))
            return None
    return {**data, "unit": unit, "user": user}


@login_required
@require_http_methods(["GET", "POST"])
def seat_new(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_for(request.user, pk)
    _writer(request.user, committee)
    form = SeatForm(
        request.POST or None,
        units=_units(committee),
        initial={"starts_on": committee.term_starts_on, "ends_on": committee.term_ends_on},
    )
    if request.method == "POST" and form.is_valid():
        values = _seat_form_values(request, form, committee)
        if values is not None:
            try:
                services.seat_add(actor=request.user, committee=committee, **values)
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("The member was added."))
                return redirect("committee:committee", committee.pk)
    context = {"form": form, "title": _("Add a committee member"), "back": committee, "nav": NAV}
    return render(request, "committee/form.html", context)


def _seat(request: HttpRequest, pk: int) -> Seat:
    if not queries.reads_committees(request.user):
        raise PermissionDenied
    seat = queries.seats_visible_to(request.user).select_related("committee__community", "unit", "user")
    found = seat.filter(pk=_pk(pk)).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def seat_edit(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat(request, pk)
    committee = seat.committee
    _writer(request.user, committee)
    initial = {
        "name": seat.name,
        "post": seat.post,
        "full_time": seat.full_time,
        "unit": seat.unit_id,
        "unit_title": seat.unit_title,
        "starts_on": seat.starts_on,
        "ends_on": seat.ends_on,
        "username": seat.user.username if seat.user else "",
    }
    form = SeatForm(request.POST or None, units=_units(committee), initial=initial)
    form.fields["phone"].help_text = _("Leave empty to keep %(masked)s.") % {"masked": seat.phone_masked or "—"}
    if request.method == "POST" and form.is_valid():
        values = _seat_form_values(request, form, committee)
        if values is not None:
            phone = values.pop("phone") or None
            try:
                services.seat_update(actor=request.user, seat=seat, phone=phone, **values)
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("The member was saved."))
                return redirect("committee:committee", committee.pk)
    context = {"form": form, "title": _("Edit %(name)s") % {"name": seat.name}, "back": committee, "nav": NAV}
    return render(request, "committee/form.html", context)


@login_required
@require_POST
def seat_leave(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _seat(request, pk)
    _writer(request.user, seat.committee)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day they left, e.g. 2026-06-30."))
    else:
        try:
            services.seat_leave(actor=request.user, seat=seat, left_on=form.cleaned_data["left_on"])
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s left the committee.") % {"name": seat.name})
    return redirect("committee:committee", seat.committee_id)


@login_required
@require_POST
def seat_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    return reveal_view(request, _seat(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def branch_new(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_for(request.user, pk)
    _writer(request.user, committee)
    taken = MemberBranch.objects.filter(committee=committee, left_on__isnull=True).values("org_id")
    orgs = (
        Organization.objects.filter(units__area__path__startswith=committee.community.path)
        .exclude(pk__in=taken)
        .distinct()
        .order_by("path")
    )
    choices = [(o.pk, o.name) for o in orgs[:MAX_CHOICES]]
    form = BranchForm(request.POST or None, orgs=choices, initial={"joined_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        org = Organization.objects.filter(pk=form.cleaned_data["org"]).first()
        try:
            if org is None:
                raise DomainError({"org": _("Choose an organization from the list.")})
            services.branch_add(
                actor=request.user, committee=committee, org=org, joined_on=form.cleaned_data["joined_on"]
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The member branch was added."))
            return redirect("committee:committee", committee.pk)
    context = {"form": form, "title": _("Add a member branch"), "back": committee, "nav": NAV}
    return render(request, "committee/form.html", context)


@login_required
@require_GET
def members(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's members with a dual identity as people: searchable, paginated."""
    committee = committee_for(request.user, pk)
    branches = queries.branches_with_counts(committee)
    q = text_param(request, "q")
    qs = queries.committee_members(branches)
    if q:
        qs = qs.filter(person_search_q(q, with_id=False))
    page = paginate(request, qs, MEMBERS_PAGE)
    context = {
        **page,
        "people": queries.member_rows(page["rows"], branches),
        "committee": committee,
        "q": q,
        "nav": NAV,
    }
    return render(request, "committee/members.html", context)


@login_required
@require_GET
def members_export(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_for(request.user, pk)
    if not get_for_export(request.user, committee):
        raise PermissionDenied
    branches = queries.branches_with_counts(committee)
    body = members_workbook(
        actor=request.user, committee=committee, members=queries.committee_members(branches), branches=branches
    )
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="committee-{committee.pk}-members.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


def get_for_export(user: Any, committee: JointCommittee) -> bool:
    return scope_for(user).allows_path(Perm.EXPORT, AREA, committee.community.path)
