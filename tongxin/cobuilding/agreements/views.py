"""The agreements pages: the list with its filters and counts, one agreement with its commitments
and what was delivered against each, and the forms that write through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.cobuilding.agreements import services
from tongxin.cobuilding.agreements.forms import AgreementForm, CommitmentForm, DeliveryForm, ScanForm, SignForm
from tongxin.cobuilding.agreements.models import KIND_MEASURE, Agreement, Commitment, Delivery
from tongxin.cobuilding.agreements.queries import (
    agreement_list,
    agreements_visible_to,
    progress_rows,
    reads_cobuild,
    status_counts,
)
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate, text_param
from tongxin.platform.core.trees import AREA, node_choices
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.queries import units_answered_by


def get_or_404(qs: QuerySet[Any], pk: Any) -> Any:
    try:
        key = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    obj = qs.filter(pk=key).first() if 0 < key < 2**62 else None
    if obj is None:
        raise Http404
    return obj


def agreement_for(user: Any, pk: Any) -> Agreement:
    """Staff and the subdistrict read any agreement in scope; a unit contact their unit's."""
    if not reads_cobuild(user) and Role.UNIT_CONTACT not in scope_for(user).roles:
        raise PermissionDenied
    return get_or_404(agreements_visible_to(user).select_related("unit__area", "community"), pk)


def commitment_for(user: Any, pk: Any) -> Commitment:
    if not reads_cobuild(user) and Role.UNIT_CONTACT not in scope_for(user).roles:
        raise PermissionDenied
    visible = agreements_visible_to(user).values("pk")
    return get_or_404(
        Commitment.objects.filter(agreement__in=visible).select_related("agreement__community", "agreement__unit"), pk
    )


def _require_runs(user: Any, agreement: Agreement) -> None:
    if not services.may_run(user, agreement.community):
        raise PermissionDenied


def community_of(unit: ResidentUnit) -> Area | None:
    paths = [*unit.area.ancestor_paths(), unit.area.path]
    return Area.objects.filter(path__in=paths, level__in=COMMUNITY_LEVELS).order_by("-depth").first()


def places_for(user: Any) -> QuerySet[Area]:
    return visible_to(
        Area.objects.filter(level__in=["district", "subdistrict", *COMMUNITY_LEVELS]), user, Perm.VIEW_UNITS
    )


@login_required
def agreements(request: HttpRequest) -> HttpResponse:
    if not reads_cobuild(request.user):
        raise PermissionDenied
    node_id = int_param(request, "node")
    node = get_or_404(places_for(request.user), node_id) if node_id else None
    year = int_param(request, "year")
    status = text_param(request, "status", 10)
    status = status if status in Agreement.Status.values else ""
    kind = text_param(request, "kind", 20)
    kind = kind if kind in ResidentUnit.Kind.values else ""
    ending = request.GET.get("ending") == "soon"
    filters: dict[str, Any] = {
        "path": node.path if node else "",
        "year": year,
        "unit_kind": kind,
        "ending_from": timezone.localdate() if ending else None,
    }
    qs = agreement_list(request.user, status=status, **filters)
    counts = status_counts(agreement_list(request.user, **filters))
    page = paginate(request, qs, 50, count=counts["total"] if not status else counts[status])
    can_write = scope_for(request.user).has_perm(Perm.COBUILD)
    return render(
        request,
        "agreements/agreement_list.html",
        {
            **page,
            "nav": "agreements",
            "counts": counts,
            "nodes": node_choices(places_for(request.user), 300, node),
            "node": node,
            "year": year,
            "status": status,
            "kind": kind,
            "ending": ending,
            "statuses": Agreement.Status.choices,
            "kinds": ResidentUnit.Kind.choices,
            "can_write": can_write,
            "this_year": timezone.localdate().year,
        },
    )


def _unit_choices(user: Any) -> list[tuple[int, str]]:
    paths = scope_for(user).prefixes(AREA, Perm.COBUILD)
    qs = ResidentUnit.objects.select_related("area").order_by("name", "id")
    if not scope_for(user).is_admin:
        from django.db.models import Q

        condition = Q(pk__in=[])
        for p in paths:
            condition |= Q(area__path__startswith=p)
        qs = qs.filter(condition)
    return [(u.pk, f"{u.name}（{u.area.name}）") for u in qs[:500]]


def _form_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    done: str,
    title: str,
    agreement: Agreement | None = None,
    back: str = "",
    **extra: Any,
) -> HttpResponse:
    """A form page whose valid POST calls one service: its refusals become the form's errors (a
    Forbidden stays a 403), success goes back to the agreement the service returns (or to `back`)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(back) if back else redirect("agreements:agreement", saved.pk)
    context = {"form": form, "title": title, "agreement": agreement, "nav": "agreements", **extra}
    return render(request, "agreements/form.html", context)


@login_required
def agreement_new(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).has_perm(Perm.COBUILD):
        raise PermissionDenied
    units = _unit_choices(request.user)
    today = timezone.localdate()
    initial = {
        "year": today.year,
        "starts_on": today.replace(month=1, day=1),
        "ends_on": today.replace(month=12, day=31),
    }
    form = AgreementForm(request.POST or None, units=units, initial=initial)

    def save(data: dict[str, Any]) -> Agreement:
        unit = ResidentUnit.objects.select_related("area").filter(pk=data["unit"]).first()
        community = community_of(unit) if unit else None
        if unit is None or community is None:
            raise DomainError({"unit": _("This unit is not a resident unit of the community.")})
        fields = {k: v for k, v in data.items() if k != "unit"}
        return services.agreement_save(actor=request.user, community=community, unit=unit, **fields)

    return _form_page(
        request,
        form,
        save,
        done=_("Agreement saved. Now add what the unit commits to."),
        title=_("New co-building agreement"),
    )


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk)
    _require_runs(request.user, agreement)
    fields = ("year", "title", "starts_on", "ends_on", "note")
    form = AgreementForm(request.POST or None, initial={f: getattr(agreement, f) for f in fields})
    return _form_page(
        request,
        form,
        lambda data: services.agreement_save(actor=request.user, agreement=agreement, **data),
        done=_("Agreement saved."),
        title=_("Edit the agreement"),
        agreement=agreement,
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk)
    runs = services.may_run(request.user, agreement.community)
    answers = not runs and units_answered_by(request.user).filter(pk=agreement.unit_id).exists()
    commitments = progress_rows(agreement.commitments.all())
    deliveries = (
        Delivery.objects.filter(commitment__agreement=agreement)
        .select_related("commitment")
        .order_by("-delivered_on", "-id")[:50]
    )
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "commitments": commitments,
            "deliveries": deliveries,
            "runs": runs,
            "answers": answers,
            "commitment_form": CommitmentForm(prefix="c") if runs else None,
            "measures": {k: str(v) for k, v in KIND_MEASURE.items()},
            "nav": "agreements",
        },
    )


@login_required
@require_POST
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk)
    _require_runs(request.user, agreement)
    form = CommitmentForm(request.POST, prefix="c")
    if form.is_valid():
        try:
            services.commitment_add(actor=request.user, agreement=agreement, **form.cleaned_data)
        except Forbidden:
            raise
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Commitment added."))
    else:
        messages.error(
            request,
            " ".join(
                f"{form.fields[f].label}: {e[0]}" if f in form.fields else str(e[0]) for f, e in form.errors.items()
            ),
        )
    return redirect("agreements:agreement", agreement.pk)


@login_required
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = commitment_for(request.user, pk)
    agreement = commitment.agreement
    _require_runs(request.user, agreement)
    initial = {
        "kind": commitment.kind,
        "description": commitment.description,
        "quantity": commitment.quantity,
        "measure": commitment.measure,
    }
    form = CommitmentForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> Agreement:
        services.commitment_update(actor=request.user, commitment=commitment, **data)
        return agreement

    return _form_page(
        request, form, save, done=_("Commitment saved."), title=_("Edit the commitment"), agreement=agreement
    )


@login_required
@require_POST
def commitment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = commitment_for(request.user, pk)
    agreement = commitment.agreement
    _require_runs(request.user, agreement)
    try:
        services.commitment_remove(actor=request.user, commitment=commitment)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Commitment removed."))
    return redirect("agreements:agreement", agreement.pk)


@login_required
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk)
    _require_runs(request.user, agreement)
    form = SignForm(request.POST or None, initial={"signed_on": timezone.localdate()})

    def save(data: dict[str, Any]) -> Agreement:
        services.agreement_sign(actor=request.user, agreement=agreement, **data)
        return agreement

    return _form_page(
        request, form, save, done=_("The agreement is signed."), title=_("Sign the agreement"), agreement=agreement
    )


@login_required
@require_POST
def agreement_end(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk)
    _require_runs(request.user, agreement)
    try:
        services.agreement_end(actor=request.user, agreement=agreement)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The agreement has ended."))
    return redirect("agreements:agreement", agreement.pk)


@login_required
def scan_upload(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for(request.user, pk)
    _require_runs(request.user, agreement)
    form = ScanForm(request.POST or None, request.FILES or None)

    def save(data: dict[str, Any]) -> Agreement:
        services.agreement_scan_upload(actor=request.user, agreement=agreement, upload=data["scan"])
        return agreement

    return _form_page(
        request,
        form,
        save,
        done=_("The scan of the signed agreement is kept."),
        title=_("Upload the signed agreement"),
        agreement=agreement,
        files=True,
    )


@login_required
def scan(request: HttpRequest, pk: int) -> FileResponse:
    agreement = agreement_for(request.user, pk)
    if not agreement.scan:
        raise Http404
    try:
        handle = agreement.scan.open("rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    services.agreement_scan_viewed(actor=request.user, agreement=agreement)
    response = FileResponse(handle, content_type=agreement.scan_type or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    ext = "pdf" if agreement.scan_type == "application/pdf" else "jpg"
    response["Content-Disposition"] = f'inline; filename="agreement-{agreement.pk}.{ext}"'
    return response


@login_required
def delivery_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff enter a delivery; the unit's contact reports one (from the portal)."""
    commitment = commitment_for(request.user, pk)
    agreement = commitment.agreement
    runs = services.may_run(request.user, agreement.community)
    if not runs and not units_answered_by(request.user).filter(pk=agreement.unit_id).exists():
        raise PermissionDenied
    source = Delivery.Source.ENTERED if runs else Delivery.Source.REPORTED
    form = DeliveryForm(request.POST or None, initial={"delivered_on": timezone.localdate()})

    def save(data: dict[str, Any]) -> Agreement:
        services.record_delivery(actor=request.user, commitment=commitment, source=source, **data)
        return agreement

    title = _("Record a delivery") if runs else _("Report a delivery")
    return _form_page(
        request,
        form,
        save,
        done=_("Delivery recorded."),
        title=f"{title}：{commitment.description}",
        agreement=agreement,
        back="" if runs else reverse("portal:portal"),
        back_portal=not runs,
    )
