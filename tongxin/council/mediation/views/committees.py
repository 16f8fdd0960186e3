"""Committees with their mediators, and dispute sweeps (矛盾纠纷排查)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tongxin.council.mediation import services
from tongxin.council.mediation.forms import CommitteeForm, MediatorEndForm, MediatorForm, SweepForm
from tongxin.council.mediation.models import Mediator
from tongxin.council.mediation.queries import committee_rows, sweep_period_q, sweeps_visible_to
from tongxin.council.mediation.views.common import committee_for, fail, require_reader, require_writer_at, writes
from tongxin.platform.access.models import User
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.listing import paginate
from tongxin.platform.core.trees import node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Level

MAX_CHOICES = 400


@login_required
@require_GET
def committee_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    rows = list(committee_rows(request.user, timezone.localdate())[:200])
    context = {"rows": rows, "can_write": scope_for(request.user).has_perm(Perm.MEDIATE), "nav": "mediation_committees"}
    return render(request, "mediation/committee_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def committee_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MEDIATE)
    areas = node_choices(
        visible_to(Area.objects.filter(level__in=COMMUNITY_LEVELS), request.user, Perm.MEDIATE), MAX_CHOICES
    )
    form = CommitteeForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            committee = services.committee_create(
                actor=request.user,
                area=get_for(request.user, Area, data["area"]),
                name=data["name"],
                founded_on=data["founded_on"],
            )
        except DomainError as exc:
            fail(request, form, exc)
        else:
            messages.success(request, _("The committee was created. Add its mediators next."))
            return redirect("mediation:committee", committee.pk)
    return render(
        request,
        "mediation/form.html",
        {"form": form, "title": _("New mediation committee"), "nav": "mediation_committees"},
    )


@login_required
@require_GET
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_for(request.user, pk)
    today = timezone.localdate()
    mediators = list(committee.mediators.select_related("resident").order_by("term_end", "name_pinyin", "id"))
    context = {
        "committee": committee,
        "serving": [m for m in mediators if m.serves_on(today)],
        "former": [m for m in mediators if not m.serves_on(today)],
        "can_write": writes(request.user, committee.area.path),
        "end_form": MediatorEndForm(initial={"term_end": today}),
        "nav": "mediation_committees",
    }
    return render(request, "mediation/committee_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mediator_new(request: HttpRequest, pk: int) -> HttpResponse:
    committee = committee_for(request.user, pk)
    require_writer_at(request.user, committee.area.path)
    form = MediatorForm(request.POST or None, initial={"term_start": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = None
        if data["username"]:
            user = User.objects.filter(username=data["username"], is_active=True).first()
            if user is None:
                form.add_error("username", _("No active account has this name."))
        if not form.errors:
            try:
                services.mediator_add(
                    actor=request.user,
                    committee=committee,
                    name=data["name"],
                    kind=data["kind"],
                    speciality=data["speciality"],
                    term_start=data["term_start"],
                    term_end=data["term_end"],
                    user=user,
                )
            except DomainError as exc:
                fail(request, form, exc)
            else:
                messages.success(request, _("The mediator was added."))
                return redirect("mediation:committee", committee.pk)
    context = {"form": form, "title": _("New mediator"), "back": committee, "nav": "mediation_committees"}
    return render(request, "mediation/form.html", context)


@login_required
@require_POST
def mediator_end(request: HttpRequest, pk: int, mediator_pk: int) -> HttpResponse:
    committee = committee_for(request.user, pk)
    require_writer_at(request.user, committee.area.path)
    mediator = Mediator.objects.filter(pk=mediator_pk, committee=committee).first()
    if mediator is None:
        from django.http import Http404

        raise Http404
    form = MediatorEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("mediation:committee", committee.pk)
    try:
        services.mediator_end(actor=request.user, mediator=mediator, term_end=form.cleaned_data["term_end"])
    except DomainError as exc:
        fail(request, None, exc)
    else:
        messages.success(
            request, _("The term of %(name)s ends on %(day)s.") % {"name": mediator.name, "day": mediator.term_end}
        )
    return redirect("mediation:committee", committee.pk)


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date] | None:
    try:
        start = datetime.date.fromisoformat(request.GET.get("from", "")[:10])
        end = datetime.date.fromisoformat(request.GET.get("to", "")[:10])
    except ValueError:
        return None
    return (start, end) if start <= end else None


@login_required
@require_GET
def sweep_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    qs = sweeps_visible_to(request.user).select_related("area").defer("area__outline")
    node = request.GET.get("node", "")
    if node:
        area = get_for(request.user, Area, node if node.isdecimal() and len(node) < 19 else None)
        qs = qs.filter(area__path__startswith=area.path)
    period = _period(request)
    if period:
        qs = qs.filter(sweep_period_q(*period))
    page = paginate(request, qs.order_by("-swept_on", "-id"), 50)
    context: dict[str, Any] = {
        **page,
        "period": period,
        "can_write": scope_for(request.user).has_perm(Perm.MEDIATE),
        "nav": "mediation_sweeps",
    }
    return render(request, "mediation/sweep_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def sweep_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MEDIATE)
    grids = node_choices(visible_to(Area.objects.filter(level=Level.GRID), request.user, Perm.MEDIATE), MAX_CHOICES)
    form = SweepForm(request.POST or None, grids=grids, initial={"swept_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sweep = services.sweep_record(
                actor=request.user,
                area=get_for(request.user, Area, data["area"]),
                swept_on=data["swept_on"],
                swept_by=data["swept_by"],
                found=data["found"],
                notes=data["notes"],
            )
        except DomainError as exc:
            fail(request, form, exc)
        else:
            messages.success(request, _("The sweep was recorded. Open a case for each dispute to mediate."))
            return redirect(f"{_sweeps_url()}#sweep-{sweep.pk}")
    return render(
        request, "mediation/form.html", {"form": form, "title": _("Record a dispute sweep"), "nav": "mediation_sweeps"}
    )


def _sweeps_url() -> str:
    from django.urls import reverse

    return reverse("mediation:sweeps")
