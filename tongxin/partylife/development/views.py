"""Pages of member development (发展党员): the pipeline per branch, one candidate's timeline and steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.partylife.development import rules, services
from tongxin.partylife.development.forms import (
    STEP_FORMS,
    CandidateForm,
    FilesForm,
    PipelineFilterForm,
    StepForm,
    forms_for,
)
from tongxin.partylife.development.models import Candidate, CandidateFile
from tongxin.partylife.development.queries import (
    candidate_for_page,
    documents,
    may_work,
    pipeline,
    stage_counts,
    steps_due,
    timeline,
)
from tongxin.partylife.development.services import DEVELOPING_KINDS
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for, scope_for, visible_to
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate
from tongxin.platform.core.stored_files import stored_file_response
from tongxin.platform.core.trees import node_choices
from tongxin.platform.web.perms import require
from tongxin.registry.party.models import Organization

MAX_CHOICES = 400


def _org_choices(
    user: Actor, perm: str, selected: Organization | None = None, *, developing: bool = False
) -> list[tuple[int, str]]:
    qs = Organization.objects.filter(kind__in=DEVELOPING_KINDS) if developing else Organization.objects.all()
    return node_choices(visible_to(qs, user, perm), MAX_CHOICES, selected)


def _node(request: HttpRequest) -> Organization | None:
    node_id = int_param(request, "node")
    return get_for(request.user, Organization, node_id) if node_id is not None else None


@login_required
def pipeline_view(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    require(request.user, Perm.VIEW)
    node = _node(request)
    form = PipelineFilterForm(
        request.GET or None,
        nodes=_org_choices(request.user, Perm.VIEW, node),
        initial={"node": node.pk if node else None},
    )
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    if data.get("due"):
        page = paginate(request, steps_due(request.user, today=today, node=node))
        rows = [{"c": c, "due": due} for c, due in page["rows"]]
    else:
        page = paginate(
            request, pipeline(request.user, node=node, stage=data.get("stage") or "", q=data.get("q") or "")
        )
        rows = [{"c": c, "due": rules.next_due(c, today)} for c in page["rows"]]
    context = {
        "form": form,
        "node": node,
        "counts": stage_counts(request.user, node=node),
        "can_create": scope.has_perm(Perm.PARTY_WORK),
        "nav": "development",
        **page,
        "rows": rows,
    }
    return render(request, "development/pipeline.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.PARTY_WORK)
    org_id = int_param(request, "org")
    if org_id is None:
        choices = _org_choices(request.user, Perm.PARTY_WORK, developing=True)
        return render(request, "development/choose_org.html", {"choices": choices, "nav": "development"})
    org = get_for(request.user, Organization, org_id, perm=Perm.PARTY_WORK)
    if org.kind not in DEVELOPING_KINDS:
        raise Http404
    form = CandidateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_create(
                actor=request.user, org=org, files=form.cleaned_data["files"], **form.service_kwargs()
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The applicant was recorded."))
            return redirect("development:detail", candidate.pk)
    crumbs = [
        {"name": _("Member development"), "url": reverse("development:pipeline")},
        {"name": org.name, "url": f"{reverse('development:pipeline')}?node={org.pk}"},
        {"name": _("New applicant"), "url": ""},
    ]
    context = {
        "form": form,
        "org": org,
        "crumbs": crumbs,
        "nav": "development",
        "title": _("New applicant (入党申请人)"),
    }
    return render(request, "development/form.html", context)


def _detail_page(
    request: HttpRequest, candidate: Candidate, *, bound: StepForm | None = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    can_edit = may_work(request.user, candidate.org.path)
    files = documents(candidate)
    step_forms: list[StepForm] = []
    files_form = None
    if can_edit:
        for action in forms_for(candidate):
            if bound is not None and bound.action == action:
                step_forms.append(bound)
            else:
                step_forms.append(STEP_FORMS[action](org=candidate.org, today=today, initial=_initial(action, today)))
        if bound is not None and bound.action == FilesForm.action:
            files_form = bound
        else:
            files_form = FilesForm(org=candidate.org, today=today, candidate=candidate)
    context = {
        "c": candidate,
        "due": rules.next_due(candidate, today),
        "warnings": rules.warnings(candidate, today),
        "timeline": timeline(candidate, files),
        "can_edit": can_edit,
        "step_forms": step_forms,
        "open_action": bound.action if bound is not None else "",
        "files_form": files_form,
        "crumbs": [
            {"name": _("Member development"), "url": reverse("development:pipeline")},
            {"name": candidate.org.name, "url": f"{reverse('development:pipeline')}?node={candidate.org_id}"},
            {"name": candidate.name, "url": ""},
        ],
        "nav": "development",
    }
    return render(request, "development/detail.html", context, status=status)


def _initial(action: str, today: Any) -> dict[str, Any]:
    field = {
        "talk": "talked_on",
        "activist": "activist_on",
        "target": "target_on",
        "admit": "admitted_on",
        "extend": "extended_on",
        "confirm": "confirmed_on",
        "drop": "dropped_on",
    }.get(action)
    return {field: today} if field else {}


@login_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, candidate_for_page(request.user, pk))


def _for_write(request: HttpRequest, pk: int) -> Candidate:
    candidate = candidate_for_page(request.user, pk)
    if not may_work(request.user, candidate.org.path):
        raise PermissionDenied
    return candidate


@login_required
@require_http_methods(["GET", "POST"])
def candidate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _for_write(request, pk)
    initial = {f: getattr(candidate, f) for f in ("name", "gender", "birth_date", "applied_on", "talked_on", "note")}
    form = CandidateForm(request.POST or None, instance=candidate, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_update(actor=request.user, candidate=candidate, **form.service_kwargs())
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("development:detail", candidate.pk)
    crumbs = [
        {"name": _("Member development"), "url": reverse("development:pipeline")},
        {"name": candidate.name, "url": reverse("development:detail", args=[candidate.pk])},
        {"name": _("Correct the record"), "url": ""},
    ]
    context = {
        "form": form,
        "org": candidate.org,
        "crumbs": crumbs,
        "nav": "development",
        "title": _("Correct the record"),
    }
    return render(request, "development/form.html", context)


@login_required
@require_POST
def candidate_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    candidate = _for_write(request, pk)
    form_class = STEP_FORMS.get(action)
    if form_class is None:
        raise Http404
    if action not in forms_for(candidate):
        messages.error(
            request,
            _("This step does not follow from the candidate's stage (%(stage)s).")
            % {"stage": candidate.get_stage_display()},
        )
        return redirect("development:detail", candidate.pk)
    today = timezone.localdate()
    form = form_class(request.POST, request.FILES, org=candidate.org, today=today)
    if form.is_valid():
        try:
            services.candidate_step(
                actor=request.user,
                candidate=candidate,
                action=action,
                values=form.values(),
                files=form.cleaned_data["files"],
                today=today,
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The step was recorded."))
            return redirect("development:detail", candidate.pk)
    return _detail_page(request, candidate, bound=form)


@login_required
@require_POST
def files_add(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _for_write(request, pk)
    form = FilesForm(request.POST, request.FILES, org=candidate.org, today=timezone.localdate(), candidate=candidate)
    if form.is_valid():
        try:
            services.candidate_files_add(
                actor=request.user,
                candidate=candidate,
                step=form.cleaned_data["step"],
                files=form.cleaned_data["files"],
            )
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("The documents were added."))
            return redirect("development:detail", candidate.pk)
    return _detail_page(request, candidate, bound=form)


def _file_of(candidate: Candidate, file_id: int) -> CandidateFile:
    item = CandidateFile.objects.filter(candidate=candidate, pk=file_id).select_related("candidate__org").first()
    if item is None:
        raise Http404
    return item


@login_required
def file_view(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    candidate = get_for(request.user, Candidate, pk)
    item = _file_of(candidate, file_id)
    return stored_file_response(item)


@login_required
@require_POST
def file_delete(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    candidate = _for_write(request, pk)
    item = _file_of(candidate, file_id)
    try:
        services.candidate_file_delete(actor=request.user, item=item)
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The file was removed."))
    return redirect("development:detail", candidate.pk)
