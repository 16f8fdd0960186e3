"""A member reports in themself from /me/ (双报到), and staff confirm or decline it.

Two steps that work on a phone without script: find the community (a search over communities
and villages by name), then the slip (employer prefilled from the member's record, the
community's posts to claim, or a post in words). The report-in waits for the community's staff,
who confirm it or decline it with a reason from the reporting-in list's "waiting" tab.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.partylife.inservice import services
from tongxin.partylife.inservice.forms import DeclineForm, OwnReportInForm
from tongxin.partylife.inservice.models import ReportIn
from tongxin.partylife.inservice.queries import report_for
from tongxin.partylife.points.models import Post
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.party.models import PartyMember
from tongxin.registry.party.queries import own_member_record

# Communities listed for one search (a district has a few hundred).
SEARCH_ROWS = 30


def _own_member(request: HttpRequest) -> PartyMember:
    member = own_member_record(request.user)
    if member is None:
        raise Http404
    return member


def _current(member: PartyMember) -> ReportIn | None:
    return ReportIn.objects.filter(member=member, active=True).first()


@login_required
def own_start(request: HttpRequest) -> HttpResponse:
    """Step 1: find the community (or village) to report in to."""
    member = _own_member(request)
    current = _current(member)
    if current is not None:
        messages.info(request, _("You have reported in already; a member reports in to one community at a time."))
        return redirect("inservice:detail", current.pk)
    q = request.GET.get("q", "").strip()[:50]
    qs = Area.objects.filter(level__in=COMMUNITY_LEVELS).select_related("parent")
    if q:
        qs = qs.filter(name__icontains=q)
    communities = list(qs.order_by("path")[:SEARCH_ROWS])
    return render(
        request,
        "inservice/own_start.html",
        {"q": q, "communities": communities, "more": len(communities) == SEARCH_ROWS, "nav": "me"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def own_create(request: HttpRequest, community: int) -> HttpResponse:
    """Step 2: the slip; the report-in then waits for the community's staff."""
    member = _own_member(request)
    area = get_object_or_404(Area.objects.select_related("parent"), pk=community, level__in=COMMUNITY_LEVELS)
    posts = list(services.community_posts(area).order_by("title", "id").values_list("pk", "title")[:200])
    form = OwnReportInForm(
        request.POST if request.method == "POST" else None,
        posts=posts,
        initial={"employer": member.employer, "employer_org": member.employer_org},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        post_id = data.pop("claimed_post", None)
        data["claimed_post"] = Post.objects.filter(pk=post_id).first() if post_id else None
        try:
            report = services.report_in_own(actor=request.user, member=member, community=area, **data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("You have reported in to %(community)s. The community's staff will confirm it.")
                % {"community": area.name},
            )
            return redirect("inservice:detail", report.pk)
    return render(request, "inservice/own_form.html", {"form": form, "community": area, "nav": "me"})


@login_required
@require_POST
def report_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request.user, pk, write=True)
    try:
        services.report_in_confirm(actor=request.user, report=report)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s's report-in is confirmed.") % {"name": report.member.name})
    return redirect(f"{reverse('inservice:list')}?waiting=1")


@login_required
@require_POST
def report_decline(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request.user, pk, write=True)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("inservice:detail", report.pk)
    try:
        services.report_in_decline(actor=request.user, report=report, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s's report-in was declined.") % {"name": report.member.name})
    return redirect(f"{reverse('inservice:list')}?waiting=1")
