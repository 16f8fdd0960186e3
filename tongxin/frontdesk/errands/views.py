"""The errands pages: the list with its filters and the period's counts, registering an errand for
a resident (found by search in the community) or a visitor, one errand with its documents and
steps, each step on, cancelling, and the audited reveal of a visitor's phone.

Reading takes Perm.FRONT_DESK or the subdistrict's role (403 otherwise); an errand outside the
user's places is a 404. Writing takes Perm.FRONT_DESK over the community (the services check).
"""

from __future__ import annotations

import datetime
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

from tongxin.frontdesk.errands import services
from tongxin.frontdesk.errands.forms import CancelForm, DocumentForm, ErrandForm, StepForm
from tongxin.frontdesk.errands.models import NEXT, Errand, Kind, Status
from tongxin.frontdesk.errands.queries import errand_list, errands_visible_to, period_counts, reads_front_desk
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate, text_param
from tongxin.platform.core.people import person_search_q
from tongxin.platform.core.trees import node_choices
from tongxin.platform.web.reveal import reveal_view
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.people.models import Resident


def get_or_404(qs: QuerySet[Any], pk: Any) -> Any:
    try:
        key = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    obj = qs.filter(pk=key).first() if 0 < key < 2**62 else None
    if obj is None:
        raise Http404
    return obj


def errand_for(user: Any, pk: Any) -> Errand:
    if not reads_front_desk(user):
        raise PermissionDenied
    return get_or_404(errands_visible_to(user).select_related("community", "resident__household__area"), pk)


def places_for(user: Any) -> QuerySet[Area]:
    return visible_to(Area.objects.filter(level__in=["district", "subdistrict", *COMMUNITY_LEVELS]), user)


def communities_for(user: Any) -> QuerySet[Area]:
    return visible_to(Area.objects.filter(level__in=COMMUNITY_LEVELS), user, Perm.FRONT_DESK).order_by("path")


def _date_param(request: HttpRequest, name: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(request.GET.get(name, "")[:10])
    except ValueError:
        return None


@login_required
def errands(request: HttpRequest) -> HttpResponse:
    if not reads_front_desk(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    node_id = int_param(request, "node")
    node = get_or_404(places_for(request.user), node_id) if node_id else None
    status = text_param(request, "status", 12)
    status = status if status in Status.values else ""
    kind = text_param(request, "kind", 20)
    kind = kind if kind in Kind.values else ""
    due = text_param(request, "due", 10)
    due = due if due in ("overdue", "soon") else ""
    start = _date_param(request, "from") or today.replace(month=1, day=1)
    end = _date_param(request, "to") or today
    if end < start:
        start, end = end, start
    path = node.path if node else ""
    qs = errand_list(request.user, path=path, status=status, kind=kind, due=due, today=today)
    counts = period_counts(errand_list(request.user, path=path), start, end, today)
    page = paginate(request, qs, 50)
    return render(
        request,
        "errands/errand_list.html",
        {
            **page,
            "counts": counts,
            "start": start,
            "end": end,
            "nodes": node_choices(places_for(request.user), 300, node),
            "node": node,
            "status": status,
            "kind": kind,
            "due": due,
            "statuses": Status.choices,
            "kinds": Kind.choices,
            "today": today,
            "can_write": scope_for(request.user).has_perm(Perm.FRONT_DESK),
            "nav": "errands",
        },
    )


@login_required
def errand_new(request: HttpRequest) -> HttpResponse:
    """Step 1: find the resident (search in the community) or go on with a visitor; step 2: the errand."""
    if not scope_for(request.user).has_perm(Perm.FRONT_DESK):
        raise PermissionDenied
    communities = list(communities_for(request.user).defer("outline")[:300])
    community_id = int_param(request, "community")
    community = next(
        (c for c in communities if c.pk == community_id), communities[0] if len(communities) == 1 else None
    )
    resident = None
    resident_id = int_param(request, "resident")
    if resident_id and community is not None:
        resident = get_or_404(
            Resident.objects.filter(household__area__path__startswith=community.path).select_related("household__area"),
            resident_id,
        )
    query = text_param(request, "q", 50)
    found: list[Resident] = []
    if query and community is not None and resident is None:
        found = list(
            Resident.objects.filter(
                person_search_q(query, with_id=True), household__area__path__startswith=community.path
            )
            .select_related("household__area")
            .order_by("name", "id")[:20]
        )
    visitor = request.GET.get("visitor") == "1"
    form = None
    if community is not None and (resident is not None or visitor):
        form = ErrandForm(
            request.POST or None, resident=resident is not None, initial={"received_on": timezone.localdate()}
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            documents = [line for line in data.pop("documents").splitlines() if line.strip()]
            try:
                errand = services.errand_register(
                    actor=request.user, community=community, resident=resident, documents=documents, **data
                )
            except Forbidden:
                raise
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("Errand registered."))
                return redirect("errands:errand", errand.pk)
    return render(
        request,
        "errands/errand_new.html",
        {
            "communities": communities,
            "community": community,
            "resident": resident,
            "query": query,
            "found": found,
            "visitor": visitor,
            "form": form,
            "nav": "errands",
        },
    )


@login_required
def errand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    errand = errand_for(request.user, pk)
    runs = services.may_run(request.user, errand.community)
    next_status = NEXT.get(errand.status, "")
    return render(
        request,
        "errands/errand_detail.html",
        {
            "errand": errand,
            "documents": list(errand.documents.all()),
            "steps": list(errand.steps.select_related("by").order_by("at", "id")),
            "runs": runs,
            "next_status": next_status,
            "next_label": dict(Status.choices).get(next_status, ""),
            "step_form": StepForm(prefix="step", initial={"on": timezone.localdate()})
            if runs and next_status
            else None,
            "cancel_form": CancelForm(prefix="cancel") if runs and errand.is_open else None,
            "document_form": DocumentForm(prefix="doc", initial={"received_on": timezone.localdate()})
            if runs and errand.is_open
            else None,
            "today": timezone.localdate(),
            "can_reveal": scope_for(request.user).has_perm(Perm.REVEAL),
            "nav": "errands",
        },
    )


def _form_errors(form: Any) -> str:
    return " ".join(
        f"{form.fields[f].label}: {e[0]}" if f in form.fields else str(e[0]) for f, e in form.errors.items()
    )


def _post(request: HttpRequest, errand: Errand, form: Any, call: Any, done: str) -> HttpResponse:
    if not services.may_run(request.user, errand.community):
        raise PermissionDenied
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except Forbidden:
            raise
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
    else:
        messages.error(request, _form_errors(form))
    return redirect("errands:errand", errand.pk)


@login_required
@require_POST
def errand_step(request: HttpRequest, pk: int) -> HttpResponse:
    errand = errand_for(request.user, pk)
    to = NEXT.get(errand.status, "")
    return _post(
        request,
        errand,
        StepForm(request.POST, prefix="step"),
        lambda d: services.errand_advance(actor=request.user, errand=errand, to=to, **d),
        _("Step recorded."),
    )


@login_required
@require_POST
def errand_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    errand = errand_for(request.user, pk)
    return _post(
        request,
        errand,
        CancelForm(request.POST, prefix="cancel"),
        lambda d: services.errand_cancel(actor=request.user, errand=errand, reason=d["reason"]),
        _("Errand cancelled."),
    )


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    errand = errand_for(request.user, pk)
    return _post(
        request,
        errand,
        DocumentForm(request.POST, prefix="doc"),
        lambda d: services.document_add(actor=request.user, errand=errand, **d),
        _("Document recorded."),
    )


@login_required
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """The visitor's full phone number, audited (the registry's reveal)."""
    return reveal_view(request, errand_for(request.user, pk))
