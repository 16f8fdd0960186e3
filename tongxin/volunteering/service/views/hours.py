"""Hours pages: those waiting for confirmation, totals over a period, the rows behind them, one's own."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.listing import paginate
from tongxin.platform.web.perms import require
from tongxin.volunteering.service import queries, services
from tongxin.volunteering.service.forms import (
    PeriodForm,
    RejectForm,
)
from tongxin.volunteering.service.models import (
    ServiceHours,
    Volunteer,
)
from tongxin.volunteering.service.views._common import ROWS_PER_PAGE, _filter_nodes, _node


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
