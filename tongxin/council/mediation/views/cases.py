"""The cases list (filters: state, waiting, kind, a figure's period and place), a case's page, a
new case (by hand or from a sweep), and grid cases handed over waiting to be taken on."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tongxin.council.mediation import rules, services
from tongxin.council.mediation.forms import (
    AgreementForm,
    CaseForm,
    FollowupForm,
    HandoverAcceptForm,
    PartyForm,
    ScanForm,
    SessionForm,
    SettleForm,
)
from tongxin.council.mediation.models import CaseState, Committee, DisputeKind, MediationCase, Mediator
from tongxin.council.mediation.queries import (
    CASE_FIGURES,
    WAITING,
    case_rows,
    cases_visible_to,
    sweeps_visible_to,
)
from tongxin.council.mediation.views.common import (
    case_for,
    fail,
    require_reader,
    serving_choices,
    writes,
)
from tongxin.grid.cases.handover import ACTIVE
from tongxin.grid.cases.models import CaseHandover
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.listing import clean_text, paginate
from tongxin.platform.core.trees import node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.areas.models import Area, Level

STATE_FILTERS = ("open", "agreed", "closed")


def _day(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    require_reader(request.user)
    today = timezone.localdate()
    qs = cases_visible_to(request.user)
    chips: list[str] = []
    state = request.GET.get("state", "")
    if state in STATE_FILTERS:
        qs = qs.filter(state=state)
    waiting = request.GET.get("waiting", "")
    if waiting in WAITING:
        qs = qs.filter(WAITING[waiting](today))
        chips.append(
            {
                "overdue": _("past their month"),
                "followup": _("follow-up due"),
                "confirm": _("confirmation window closing"),
            }[waiting]
        )
    kind = request.GET.get("kind", "")
    if kind in DisputeKind.values:
        qs = qs.filter(kind=kind)
        chips.append(str(DisputeKind(kind).label))
    node = request.GET.get("node", "")
    if node:
        area = get_for(request.user, Area, node if node.isdecimal() and len(node) < 19 else None)
        qs = qs.filter(area__path__startswith=area.path)
        chips.append(area.name)
    figure = request.GET.get("figure", "")
    start, end = _day(request.GET.get("from", "")), _day(request.GET.get("to", ""))
    if figure in CASE_FIGURES and start and end:
        qs = qs.filter(CASE_FIGURES[figure](start, end))
        chips.append(f"{FIGURE_LABELS()[figure]} {start.isoformat()} – {end.isoformat()}")
    q = clean_text(request.GET.get("q", ""))[:50]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(code__iexact=q) | Q(parties__name__icontains=q)).distinct()
    page = paginate(request, case_rows(qs), 50)
    context: dict[str, Any] = {
        **page,
        "state": state if state in STATE_FILTERS else "",
        "states": [(s, CaseState(s).label) for s in STATE_FILTERS],
        "kinds": DisputeKind.choices,
        "kind": kind,
        "q": q,
        "chips": chips,
        "today": today,
        "can_write": scope_for(request.user).has_perm(Perm.MEDIATE),
        "nav": "mediation_cases",
    }
    return render(request, "mediation/case_list.html", context)


def FIGURE_LABELS() -> dict[str, str]:  # noqa: N802  (a table, read as a constant)
    return {
        "accepted": _("Accepted"),
        "ended": _("Mediated to an end"),
        "settled": _("Settled by agreement"),
        "performed": _("Agreements performed"),
        "in_grid": _("Settled inside the grid"),
        "in_community": _("Settled in the community"),
        "above": _("Settled above the community"),
    }


def _places(committee: Committee) -> list[tuple[int, str]]:
    rows = Area.objects.filter(
        path__startswith=committee.area.path, level__in=(Level.COMMUNITY, Level.VILLAGE, Level.GRID, Level.BUILDING)
    )
    return node_choices(rows, 400)


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MEDIATE)
    committees = list(
        visible_to(Committee.objects.filter(is_active=True), request.user, Perm.MEDIATE).select_related("area")
    )
    if not committees:
        messages.info(request, _("Create the mediation committee first."))
        return redirect("mediation:committees")
    asked = request.GET.get("committee") or request.POST.get("committee") or ""
    committee = next((c for c in committees if str(c.pk) == asked), committees[0])
    sweep = None
    if request.GET.get("sweep") or request.POST.get("sweep"):
        sweep_id = str(request.GET.get("sweep") or request.POST.get("sweep") or "")
        key = int(sweep_id) if sweep_id.isdecimal() and len(sweep_id) < 19 else 0
        sweep = sweeps_visible_to(request.user).filter(pk=key).first()
        if sweep is None:
            raise Http404
    initial: dict[str, Any] = {"committee": committee.pk, "accepted_on": timezone.localdate()}
    if sweep is not None:
        initial["area"] = sweep.area_id
    form = CaseForm(
        request.POST or None,
        initial=initial,
        committees=[(c.pk, c.name) for c in committees],
        places=_places(committee),
        mediators=serving_choices(committee),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open(
                actor=request.user,
                committee=committee,
                area=get_for(request.user, Area, data["area"]),
                kind=data["kind"],
                title=data["title"],
                facts=data["facts"],
                accepted_on=data["accepted_on"],
                mediators=list(Mediator.objects.filter(pk__in=data["mediators"], committee=committee)),
                sweep=sweep,
            )
        except DomainError as exc:
            fail(request, form, exc)
        else:
            messages.success(request, _("Case %(code)s was accepted. Add the parties next.") % {"code": case.code})
            return redirect("mediation:case", case.pk)
    context = {"form": form, "title": _("Accept a dispute for mediation"), "sweep": sweep, "nav": "mediation_cases"}
    return render(request, "mediation/case_form.html", context)


def _handovers(user: Any) -> Any:
    committees = visible_to(Committee.objects.all(), user, Perm.MEDIATE).values("pk")
    return (
        CaseHandover.objects.filter(
            kind=CaseHandover.Kind.MEDIATION,
            target_type=ContentType.objects.get_for_model(Committee),
            target_id__in=committees,
            status__in=ACTIVE,
            mediation__isnull=True,
        )
        .select_related("case__category", "case__area")
        .order_by("sent_at", "id")
    )


@login_required
@require_GET
def handover_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MEDIATE)
    rows = list(_handovers(request.user)[:100])
    return render(request, "mediation/handover_list.html", {"rows": rows, "nav": "mediation_handovers"})


@login_required
@require_http_methods(["GET", "POST"])
def handover_accept(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Perm.MEDIATE)
    handover = _handovers(request.user).filter(pk=pk).first()
    if handover is None:
        made = MediationCase.objects.filter(handover_id=pk).first()
        if made is not None and cases_visible_to(request.user).filter(pk=made.pk).exists():
            return redirect("mediation:case", made.pk)
        raise Http404
    committee = Committee.objects.select_related("area").get(pk=handover.target_id)
    form = HandoverAcceptForm(request.POST or None, mediators=serving_choices(committee))
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_from_handover(
                actor=request.user,
                handover=handover,
                kind=form.cleaned_data["kind"],
                mediators=list(Mediator.objects.filter(pk__in=form.cleaned_data["mediators"], committee=committee)),
            )
        except DomainError as exc:
            fail(request, form, exc)
        else:
            messages.success(request, _("Case %(code)s was accepted for mediation.") % {"code": case.code})
            return redirect("mediation:case", case.pk)
    context = {"form": form, "handover": handover, "committee": committee, "nav": "mediation_handovers"}
    return render(request, "mediation/handover_accept.html", context)


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for(request.user, pk)
    today = timezone.localdate()
    parties = list(case.parties.order_by("role", "id"))
    sessions = list(case.sessions.prefetch_related("mediators", "parties").order_by("held_on", "id"))
    agreement = getattr(case, "agreement", None)
    if agreement is not None:
        # The page shows the agreement's text: a look at it is audited as a download is.
        services.agreement_accessed(actor=request.user, agreement=agreement, what="view")
    can_write = writes(request.user, case.committee.area.path)
    can_reveal = can_write or case.mediators.filter(user_id=int(request.user.pk or 0)).exists()
    mediator_choices = serving_choices(case.committee)
    party_choices = [(p.pk, f"{p.name}（{p.get_role_display()}）") for p in parties]
    context: dict[str, Any] = {
        "case": case,
        "parties": parties,
        "sessions": sessions,
        "mediators": list(case.mediators.order_by("name_pinyin")),
        "agreement": agreement,
        "can_write": can_write,
        "can_reveal": can_reveal,
        "today": today,
        "overdue": case.is_overdue,
        "confirm_ends": rules.confirm_ends(agreement.made_on) if agreement else None,
        "followup_due": rules.followup_due(agreement.perform_by) if agreement else None,
        "nav": "mediation_cases",
    }
    if agreement is not None and case.outcome == "agreement":
        ends = context["confirm_ends"]
        context["confirm_open"] = ends >= today
        context["confirm_days_left"] = (ends - today).days
    if can_write and case.state != CaseState.CLOSED:
        context["party_form"] = PartyForm(auto_id="party-%s")
        if case.state == CaseState.OPEN:
            context["session_form"] = SessionForm(
                mediators=mediator_choices, parties=party_choices, initial={"held_on": today}, auto_id="session-%s"
            )
            context["settle_form"] = SettleForm(
                initial={"settled_on": today, "settled_at": "community"}, auto_id="settle-%s"
            )
        context["agreement_form"] = AgreementForm(
            initial={
                "made_on": agreement.made_on if agreement else today,
                "facts": agreement.facts if agreement else case.facts,
                "obligations": agreement.obligations if agreement else "",
                "performance": agreement.performance if agreement else "",
                "perform_by": agreement.perform_by if agreement else today + datetime.timedelta(days=14),
            },
            auto_id="agreement-%s",
        )
        if agreement is not None:
            context["scan_form"] = ScanForm(auto_id="scan-%s")
        if case.state == CaseState.AGREED:
            context["followup_form"] = FollowupForm(
                initial={"followup_on": today, "performance": "performed"}, auto_id="followup-%s"
            )
    return render(request, "mediation/case_detail.html", context)
