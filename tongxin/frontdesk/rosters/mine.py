"""A person's own shifts, on their phone: the next ones, 签到 (check in) within the window, hand a
shift to someone else, and the swaps asked of them. No permission needed: the rows are theirs
(another person's assignment is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.frontdesk.rosters import services
from tongxin.frontdesk.rosters.forms import PersonForm
from tongxin.frontdesk.rosters.models import Assignment, Swap
from tongxin.frontdesk.rosters.queries import my_assignments, swaps_for_me
from tongxin.frontdesk.rosters.views import get_or_404, people_choices, run_service
from tongxin.platform.access.models import User
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.trees import AREA


def _paths(request: HttpRequest) -> list[str]:
    return [path for _role, tree, path in scope_for(request.user).grants if tree == AREA]


def _mine(request: HttpRequest, pk: int) -> Assignment:
    qs = Assignment.objects.filter(user_id=int(request.user.pk or 0)).select_related("shift__rota__community")
    return get_or_404(qs, pk)


@login_required
def my_shifts(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = list(my_assignments(request.user, now)[:60])
    for a in rows:
        opens, closes = services.check_in_window(a.shift)
        a.can_check_in = a.checked_in_at is None and opens <= now <= closes  # type: ignore[attr-defined]
        a.can_swap = a.checked_in_at is None and a.shift.starts > now and not a.open_swaps  # type: ignore[attr-defined]
    return render(
        request,
        "rosters/mine.html",
        {
            "assignments": rows,
            "asked": list(swaps_for_me(request.user, _paths(request))[:30]),
            "now": now,
            "nav": "my_shifts",
        },
    )


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _mine(request, pk)
    run_service(
        request, lambda: services.check_in(actor=request.user, assignment=assignment), _("Checked in. Thank you!")
    )
    return redirect("rosters:mine")


@login_required
def swap_ask(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _mine(request, pk)
    community = assignment.shift.rota.community
    choices = [c for c in people_choices(community) if c[0] != request.user.pk]
    form = PersonForm(request.POST or None, people=choices, blank=_("Anyone of the staff (an offer)"), note=True)
    form.fields["user"].required = False
    if request.method == "POST" and form.is_valid():
        to_id = form.cleaned_data["user"]
        to_user = User.objects.filter(pk=to_id).first() if to_id else None
        try:
            services.swap_ask(
                actor=request.user, assignment=assignment, to_user=to_user, note=form.cleaned_data["note"]
            )
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request, _("Asked. The shift moves once the other person accepts and the office approves.")
            )
            return redirect("rosters:mine")
    return render(
        request,
        "rosters/swap_form.html",
        {"form": form, "assignment": assignment, "shift": assignment.shift, "nav": "my_shifts"},
    )


def _swap_for(request: HttpRequest, pk: int) -> Swap:
    """A swap asked of the user, an offer they may take, or their own."""
    own = Swap.objects.filter(Q(from_user_id=request.user.pk) | Q(to_user_id=request.user.pk))
    found = (
        own.filter(pk=int(pk)).select_related("assignment__shift__rota__community").first()
        if 0 < int(pk) < 2**62
        else None
    )
    return found or get_or_404(swaps_for_me(request.user, _paths(request)), pk)


@login_required
@require_POST
def swap_accept(request: HttpRequest, pk: int) -> HttpResponse:
    swap = _swap_for(request, pk)
    run_service(
        request,
        lambda: services.swap_accept(actor=request.user, swap=swap),
        _("Accepted: the office will approve the swap."),
    )
    return redirect("rosters:mine")


@login_required
@require_POST
def swap_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """The person asked declines, or the asker withdraws; the office refuses from the swaps page."""
    from tongxin.frontdesk.rosters.queries import reads_front_desk
    from tongxin.platform.access.roles import Perm
    from tongxin.platform.access.scope import visible_to

    staff = visible_to(Swap.objects.all(), request.user, Perm.FRONT_DESK)
    swap = staff.filter(pk=int(pk)).first() if reads_front_desk(request.user) and 0 < int(pk) < 2**62 else None
    swap = swap or _swap_for(request, pk)
    run_service(request, lambda: services.swap_decline(actor=request.user, swap=swap), _("The swap is closed."))
    return redirect(request.POST.get("next") == "swaps" and "rosters:swaps" or "rosters:mine")
