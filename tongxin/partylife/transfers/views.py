from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.partylife.transfers import services
from tongxin.partylife.transfers.forms import (
    ContactForm,
    EndForm,
    FloatingFilterForm,
    FloatingInForm,
    FloatingOutForm,
    TransferFilterForm,
    TransferForm,
    TransitionForm,
)
from tongxin.partylife.transfers.history import members_present_on
from tongxin.partylife.transfers.models import (
    ContactLog,
    Direction,
    FloatingIn,
    FloatingOut,
    MembershipHistory,
    TransferState,
)
from tongxin.partylife.transfers.queries import (
    PENDING,
    floating_figures,
    floating_in_list,
    floating_out_list,
    transfer_for,
    transfer_list,
    with_flags,
    with_overdue,
)
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate
from tongxin.platform.core.trees import ORG, node_choices
from tongxin.registry.party.models import Organization, OrgKind, PartyMember

MAX_CHOICES = 400
NAV = "transfers"


def _orgs(user: Actor, perm: str, kinds: tuple[str, ...] = services.HOLDING_KINDS) -> list[tuple[int, str]]:
    return node_choices(visible_to(Organization.objects.filter(kind__in=kinds), user, perm), MAX_CHOICES)


def _members(user: Actor, node: Organization | None) -> list[tuple[int, str]]:
    """Members present today whose member work the user does, with their organization."""
    qs = visible_to(PartyMember.objects.current(), user, Perm.PARTY_WORK)
    if node is not None:
        qs = qs.filter(org__path__startswith=node.path)
    qs = members_present_on(timezone.localdate(), qs)
    rows = qs.order_by("org__path", "name_pinyin", "id").values_list("pk", "name", "org__name")[:MAX_CHOICES]
    return [(pk, f"{name} · {org}") for pk, name, org in rows]


def _require(request: HttpRequest, perm: str) -> None:
    if not scope_for(request.user).has_perm(perm):
        raise PermissionDenied


def _node(request: HttpRequest, perm: str | None = None) -> Organization | None:
    node_id = int_param(request, "node")
    return get_for(request.user, Organization, node_id, perm=perm) if node_id is not None else None


def _crumbs(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "url": url} for name, url in pairs]


# Transfers -----------------------------------------------------------------------------------


@login_required
def transfer_index(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.VIEW)
    node = _node(request)
    today = timezone.localdate()
    form = TransferFilterForm(request.GET or None, nodes=_orgs(request.user, Perm.VIEW))
    data = form.cleaned_data if form.is_valid() else {}
    qs = transfer_list(
        request.user,
        today=today,
        node=node,
        state=data.get("state") or "",
        direction=data.get("direction") or "",
        overdue=bool(data.get("overdue")),
    )
    everything = transfer_list(request.user, today=today, node=node)
    counts = everything.aggregate(
        open=Count("pk", filter=Q(state__in=PENDING)),
        overdue_n=Count("pk", filter=Q(state=TransferState.SENT, due_on__lt=today)),
    )
    context = {
        "form": form,
        "node": node,
        "nav": NAV,
        "counts": counts,
        "can_write": scope_for(request.user).has_perm(Perm.PARTY_WORK),
        "crumbs": _crumbs((_("Transfers"), "")),
        **paginate(request, qs),
    }
    return render(request, "transfers/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_create(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.PARTY_WORK)
    direction = request.GET.get("direction", Direction.OUT)
    if direction not in Direction.values:
        direction = Direction.OUT
    node = _node(request, Perm.PARTY_WORK)
    members = _members(request.user, node) if direction != Direction.IN else []
    receivers = _orgs(request.user, Perm.VIEW if direction == Direction.INTERNAL else Perm.PARTY_WORK)
    branches = _orgs(request.user, Perm.PARTY_WORK) if direction == Direction.IN else []
    initial: dict[str, Any] = {"initiated_on": timezone.localdate()}
    member_id = int_param(request, "member")
    if member_id is not None:
        initial["member"] = member_id
    if node is not None and direction == Direction.IN:
        initial["to_org"] = node.pk
    posted = request.method == "POST"
    form = TransferForm(
        request.POST if posted else None,
        initial=initial,
        direction=direction,
        members=members,
        receivers=receivers,
        branches=branches,
    )
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        fields: dict[str, Any] = {k: data.pop(k) for k in ("letter_scope", "letter_number", "initiated_on", "note")}
        for key in ("member",):
            if key in data:
                fields[key] = visible_to(PartyMember.objects.select_related("org"), request.user, Perm.PARTY_WORK).get(
                    pk=data.pop(key)
                )
        for key in ("to_org", "place_in"):
            if key in data:
                pk = data.pop(key)
                fields[key] = Organization.objects.filter(pk=pk).first() if pk else None
        fields.update(data)
        try:
            transfer = services.transfer_create(actor=request.user, direction=direction, **fields)
        except Forbidden:
            raise  # ForbiddenMiddleware answers 403
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The transfer was started."))
            return redirect("transfers:detail", transfer.pk)
    context = {
        "form": form,
        "direction": direction,
        "directions": Direction.choices,
        "node": node,
        "nav": NAV,
        "crumbs": _crumbs((_("Transfers"), reverse("transfers:list")), (_("Start a transfer"), "")),
    }
    return render(request, "transfers/form.html", context)


@login_required
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = transfer_for(request.user, pk)
    today = timezone.localdate()
    overdue = with_overdue(type(transfer).objects.filter(pk=transfer.pk), today).values_list("overdue", flat=True)[0]
    scope = scope_for(request.user)
    steps = [
        {"to": to, "label": TransferState(to).label}
        for to in transfer.next_states()
        if services.may_act(request.user, transfer, to)
    ]
    sees = any(
        transfer_org is not None and scope.allows_path(Perm.VIEW, ORG, transfer_org.path)
        for transfer_org in (transfer.from_org, transfer.to_org, transfer.place_in)
    )
    history = (
        list(
            MembershipHistory.objects.filter(member=transfer.member)
            .select_related("org")
            # The opening row has no start: first on PostgreSQL too (which sorts NULL last).
            .order_by(F("started_on").asc(nulls_first=True), "id")
        )
        if transfer.member_id and sees
        else []
    )
    context = {
        "transfer": transfer,
        "events": list(transfer.events.all()),
        "overdue": overdue,
        "steps": steps,
        "history": history,
        "today": today,
        "form": TransitionForm(initial={"on": today}),
        "nav": NAV,
        "crumbs": _crumbs((_("Transfers"), reverse("transfers:list")), (transfer.name, "")),
    }
    return render(request, "transfers/detail.html", context)


@login_required
@require_POST
def transfer_transition(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = transfer_for(request.user, pk)
    to = request.POST.get("to", "")
    # The step names who acts; an unknown step is judged as the receiver's.
    if not services.may_act(request.user, transfer, to if to in TransferState.values else TransferState.COMPLETED):
        raise PermissionDenied
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("transfers:detail", transfer.pk)
    data = form.cleaned_data
    try:
        services.transfer_transition(
            actor=request.user,
            transfer=transfer,
            to_state=data["to"],
            on=data.get("on"),
            reason=data.get("reason") or "",
            letter_number=data.get("letter_number") or "",
        )
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Saved: %(state)s.") % {"state": TransferState(data["to"]).label})
    return redirect("transfers:detail", transfer.pk)


# Floating members ----------------------------------------------------------------------------


@login_required
def floating_index(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.VIEW)
    node = _node(request)
    today = timezone.localdate()
    show = "in" if request.GET.get("show") == "in" else "out"
    form = FloatingFilterForm(request.GET or None, nodes=_orgs(request.user, Perm.VIEW))
    data = form.cleaned_data if form.is_valid() else {}
    if show == "out":
        qs: Any = floating_out_list(request.user, today=today, node=node, flag=data.get("flag") or "")
    else:
        qs = floating_in_list(request.user, today=today, node=node)
    incoming = visible_to(FloatingIn.objects.all(), request.user)
    if node is not None:
        incoming = incoming.filter(station__path__startswith=node.path)
    context = {
        "form": form,
        "node": node,
        "show": show,
        "figures": floating_figures(request.user, today=today, node=node),
        "incoming_here": incoming.filter(Q(left_on__isnull=True) | Q(left_on__gt=today)).count(),
        "can_write": scope_for(request.user).has_perm(Perm.PARTY_WORK),
        "nav": "floating",
        "crumbs": _crumbs((_("Floating members"), "")),
        **paginate(request, qs),
    }
    return render(request, "transfers/floating.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def floating_create(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.PARTY_WORK)
    kind = "in" if request.GET.get("kind") == "in" else "out"
    node = _node(request, Perm.PARTY_WORK)
    posted = request.method == "POST"
    today = timezone.localdate()
    stations_any = _orgs(request.user, Perm.VIEW, (OrgKind.LIAISON_STATION,))
    form: FloatingOutForm | FloatingInForm
    if kind == "out":
        form = FloatingOutForm(
            request.POST if posted else None,
            initial={"left_on": today, "member": int_param(request, "member")},
            members=_members(request.user, node),
            stations=stations_any,
        )
    else:
        form = FloatingInForm(
            request.POST if posted else None,
            initial={"arrived_on": today},
            stations=_orgs(request.user, Perm.PARTY_WORK, (OrgKind.LIAISON_STATION,)),
        )
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if kind == "out":
                member = visible_to(PartyMember.objects.select_related("org"), request.user, Perm.PARTY_WORK).get(
                    pk=data.pop("member")
                )
                station_id = data.pop("station")
                station = Organization.objects.filter(pk=station_id).first() if station_id else None
                record: Any = services.floating_out_create(actor=request.user, member=member, station=station, **data)
            else:
                station = Organization.objects.get(pk=data.pop("station"))
                record = services.floating_in_create(actor=request.user, station=station, **data)
        except Forbidden:
            raise  # ForbiddenMiddleware answers 403
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("transfers:floating_detail", kind, record.pk)
    context = {
        "form": form,
        "kind": kind,
        "node": node,
        "nav": "floating",
        "crumbs": _crumbs((_("Floating members"), reverse("transfers:floating")), (_("Register"), "")),
    }
    return render(request, "transfers/floating_form.html", context)


@login_required
def floating_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    today = timezone.localdate()
    crumbs_root = (_("Floating members"), reverse("transfers:floating"))
    if kind == "in":
        record: Any = get_for(request.user, FloatingIn.objects.select_related("station"), pk)
        can_write = scope_for(request.user).allows_path(Perm.PARTY_WORK, ORG, record.station.path)
        context: dict[str, Any] = {"record": record, "kind": kind, "can_write": can_write}
    elif kind == "out":
        qs = with_flags(FloatingOut.objects.select_related("member", "member__org", "station"), today)
        record = get_for(request.user, qs, pk)
        can_write = scope_for(request.user).allows_path(Perm.PARTY_WORK, ORG, record.member.org.path)
        context = {
            "record": record,
            "kind": kind,
            "contacts": list(ContactLog.objects.filter(floating=record).order_by("-on", "-id")),
            "can_write": can_write,
            "form": ContactForm(initial={"on": today}) if can_write else None,
        }
    else:
        raise Http404
    name = record.name if kind == "in" else record.member.name
    ended = record.left_on if kind == "in" else record.back_on
    context.update(
        {
            "nav": "floating",
            "today": today,
            "can_end": context["can_write"] and ended is None,
            "crumbs": _crumbs(crumbs_root, (name, "")),
        }
    )
    return render(request, "transfers/floating_detail.html", context)


@login_required
@require_POST
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_for(request.user, FloatingOut.objects.select_related("member", "member__org"), pk)
    if not scope_for(request.user).allows_path(Perm.PARTY_WORK, ORG, record.member.org.path):
        raise PermissionDenied
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_log_add(actor=request.user, floating=record, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The contact was logged."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("transfers:floating_detail", "out", record.pk)


@login_required
@require_POST
def floating_end(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Record that a member away is back, or that one from elsewhere has left."""
    if kind == "in":
        record: Any = get_for(request.user, FloatingIn.objects.select_related("station"), pk)
        org = record.station
    elif kind == "out":
        record = get_for(request.user, FloatingOut.objects.select_related("member", "member__org"), pk)
        org = record.member.org
    else:
        raise Http404
    if not scope_for(request.user).allows_path(Perm.PARTY_WORK, ORG, org.path):
        raise PermissionDenied
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            services.floating_end(actor=request.user, record=record, on=form.cleaned_data["on"])
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("transfers:floating_detail", kind, record.pk)
