"""Checking targets on a phone: a grid's targets of a campaign, the ones still to check first,
each with a large 正常 button and a 有问题 one that opens a short form (what is wrong, a photo);
the problem becomes a case in the same step, and the list moves on to the next target."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.fieldwork.campaigns import services
from tongxin.fieldwork.campaigns.forms import ProblemForm
from tongxin.fieldwork.campaigns.models import Campaign, Target
from tongxin.fieldwork.campaigns.queries import campaign_targets, grid_progress
from tongxin.fieldwork.campaigns.views.common import campaign_for, target_for
from tongxin.grid.cases import photos as case_photos
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param

PENDING_SHOWN = 30
DONE_SHOWN = 10


def _targets_url(target: Target) -> str:
    return reverse("campaigns:targets", args=[target.campaign_id]) + f"?grid={target.grid_id}"


@login_required
def targets(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request.user, pk)
    grids = grid_progress(request.user, campaign)
    grid_id = int_param(request, "grid")
    if grid_id not in {g["grid_id"] for g in grids}:
        # A grid worker has one grid: open it; staff choose among the grids.
        grid_id = grids[0]["grid_id"] if len(grids) == 1 else None
    grid = next((g for g in grids if g["grid_id"] == grid_id), None)
    rows = campaign_targets(request.user, campaign, grid=grid_id) if grid_id else None
    pending = list(rows.filter(checked_at__isnull=True).order_by("sort_key", "id")[:PENDING_SHOWN]) if rows else []
    done = list(rows.filter(checked_at__isnull=False).order_by("-checked_at", "-id")[:DONE_SHOWN]) if rows else []
    return render(
        request,
        "campaigns/targets.html",
        {
            "campaign": campaign,
            "grids": grids,
            "grid": grid,
            "pending": pending,
            "done": done,
            "may_check": campaign.status == Campaign.Status.RUNNING and scope_for(request.user).has_perm(Perm.VISIT),
            "nav": "campaigns",
        },
    )


@login_required
@require_POST
def target_ok(request: HttpRequest, pk: int) -> HttpResponse:
    target = target_for(request.user, pk)
    try:
        services.target_check(actor=request.user, target=target, result=Target.Result.OK)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(target)s: OK.") % {"target": target.label})
    return redirect(_targets_url(target))


@case_photos.photo_uploads
@login_required
def target_problem(request: HttpRequest, pk: int) -> HttpResponse:
    target = target_for(request.user, pk)
    if not services.may_check(request.user, target):
        raise PermissionDenied
    form = ProblemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            photos = case_photos.photos_process(form.cleaned_data["photos"])
            with case_photos.files_removed_on_failure():
                checked = services.target_check(
                    actor=request.user,
                    target=target,
                    result=Target.Result.PROBLEM,
                    note=form.cleaned_data["note"],
                    photos=photos,
                )
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            code = checked.case.tracking_code if checked.case else ""
            messages.success(
                request,
                _("%(target)s: problem recorded, case %(code)s reported.") % {"target": target.label, "code": code},
            )
            return redirect(_targets_url(target))
    return render(
        request,
        "campaigns/problem.html",
        {"target": target, "campaign": target.campaign, "form": form, "back": _targets_url(target), "nav": "campaigns"},
    )
