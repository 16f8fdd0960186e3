"""Pages of reporting in (双报到) and of needy members' help (困难党员)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.partylife.inservice import services
from tongxin.partylife.inservice.forms import DeclineForm, EndForm, HelpForm, ReportInForm, ServiceLogForm
from tongxin.partylife.inservice.models import HelpKind, ReportIn
from tongxin.partylife.inservice.queries import (
    ZERO_YUAN,
    community_summary,
    help_by_year,
    is_own,
    log_for,
    logs_of,
    may_write,
    may_write_report,
    needy_member_for,
    needy_rows,
    not_reported_in,
    report_for,
    report_rows,
    waiting_reports,
)
from tongxin.partylife.points.models import Post
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate
from tongxin.platform.core.trees import AREA, ORG, node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.party.models import MemberKind, Organization, PartyMember

FIRST_YEAR = 1990
MAX_CHOICES = 400
ROWS_PER_PAGE = 50


def _year(request: HttpRequest) -> int:
    year = int_param(request, "year")
    this = timezone.localdate().year
    if year is None or not FIRST_YEAR <= year <= this + 1:
        return this
    return year


def _years(year: int) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(this - 4, this + 1), year}, reverse=True)


def _area_choices(user: Actor, selected: Area | None) -> list[tuple[int, str]]:
    """Subdistricts and communities the user sees in the area tree (to narrow the list)."""
    qs = visible_to(Area.objects.filter(level__in=["district", "subdistrict", *COMMUNITY_LEVELS]), user)
    return node_choices(qs, MAX_CHOICES, selected)


# Reporting in (双报到)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """Who reported in to the communities in scope, their confirmed hours this year, who did nothing."""
    scope = scope_for(request.user)
    if not scope.has_perm(Perm.VIEW):
        own = ReportIn.objects.filter(member__user_id=request.user.pk, active=True).first()
        if own is not None:
            return redirect("inservice:detail", own.pk)
        raise PermissionDenied
    year = _year(request)
    node_id = int_param(request, "node")
    node = get_for(request.user, Area, node_id) if node_id is not None else None
    waiting = request.GET.get("waiting") == "1"
    rows = report_rows(request.user, year=year, community=node, waiting=waiting)
    summary = community_summary(request.user, year=year, community=node)
    # A branch secretary follows members into communities they hold no role in: no link there.
    seen = set(
        visible_to(Area.objects.filter(pk__in=[c.community_id for c in summary.communities]), request.user).values_list(
            "pk", flat=True
        )
    )
    context = {
        "node": node,
        "year": year,
        "years": _years(year),
        "nodes": _area_choices(request.user, node),
        "summary": summary,
        "seen_communities": seen,
        "not_reported": not_reported_in(request.user, community=node).count(),
        "waiting": waiting,
        "waiting_count": waiting_reports(request.user).count(),
        "can_write": scope.has_perm(Perm.PARTY_WORK),
        "nav": "inservice",
        **paginate(request, rows, ROWS_PER_PAGE),
    }
    return render(request, "inservice/list.html", context)


def _member_choices(user: Actor, selected: PartyMember | None) -> list[tuple[int, str]]:
    """Members the user may report in: in-service members not yet reported in come first."""
    scope = scope_for(user)
    qs = visible_to(PartyMember.objects.all(), user).exclude(reports_in__active=True)
    if not scope.is_admin:
        qs = qs.exclude(user_id=user.pk)
    rows = list(qs.order_by("name_pinyin", "id").values_list("pk", "name", "org__name", "kind")[: MAX_CHOICES * 2])
    rows.sort(key=lambda r: r[3] != MemberKind.IN_SERVICE)
    choices = [(pk, f"{name} · {org}") for pk, name, org, _kind in rows[:MAX_CHOICES]]
    if selected is not None and selected.pk not in {pk for pk, _ in choices}:
        choices.insert(0, (selected.pk, f"{selected.name} · {selected.org.name}"))
    return choices


def _community_choices(user: Actor) -> list[tuple[int, str]]:
    """Communities to report in to: a branch's secretary reports a member in to any community
    (where the member lives); community staff, who hold no branch, to their own communities."""
    scope = scope_for(user)
    qs = Area.objects.filter(level__in=COMMUNITY_LEVELS)
    if not scope.is_admin and not scope.prefixes(ORG, Perm.PARTY_WORK):
        qs = visible_to(qs, user, Perm.PARTY_WORK)
    return list(qs.order_by("path").values_list("pk", "name")[:MAX_CHOICES])


def _post_choices(communities: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Posts set up in the communities offered (认领岗位), named with their community."""
    names = dict(communities)
    paths = dict(Area.objects.filter(pk__in=names).values_list("path", "pk"))
    if not paths:
        return []
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(org__area__path__startswith=path) | Q(area__path__startswith=path)
    rows = (
        Post.objects.filter(q)
        .order_by("org__path", "title", "id")
        .values_list("pk", "title", "org__area__path", "area__path")[:MAX_CHOICES]
    )
    choices = []
    for pk, title, org_area, area in rows:
        where = next((names[c] for p, c in paths.items() if (area or org_area or "").startswith(p)), "")
        choices.append((pk, f"{title} · {where}" if where else title))
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.PARTY_WORK)
    member_id = int_param(request, "member")
    chosen = get_for(request.user, PartyMember.objects.select_related("org"), member_id) if member_id else None
    initial: dict[str, Any] = {"reported_on": timezone.localdate()}
    if chosen is not None:
        initial.update(member=chosen.pk, employer=chosen.employer, employer_org=chosen.employer_org)
    communities = _community_choices(request.user)
    if len(communities) == 1:
        initial["community"] = communities[0][0]
    form = ReportInForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        members=_member_choices(request.user, chosen),
        communities=communities,
        posts=_post_choices(communities),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        member = get_for(request.user, PartyMember.objects.select_related("org"), data.pop("member"))
        community = Area.objects.get(pk=data.pop("community"))
        post_id = data.pop("claimed_post", None)
        data["claimed_post"] = Post.objects.filter(pk=post_id).first() if post_id else None
        if not may_write(request.user, member, community):
            form.add_error(
                None,
                _("You may report in members of your own organizations, or members reporting in to your community."),
            )
        else:
            try:
                report = services.report_in_create(actor=request.user, member=member, community=community, **data)
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s has reported in to %(community)s.")
                    % {"name": member.name, "community": community.name},
                )
                return redirect("inservice:detail", report.pk)
    return render(
        request,
        "inservice/form.html",
        {"form": form, "nav": "inservice", "title": _("Report a member in (双报到)"), "member": chosen},
    )


def _detail_context(
    request: HttpRequest, report: ReportIn, *, log_form: ServiceLogForm | None = None, end_form: EndForm | None = None
) -> dict[str, Any]:
    year = _year(request)
    logs = list(logs_of(report, year))
    writer = may_write_report(request.user, report)
    own = is_own(request.user, report.member)
    today = timezone.localdate()
    confirmed = sum((log.hours for log in logs if log.confirmed), start=0)
    pending = sum((log.hours for log in logs if not log.confirmed), start=0)
    return {
        "report": report,
        "member": report.member,
        "year": year,
        "years": _years(year),
        "logs": logs,
        "hours": confirmed,
        "pending": pending,
        "can_write": writer,
        "is_own": own,
        "can_log": report.active and report.confirmed and (writer or own),
        "log_form": log_form or ServiceLogForm(initial={"served_on": today}),
        "end_form": end_form or EndForm(initial={"ended_on": today}),
        "decline_form": DeclineForm(),
        "sees_org": scope_for(request.user).allows_path(Perm.VIEW, ORG, report.member.org.path),
        "sees_community": scope_for(request.user).allows_path(Perm.VIEW, AREA, report.community.path),
        "nav": "inservice",
    }


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request.user, pk)
    return render(request, "inservice/detail.html", _detail_context(request, report))


@login_required
@require_POST
def log_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request.user, pk)
    writer = may_write_report(request.user, report)
    if not (writer or is_own(request.user, report.member)):
        raise PermissionDenied
    form = ServiceLogForm(request.POST)
    if form.is_valid():
        try:
            log = services.service_log_record(actor=request.user, report=report, confirmed=writer, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            if log.confirmed:
                messages.success(request, _("%(hours)s hours of service were recorded.") % {"hours": log.hours})
            else:
                messages.success(
                    request,
                    _("%(hours)s hours of service were recorded; they count once community staff confirm them.")
                    % {"hours": log.hours},
                )
            return redirect(f"{reverse('inservice:detail', args=[report.pk])}?year={log.served_on.year}")
    return render(request, "inservice/detail.html", _detail_context(request, report, log_form=form))


@login_required
@require_POST
def log_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    log = log_for(request.user, pk)
    report = report_for(request.user, log.report_in_id, write=True)
    try:
        services.service_log_confirm(actor=request.user, log=log)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The service entry was confirmed."))
    return redirect(f"{reverse('inservice:detail', args=[report.pk])}?year={log.served_on.year}")


@login_required
@require_POST
def report_end(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request.user, pk, write=True)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.report_in_end(
                actor=request.user,
                report=report,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The report-in was ended."))
            return redirect("inservice:detail", report.pk)
    return render(request, "inservice/detail.html", _detail_context(request, report, end_form=form))


# Needy members (困难党员)


@login_required
def needy_list(request: HttpRequest) -> HttpResponse:
    """Needy members in scope with the year's help; those not visited this year come first."""
    require(request.user, Perm.VIEW)
    year = _year(request)
    node_id = int_param(request, "node")
    node = get_for(request.user, Organization, node_id) if node_id is not None else None
    rows = needy_rows(request.user, year=year, node=node)
    orgs = visible_to(Organization.objects.exclude(kind="member_household"), request.user)
    context = {
        "node": node,
        "year": year,
        "years": _years(year),
        "nodes": node_choices(orgs, MAX_CHOICES, node),
        "nav": "needy",
        **paginate(request, rows, ROWS_PER_PAGE),
    }
    return render(request, "inservice/needy_list.html", context)


def _needy_context(request: HttpRequest, member: PartyMember, form: HelpForm | None = None) -> dict[str, Any]:
    years = help_by_year(member)
    return {
        "member": member,
        "years": years,
        "total": sum((y.amount for y in years), start=ZERO_YUAN),
        "can_write": scope_for(request.user).allows_path(Perm.PARTY_WORK, ORG, member.org.path),
        "form": form or HelpForm(initial={"given_on": timezone.localdate(), "kind": HelpKind.VISIT}),
        "nav": "needy",
    }


@login_required
def needy_member(request: HttpRequest, pk: int) -> HttpResponse:
    member = needy_member_for(request.user, pk)
    return render(request, "inservice/needy_member.html", _needy_context(request, member))


@login_required
@require_POST
def help_create(request: HttpRequest, pk: int) -> HttpResponse:
    member = needy_member_for(request.user, pk, write=True)
    form = HelpForm(request.POST)
    if form.is_valid():
        try:
            row = services.needy_help_record(actor=request.user, member=member, **form.cleaned_data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The help was recorded."))
            return redirect(f"{reverse('inservice:needy_member', args=[member.pk])}#year-{row.given_on.year}")
    return render(request, "inservice/needy_member.html", _needy_context(request, member, form))
