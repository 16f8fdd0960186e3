"""What the campaign pages share: fetching a row the reader may see (or 404) and the form page
whose valid POST calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tongxin.fieldwork.campaigns.models import Campaign, InspectionPoint, Target
from tongxin.fieldwork.campaigns.queries import (
    campaigns_visible_to,
    points_visible_to,
    reads_campaigns,
    reads_points,
    targets_visible_to,
)
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors


def get_or_404(qs: QuerySet[Any], pk: Any) -> Any:
    try:
        key = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    obj = qs.filter(pk=key).first() if 0 < key < 2**62 else None
    if obj is None:
        raise Http404
    return obj


def campaign_for(user: Any, pk: Any) -> Campaign:
    if not reads_campaigns(user):
        raise PermissionDenied
    return get_or_404(campaigns_visible_to(user).select_related("community", "place"), pk)


def target_for(user: Any, pk: Any) -> Target:
    if not reads_campaigns(user):
        raise PermissionDenied
    # Only targets of campaigns the reader sees: a draft's targets are not the field's yet.
    visible = campaigns_visible_to(user).values("pk")
    qs = targets_visible_to(user).filter(campaign__in=visible).select_related("campaign", "place", "grid", "case")
    return get_or_404(qs, pk)


def point_for(user: Any, pk: Any) -> InspectionPoint:
    if not reads_points(user):
        raise PermissionDenied
    return get_or_404(points_visible_to(user).select_related("community", "grid", "building"), pk)


def form_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], str],
    *,
    done: str,
    title: str,
    back: str,
    template: str = "campaigns/form.html",
    **extra: Any,
) -> HttpResponse:
    """A valid POST calls `save`, which returns where to go next; the service's refusals become
    the form's errors (a Forbidden stays a 403)."""
    if request.method == "POST" and form.is_valid():
        try:
            to = save(form.cleaned_data)
        except Forbidden as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(to)
    return render(request, template, {"form": form, "title": title, "back": back, "nav": "campaigns", **extra})
