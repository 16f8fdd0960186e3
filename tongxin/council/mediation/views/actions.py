"""A case's actions: parties (and revealing their numbers), sessions, the outcome, the agreement,
the signed scan, the follow-up visit. Each is a POST from the case page; its GET shows the same
form alone, and an invalid POST shows it again with the errors next to the fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.council.mediation import services
from tongxin.council.mediation.forms import AgreementForm, FollowupForm, PartyForm, ScanForm, SessionForm, SettleForm
from tongxin.council.mediation.models import MediationCase, Mediator, Party
from tongxin.council.mediation.views.common import case_for, fail, require_writer_at, serving_choices
from tongxin.platform.core.exceptions import DomainError, Forbidden


def _action(
    request: HttpRequest,
    pk: int,
    *,
    make_form: Callable[[MediationCase, Any], forms.Form],
    act: Callable[[MediationCase, dict[str, Any]], Any],
    title: str,
    done: str,
    files: bool = False,
) -> HttpResponse:
    case = case_for(request.user, pk)
    require_writer_at(request.user, case.committee.area.path)
    form = make_form(case, request.POST if request.method == "POST" else None)
    if files and request.method == "POST":
        form = make_form(case, (request.POST, request.FILES))
    if request.method == "POST" and form.is_valid():
        try:
            act(case, form.cleaned_data)
        except DomainError as exc:
            fail(request, form, exc)
        else:
            messages.success(request, done)
            return redirect("mediation:case", case.pk)
    context = {"form": form, "title": title, "case": case, "files": files, "nav": "mediation_cases"}
    return render(request, "mediation/form.html", context, status=200)


@login_required
@require_http_methods(["GET", "POST"])
def party_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        make_form=lambda case, data: PartyForm(data),
        act=lambda case, d: services.party_add(
            actor=request.user,
            case=case,
            name=d["name"],
            role=d["role"],
            phone=d["phone"],
            id_number=d["id_number"],
            address=d["address"],
        ),
        title=_("Add a party"),
        done=_("The party was added."),
    )


@login_required
@require_POST
def party_reveal(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    case = case_for(request.user, pk)
    party = Party.objects.filter(pk=party_pk, case=case).first()
    if party is None:
        raise Http404
    party.case = case
    field = request.POST.get("field", "")
    try:
        value = services.party_reveal(actor=request.user, party=party, field=field)
    except Forbidden:
        raise  # ForbiddenMiddleware answers 403
    except DomainError as exc:
        return HttpResponse(status=400, content=" ".join(exc.messages))
    return HttpResponse(
        format_html(
            '<span class="masked revealed" id="{}-{}"><span class="num">{}</span></span>', field, party.pk, value
        )
    )


def _session_form(case: MediationCase, data: Any) -> SessionForm:
    parties = [(p.pk, f"{p.name}（{p.get_role_display()}）") for p in case.parties.order_by("role", "id")]
    return SessionForm(
        data, mediators=serving_choices(case.committee), parties=parties, initial={"held_on": timezone.localdate()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        make_form=_session_form,
        act=lambda case, d: services.session_record(
            actor=request.user,
            case=case,
            held_on=d["held_on"],
            place=d["place"],
            mediators=list(Mediator.objects.filter(pk__in=d["mediators"], committee=case.committee)),
            parties=list(Party.objects.filter(pk__in=d["parties"], case=case)),
            notes=d["notes"],
        ),
        title=_("Record a mediation session"),
        done=_("The session was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def settle(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        make_form=lambda case, data: SettleForm(data, initial={"settled_on": timezone.localdate()}),
        act=lambda case, d: services.case_settle(
            actor=request.user,
            case=case,
            outcome=d["outcome"],
            settled_on=d["settled_on"],
            settled_at=d["settled_at"],
            note=d["note"],
        ),
        title=_("Record the outcome"),
        done=_("The outcome was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        make_form=lambda case, data: AgreementForm(
            data, initial={"made_on": timezone.localdate(), "facts": case.facts}
        ),
        act=lambda case, d: services.agreement_save(actor=request.user, case=case, **d),
        title=_("Mediation agreement (人民调解协议书)"),
        done=_("The agreement was saved. Export it for signing."),
    )


def _scan(case: MediationCase, d: dict[str, Any], user: Any) -> Any:
    agreement = getattr(case, "agreement", None)
    if agreement is None:
        raise DomainError({"scan": _("Write the agreement first.")})
    return services.agreement_scan_upload(actor=user, agreement=agreement, upload=d["scan"])


@login_required
@require_http_methods(["GET", "POST"])
def scan_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        make_form=lambda case, data: ScanForm(*data) if isinstance(data, tuple) else ScanForm(data),
        act=lambda case, d: _scan(case, d, request.user),
        title=_("Upload the signed agreement"),
        done=_("The signed agreement was kept."),
        files=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        make_form=lambda case, data: FollowupForm(data, initial={"followup_on": timezone.localdate()}),
        act=lambda case, d: services.followup_record(
            actor=request.user,
            case=case,
            followup_on=d["followup_on"],
            performance=d["performance"],
            note=d["note"],
        ),
        title=_("Follow-up visit (回访)"),
        done=_("The follow-up visit was recorded and the case is closed."),
    )
