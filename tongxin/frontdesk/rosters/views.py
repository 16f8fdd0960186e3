"""The rota pages of the office: who is on duty today and the rotas, one rota's shifts, a shift
with its people, generating a period from a weekly pattern, gaps ahead and swaps to approve.

Reading takes Perm.FRONT_DESK or the subdistrict's role (403 otherwise); a rota outside the
user's places is a 404. Writing takes Perm.FRONT_DESK over the community (the services check).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.frontdesk.rosters import services
from tongxin.frontdesk.rosters.forms import GenerateForm, PersonForm, RotaForm, ShiftForm
from tongxin.frontdesk.rosters.models import Assignment, Rota, Shift, Swap
from tongxin.frontdesk.rosters.queries import (
    gaps,
    missed,
    on_duty,
    reads_front_desk,
    rotas_visible_to,
    shift_rows,
    shifts_visible_to,
    swaps_waiting,
)
from tongxin.platform.access.models import User
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area

# How many days one rota page shows.
PAGE_DAYS = 14


def get_or_404(qs: QuerySet[Any], pk: Any) -> Any:
    try:
        key = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    obj = qs.filter(pk=key).first() if 0 < key < 2**62 else None
    if obj is None:
        raise Http404
    return obj


def _require_reads(user: Any) -> None:
    if not reads_front_desk(user):
        raise PermissionDenied


def _require_runs(user: Any, community: Area) -> None:
    if not services.may_run(user, community):
        raise PermissionDenied


def rota_for(user: Any, pk: Any) -> Rota:
    _require_reads(user)
    return get_or_404(rotas_visible_to(user).select_related("community"), pk)


def shift_for(user: Any, pk: Any) -> Shift:
    _require_reads(user)
    return get_or_404(shifts_visible_to(user).select_related("rota__community"), pk)


def people_choices(community: Area) -> list[tuple[int, str]]:
    return [(u.pk, str(u)) for u in services.staff_of(community)[:300]]


def _date_param(request: HttpRequest, name: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(request.GET.get(name, "")[:10])
    except ValueError:
        return None


def _messages_of(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, " ".join(exc.messages))


def run_service(request: HttpRequest, call: Callable[[], Any], done: str) -> bool:
    """Call a write service from a POST button: its refusal as a message (a Forbidden stays a 403)."""
    try:
        call()
    except Forbidden:
        raise
    except DomainError as exc:
        _messages_of(request, exc)
        return False
    messages.success(request, done)
    return True


@login_required
def rotas(request: HttpRequest) -> HttpResponse:
    """Who is on duty today, then the rotas of the user's places."""
    _require_reads(request.user)
    today = timezone.localdate()
    rows = list(
        rotas_visible_to(request.user)
        .select_related("community")
        .order_by("-active", "community__path", "kind", "id")[:200]
    )
    return render(
        request,
        "rosters/rota_list.html",
        {
            "rotas": rows,
            "today": today,
            "duty": list(on_duty(request.user, today)[:100]),
            "can_write": scope_for(request.user).has_perm(Perm.FRONT_DESK),
            "nav": "rosters",
        },
    )


def communities_for(user: Any) -> list[tuple[int, str]]:
    qs = visible_to(Area.objects.filter(level__in=COMMUNITY_LEVELS), user, Perm.FRONT_DESK).order_by("path")
    return [(a.pk, a.name) for a in qs.defer("outline")[:300]]


@login_required
def rota_new(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).has_perm(Perm.FRONT_DESK):
        raise PermissionDenied
    choices = communities_for(request.user)
    form = RotaForm(
        request.POST or None, communities=choices, initial={"community": choices[0][0] if len(choices) == 1 else ""}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        community = Area.objects.filter(pk=data.pop("community")).first()
        try:
            rota = services.rota_save(actor=request.user, community=community, **data)
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Rota saved. Now add its shifts."))
            return redirect("rosters:rota", rota.pk)
    return render(request, "rosters/form.html", {"form": form, "title": _("New rota"), "nav": "rosters"})


@login_required
def rota_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rota = rota_for(request.user, pk)
    _require_runs(request.user, rota.community)
    initial = {"kind": rota.kind, "name": rota.name, "location": rota.location, "active": rota.active}
    form = RotaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rota_save(actor=request.user, rota=rota, **form.cleaned_data)
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Rota saved."))
            return redirect("rosters:rota", rota.pk)
    return render(
        request, "rosters/form.html", {"form": form, "title": _("Edit the rota"), "rota": rota, "nav": "rosters"}
    )


@login_required
def rota_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rota = rota_for(request.user, pk)
    start = _date_param(request, "from") or timezone.localdate()
    end = start + datetime.timedelta(days=PAGE_DAYS - 1)
    shifts = list(shift_rows(Shift.objects.filter(rota=rota, date__gte=start, date__lte=end)))
    runs = services.may_run(request.user, rota.community)
    return render(
        request,
        "rosters/rota_detail.html",
        {
            "rota": rota,
            "shifts": shifts,
            "start": start,
            "end": end,
            "earlier": start - datetime.timedelta(days=PAGE_DAYS),
            "later": end + datetime.timedelta(days=1),
            "runs": runs,
            "shift_form": ShiftForm(prefix="s", initial={"date": start, "needed": 1}) if runs else None,
            "now": timezone.now(),
            "nav": "rosters",
        },
    )


@login_required
@require_POST
def shift_add(request: HttpRequest, pk: int) -> HttpResponse:
    rota = rota_for(request.user, pk)
    _require_runs(request.user, rota.community)
    form = ShiftForm(request.POST, prefix="s")
    if form.is_valid():
        run_service(
            request, lambda: services.shift_add(actor=request.user, rota=rota, **form.cleaned_data), _("Shift added.")
        )
    else:
        messages.error(
            request,
            " ".join(
                f"{form.fields[f].label}: {e[0]}" if f in form.fields else str(e[0]) for f, e in form.errors.items()
            ),
        )
    return redirect("rosters:rota", rota.pk)


@login_required
def generate(request: HttpRequest, pk: int) -> HttpResponse:
    rota = rota_for(request.user, pk)
    _require_runs(request.user, rota.community)
    today = timezone.localdate()
    initial = {
        "starts_on": today,
        "ends_on": today + datetime.timedelta(days=27),
        "weekdays": [0, 1, 2, 3, 4],
        "start_time": "08:30",
        "end_time": "17:30",
        "needed": 2,
    }
    form = GenerateForm(request.POST or None, people=people_choices(rota.community), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ids = data.pop("people")
        chosen = {u.pk: u for u in User.objects.filter(pk__in=ids)}
        people = [chosen[i] for i in ids if i in chosen]
        try:
            created = services.shifts_generate(actor=request.user, rota=rota, people=people, **data)
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(n)d shifts added.") % {"n": len(created)})
            return redirect(f"{_rota_url(rota)}?from={data['starts_on']:%Y-%m-%d}")
    return render(
        request,
        "rosters/form.html",
        {"form": form, "title": _("Shifts from a weekly pattern"), "rota": rota, "nav": "rosters"},
    )


def _rota_url(rota: Rota) -> str:
    from django.urls import reverse

    return reverse("rosters:rota", args=[rota.pk])


@login_required
def shift_detail(request: HttpRequest, pk: int) -> HttpResponse:
    shift = shift_for(request.user, pk)
    row = shift_rows(Shift.objects.filter(pk=shift.pk)).get()
    runs = services.may_run(request.user, shift.rota.community)
    on_shift = {a.user_id for a in row.assignments.all()}
    choices = [c for c in people_choices(shift.rota.community) if c[0] not in on_shift] if runs else []
    return render(
        request,
        "rosters/shift_detail.html",
        {
            "shift": row,
            "rota": shift.rota,
            "runs": runs,
            "form": PersonForm(people=choices) if runs else None,
            "now": timezone.now(),
            "nav": "rosters",
        },
    )


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    shift = shift_for(request.user, pk)
    _require_runs(request.user, shift.rota.community)
    form = PersonForm(request.POST, people=people_choices(shift.rota.community))
    if form.is_valid():
        user = User.objects.get(pk=form.cleaned_data["user"])
        run_service(
            request, lambda: services.assign(actor=request.user, shift=shift, user=user), _("Put on the shift.")
        )
    else:
        messages.error(request, _("Choose a person of the community's staff."))
    return redirect("rosters:shift", shift.pk)


@login_required
@require_POST
def unassign(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reads(request.user)
    assignment = get_or_404(
        visible_to(Assignment.objects.all(), request.user).select_related("shift__rota__community"), pk
    )
    _require_runs(request.user, assignment.shift.rota.community)
    run_service(
        request, lambda: services.unassign(actor=request.user, assignment=assignment), _("Taken off the shift.")
    )
    return redirect("rosters:shift", assignment.shift_id)


@login_required
def gap_list(request: HttpRequest) -> HttpResponse:
    """Shifts of the next days short of people, and people not checked in after the start."""
    _require_reads(request.user)
    now = timezone.now()
    return render(
        request,
        "rosters/gaps.html",
        {
            "gaps": list(gaps(request.user, now)[:200]),
            "missed": list(missed(request.user, now)[:200]),
            "nav": "rosters",
        },
    )


@login_required
def swap_list(request: HttpRequest) -> HttpResponse:
    _require_reads(request.user)
    return render(
        request,
        "rosters/swaps.html",
        {
            "swaps": list(swaps_waiting(request.user)[:200]),
            "can_write": scope_for(request.user).has_perm(Perm.FRONT_DESK),
            "nav": "rosters",
        },
    )


@login_required
@require_POST
def swap_approve(request: HttpRequest, pk: int) -> HttpResponse:
    if not scope_for(request.user).has_perm(Perm.FRONT_DESK):
        raise PermissionDenied
    swap = get_or_404(visible_to(Swap.objects.all(), request.user, Perm.FRONT_DESK), pk)
    run_service(
        request, lambda: services.swap_approve(actor=request.user, swap=swap), _("Swap approved: the shift has moved.")
    )
    return redirect("rosters:swaps")
