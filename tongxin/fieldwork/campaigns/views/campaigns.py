"""The office's campaign pages: the list with its status filter, setting one up from a template,
the campaign with its progress per grid, starting and closing it, and the printable summary."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.fieldwork.campaigns import services
from tongxin.fieldwork.campaigns.forms import CampaignForm, CloseForm
from tongxin.fieldwork.campaigns.kinds import TEMPLATES
from tongxin.fieldwork.campaigns.models import Campaign, Target
from tongxin.fieldwork.campaigns.queries import (
    campaign_list,
    grid_progress,
    reads_campaigns,
    status_counts,
    targets_visible_to,
)
from tongxin.fieldwork.campaigns.views.common import campaign_for, form_page, get_or_404
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.listing import int_param, paginate, text_param
from tongxin.platform.core.trees import node_choices
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area


def _nodes(user: Any) -> QuerySet[Area]:
    return visible_to(Area.objects.filter(level__in=["district", "subdistrict", *COMMUNITY_LEVELS]), user)


@login_required
def campaigns(request: HttpRequest) -> HttpResponse:
    if not reads_campaigns(request.user):
        raise PermissionDenied
    node_id = int_param(request, "node")
    node = get_or_404(_nodes(request.user), node_id) if node_id else None
    status = text_param(request, "status", 10)
    status = status if status in Campaign.Status.values else ""
    ending = request.GET.get("ending") == "soon"
    filters: dict[str, Any] = {
        "path": node.path if node else "",
        "ending_from": timezone.localdate() if ending else None,
    }
    counts = status_counts(campaign_list(request.user, **filters))
    page = paginate(request, campaign_list(request.user, status=status, **filters), 30, count=counts[status or "total"])
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            **page,
            "nav": "campaigns",
            "counts": counts,
            "status": status,
            "statuses": Campaign.Status.choices,
            "node": node,
            "nodes": node_choices(_nodes(request.user), 300, node),
            "ending": ending,
            "can_write": scope_for(request.user).has_perm(Perm.CAMPAIGN),
            "today": timezone.localdate(),
        },
    )


def _places(user: Any) -> list[tuple[int, str]]:
    qs = visible_to(Area.objects.filter(level__in=services.PLACE_LEVELS), user, Perm.CAMPAIGN)
    return node_choices(qs, 600)


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).has_perm(Perm.CAMPAIGN):
        raise PermissionDenied
    today = timezone.localdate()
    places = _places(request.user)
    initial = {"kind": "flood", "starts_on": today, "ends_on": today + datetime.timedelta(days=30)}
    if len(places) == 1:
        initial["place"] = places[0][0]
    form = CampaignForm(request.POST or None, places=places, initial=initial)

    def save(data: dict[str, Any]) -> str:
        place = Area.objects.filter(pk=data.pop("place")).first()
        if place is None:
            raise DomainError({"place": _("Choose from the list.")})
        campaign = services.campaign_create(actor=request.user, place=place, **data)
        return reverse("campaigns:campaign", args=[campaign.pk])

    return form_page(
        request,
        form,
        save,
        done=_("Campaign set up with its targets. Start it when the grid workers are ready."),
        title=_("New campaign"),
        back=reverse("campaigns:list"),
        template="campaigns/campaign_new.html",
        templates=[(k, t) for k, t in TEMPLATES.items()],
    )


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request.user, pk)
    grids = grid_progress(request.user, campaign)
    totals = {k: sum(g[k] for g in grids) for k in ("total", "checked", "problems", "cases_open")}
    problems = (
        targets_visible_to(request.user)
        .filter(campaign=campaign, result=Target.Result.PROBLEM)
        .select_related("grid", "case")
        .order_by("-checked_at", "-id")[:20]
    )
    scope = scope_for(request.user)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "grids": grids,
            "totals": totals,
            "percent": int(totals["checked"] * 100 / totals["total"]) if totals["total"] else 0,
            "problems": problems,
            "runs": services.may_run(request.user, campaign.community),
            "checks": scope.has_perm(Perm.VISIT),
            "nav": "campaigns",
        },
    )


@login_required
@require_POST
def campaign_start(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request.user, pk)
    if not services.may_run(request.user, campaign.community):
        raise PermissionDenied
    try:
        services.campaign_start(actor=request.user, campaign=campaign)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The campaign has started: its targets are on the grid workers' phones."))
    return redirect("campaigns:campaign", campaign.pk)


@login_required
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request.user, pk)
    if not services.may_run(request.user, campaign.community):
        raise PermissionDenied
    form = CloseForm(request.POST or None)

    def save(data: dict[str, Any]) -> str:
        services.campaign_close(actor=request.user, campaign=campaign, summary=data["summary"])
        return reverse("campaigns:summary", args=[campaign.pk])

    back = reverse("campaigns:campaign", args=[campaign.pk])
    return form_page(
        request, form, save, done=_("The campaign is closed."), title=_("Close the campaign"), back=back,
        campaign=campaign,
    )  # fmt: skip


@login_required
def campaign_summary(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request.user, pk)
    grids = grid_progress(request.user, campaign)
    totals = {k: sum(g[k] for g in grids) for k in ("total", "checked", "problems", "cases_open")}
    problems = (
        targets_visible_to(request.user)
        .filter(campaign=campaign, result=Target.Result.PROBLEM)
        .select_related("grid", "case")
        .order_by("grid__path", "sort_key", "id")[:500]
    )
    return render(
        request,
        "campaigns/campaign_summary.html",
        {"campaign": campaign, "grids": grids, "totals": totals, "problems": problems, "nav": "campaigns"},
    )
