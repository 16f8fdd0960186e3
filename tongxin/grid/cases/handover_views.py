"""Pages for duplicates and handovers: merge a duplicate, send a case out, answer a handover."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongxin.grid.cases import duplicates, handover
from tongxin.grid.cases.exceptions import CaseChanged
from tongxin.grid.cases.models import Case, CaseHandover
from tongxin.grid.cases.queries import cases_visible_to
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.scope import get_for
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.listing import paginate


def detail_extras(user: Actor, case: Case) -> dict[str, Any]:
    """What the case page shows about duplicates and handovers (a fixed number of queries)."""
    # Every handover of the case in one query: the active one is the latest sent or taken on
    # (as handover.active_handover picks it), the others are its history.
    handovers = list(case.handovers.order_by("sent_at", "id")) if getattr(case, "has_handovers", True) else []
    active = next((h for h in reversed(handovers) if h.status in handover.ACTIVE), None)
    may_merge = duplicates.may_merge(user, case)
    may_hand_over = handover.may_hand_over(user, case) and active is None
    return {
        "duplicates": duplicates.possible_duplicates(case, user) if may_merge else [],
        "may_merge": may_merge,
        "handover": active,
        "handover_history": [h for h in handovers if h.status not in handover.ACTIVE],
        "answers_handover": active is not None and handover.answers_for(user, active),
        # A council's people make the case a topic (立为议题) rather than answer it by hand.
        "raises_topic": active is not None
        and active.kind == CaseHandover.Kind.COUNCIL
        and _target_answers(user, active),
        "may_withdraw": active is not None and handover.may_hand_over(user, case),
        "may_hand_over": may_hand_over,
        "handover_targets": handover_targets(user, case) if may_hand_over else [],
        "owner": handover.owner_name(case, active),
        "send_back_open": active is not None
        and active.status == CaseHandover.Status.SENT
        and timezone.now() <= active.send_back_due,
    }


def _target_answers(user: Actor, item: CaseHandover) -> bool:
    """Does the user answer for the handover's target itself (not as a supervisor of the case)?"""
    target = handover.TARGETS.get(item.kind)
    return target is not None and item.target is not None and target.answers_for(user, item.target)


def handover_targets(user: Actor, case: Case) -> list[tuple[str, str, list[Any]]]:
    """Every registered kind of receiver with its targets for this case: (kind, label, targets),
    the kinds with no target left out (one query per kind)."""
    found = []
    for kind, target in handover.TARGETS.items():
        rows = list(target.choices(user, case))
        if rows:
            found.append((str(kind), str(CaseHandover.Kind(kind).label), rows))
    return found


def _fail(request: HttpRequest, exc: DomainError) -> None:
    if isinstance(exc, Forbidden):
        raise exc  # ForbiddenMiddleware answers 403
    messages.error(request, " ".join(exc.messages))


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Fold this case into another one the user may see (`into` = its id)."""
    case = get_for(request.user, Case.objects.select_related("area"), pk)
    into = get_for(request.user, Case.objects.select_related("area"), request.POST.get("into", ""))
    try:
        duplicates.case_merge(case=case, into=into, actor=request.user, comment=request.POST.get("text", "")[:2000])
    except DomainError as exc:
        _fail(request, exc)
        return redirect("cases:detail", case.pk)
    messages.success(request, _("Merged into %(code)s.") % {"code": into.tracking_code})
    return redirect("cases:detail", into.pk)


@login_required
@require_POST
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_for(request.user, Case.objects.select_related("area", "category"), pk)
    # The case page sends "kind:id" from one list of every kind of receiver; "kind" and "target"
    # apart are still understood.
    kind, _sep, target_id = request.POST.get("target", "")[:40].rpartition(":")
    try:
        done = handover.case_hand_over(
            case=case,
            actor=request.user,
            kind=kind or request.POST.get("kind", CaseHandover.Kind.UNIT),
            target_id=target_id[:20],
            note=request.POST.get("text", "")[:2001],
        )
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Handed over to %(target)s.") % {"target": done.target_name})
    return redirect("cases:detail", case.pk)


ANSWERS = {
    "take": lambda h, user, text: handover.handover_take(handover=h, actor=user),
    "send_back": lambda h, user, text: handover.handover_send_back(handover=h, actor=user, reason=text),
    "return": lambda h, user, text: handover.handover_return(handover=h, actor=user, answer=text),
    "withdraw": lambda h, user, text: handover.handover_withdraw(handover=h, actor=user, reason=text),
}
DONE = {
    "take": gettext_lazy("You have taken the case on."),
    "send_back": gettext_lazy("The case was sent back."),
    "return": gettext_lazy("The case went back with your answer."),
    "withdraw": gettext_lazy("The handover was withdrawn."),
}


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, handover_pk: int) -> HttpResponse:
    case = get_for(request.user, Case.objects.select_related("area", "category", "assignee"), pk)
    item = case.handovers.filter(pk=handover_pk).first()
    action = request.POST.get("action", "")
    if item is None:
        raise Http404
    if action not in ANSWERS:
        messages.error(request, _("The form was incomplete. Please try again."))
        return redirect("cases:detail", case.pk)
    item.case = case
    try:
        ANSWERS[action](item, request.user, request.POST.get("text", "")[:2001])
    except CaseChanged as exc:
        messages.error(request, " ".join(exc.messages))
    except DomainError as exc:
        _fail(request, exc)
    else:
        messages.success(request, str(DONE[action]))
    return redirect("cases:detail", case.pk)


@login_required
def handovers(request: HttpRequest) -> HttpResponse:
    """Cases handed to the units I answer for, and those my grid has sent out and not got back."""
    incoming = handover.handovers_answered_by(request.user).filter(status__in=handover.ACTIVE)
    outgoing = CaseHandover.objects.filter(
        case__in=cases_visible_to(request.user).values("pk"), status__in=handover.ACTIVE
    ).exclude(pk__in=incoming.values("pk"))
    show = request.GET.get("show", "incoming")
    if show not in ("incoming", "outgoing"):
        show = "incoming"
    qs = (incoming if show == "incoming" else outgoing).select_related("case", "case__category", "case__grid")
    context = {
        "show": show,
        "counts": {"incoming": incoming.count(), "outgoing": outgoing.count()},
        "now": timezone.now(),
        "nav": "handovers",
        **paginate(request, qs.order_by("sent_at", "id")),
    }
    return render(request, "cases/handovers.html", context)
