"""What staff do on a topic's page, each a POST calling one service.

On success: a message and back to the topic (post/redirect/get). On a refusal the topic's page is
shown again with the form as it was sent and the reason next to the field, or above the form
when it is about the whole step; a refusal of the procedure's order or of a topic someone else
has just moved (`StepRefused`, `TopicChanged`) answers 409, as the API does. A service writes
in one transaction, so a refused action leaves nothing half-saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.council.consultation import services
from tongxin.council.consultation.exceptions import StepRefused, TopicChanged
from tongxin.council.consultation.forms import ConfirmStepForm, DeclineForm, StepForm
from tongxin.council.consultation.models import (
    Council,
    Levy,
    Milestone,
    Procedure,
    ProcedureStep,
    StepKind,
    Topic,
)
from tongxin.council.consultation.views.topics import (
    Forms,
    accept_form,
    answer_form,
    contribution_form,
    levy_form,
    merge_form,
    progress_form,
    render_topic,
    task_form,
    topic_for,
)
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import get_for
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.registry.areas.models import Household

CONFLICT = 409


def _attempt(form: forms.Form, call: Callable[[], Any]) -> int:
    """Call the service: 0 when done, else the status to show the page again with (the form has the errors)."""
    try:
        call()
    except Forbidden:
        raise  # ForbiddenMiddleware answers 403
    except (StepRefused, TopicChanged) as exc:
        add_domain_errors(form, exc)
        return CONFLICT
    except DomainError as exc:
        add_domain_errors(form, exc)
        return 200
    return 0


def _done(request: HttpRequest, topic: Topic, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("consultation:topic", topic.pk)


def _again(request: HttpRequest, topic: Topic, bound: Forms, form: forms.Form, status: int) -> HttpResponse:
    topic.refresh_from_db()
    refusal = " ".join(str(e) for e in form.non_field_errors()) or _("Please correct the fields marked below.")
    return render_topic(request, topic, bound=bound, status=status or 200, refusal=refusal)


def _acting(request: HttpRequest, pk: int) -> Topic:
    return topic_for(request.user, pk, Perm.CONSULT)


# --- review -------------------------------------------------------------------------------------


@login_required
@require_POST
def topic_accept(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _acting(request, pk)
    form = accept_form(topic, request.user, request.POST)
    status = 200
    if form.is_valid():
        council = get_for(
            request.user, Council.objects.select_related("area", "kind__procedure"), form.cleaned_data["council"]
        )
        procedure = Procedure.objects.filter(pk=form.cleaned_data["procedure"] or 0).first()
        status = _attempt(
            form,
            lambda: services.topic_accept(topic=topic, actor=request.user, council=council, procedure=procedure),
        )
        if not status:
            return _done(request, topic, _("The topic was accepted by %(council)s.") % {"council": council.name})
    return _again(request, topic, Forms(accept=form), form, status)


@login_required
@require_POST
def topic_merge(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _acting(request, pk)
    form = merge_form(topic, request.POST)
    status = 200
    if form.is_valid():
        into = get_for(request.user, Topic.objects.select_related("area"), form.cleaned_data["into"])
        reason = form.cleaned_data["reason"]
        status = _attempt(form, lambda: services.topic_merge(topic=topic, actor=request.user, into=into, reason=reason))
        if not status:
            return _done(request, topic, _("The topic was merged into “%(other)s”.") % {"other": into.title})
    return _again(request, topic, Forms(merge=form), form, status)


@login_required
@require_POST
def topic_decline(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _acting(request, pk)
    form = DeclineForm(request.POST, prefix="decline")
    status = 200
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        status = _attempt(form, lambda: services.topic_decline(topic=topic, actor=request.user, reason=reason))
        if not status:
            return _done(request, topic, _("The topic was declined; the raiser is told why."))
    return _again(request, topic, Forms(decline=form), form, status)


# --- steps --------------------------------------------------------------------------------------


@login_required
@require_POST
def topic_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the step named in the form (the service refuses it unless it is the next one)."""
    topic = _acting(request, pk)
    code = str(request.POST.get("step-step", ""))[:30]
    step = ProcedureStep.objects.filter(procedure_id=topic.procedure_id or 0, code=code).first()
    typed = step is not None and step.kind in (StepKind.RECORD, StepKind.EVALUATE)
    form: forms.Form = StepForm(request.POST, prefix="step") if typed else ConfirmStepForm(request.POST, prefix="step")
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        status = _attempt(
            form,
            lambda: services.topic_step_record(
                topic=topic,
                actor=request.user,
                step_code=data["step"],
                held_on=data.get("held_on"),
                participants=data.get("participants", ""),
                decision=data.get("decision", ""),
            ),
        )
        if not status:
            name = step.name if step is not None else code
            return _done(request, topic, _("“%(step)s” was recorded.") % {"step": name})
    return _again(request, topic, Forms(step=form), form, status)


@login_required
@require_POST
def topic_levy(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _acting(request, pk)
    form = levy_form(request.POST)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        status = _attempt(
            form,
            lambda: services.levy_plan(
                topic=topic,
                actor=request.user,
                total_cost=data["total_cost"],
                money_per_person=data["money_per_person"],
                labour_days_per_person=data["labour_days_per_person"],
                people=data["people"],
                labourers=data["labourers"],
                subsidy=data["subsidy"] or 0,
                held_on=data["held_on"],
                decision=data["decision"],
            ),
        )
        if not status:
            return _done(request, topic, _("The levy plan was recorded."))
    return _again(request, topic, Forms(levy=form), form, status)


@login_required
@require_POST
def contribution_add(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _acting(request, pk)
    levy = get_object_or_404(Levy, topic=topic)
    form = contribution_form(topic, request.user, request.POST)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        # The choices are the village's households the user may act for: any other is refused by the form.
        household = Household.objects.get(pk=data["household"]) if data["household"] else None
        status = _attempt(
            form,
            lambda: services.contribution_add(
                levy=levy,
                actor=request.user,
                name=data["name"],
                household=household,
                money=data["money"] or 0,
                labour_days=data["labour_days"] or 0,
                on=data["on"],
            ),
        )
        if not status:
            return _done(request, topic, _("The contribution was recorded."))
    return _again(request, topic, Forms(contribution=form), form, status)


# --- objections ---------------------------------------------------------------------------------


@login_required
@require_POST
def objection_answer(request: HttpRequest, pk: int, objection_pk: int) -> HttpResponse:
    topic = _acting(request, pk)
    objection = get_object_or_404(topic.objections.select_related("step", "topic"), pk=objection_pk)
    form = answer_form(objection.pk, request.POST)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        status = _attempt(
            form,
            lambda: services.objection_answer(
                objection=objection, actor=request.user, answer=data["answer"], uphold=data["uphold"]
            ),
        )
        if not status:
            if data["uphold"]:
                text = _("The objection was upheld: the publication and the vote before it are void; vote again.")
            else:
                text = _("The objection was dismissed: the publicity period starts again in full.")
            return _done(request, topic, text)
    return _again(request, topic, Forms(answer={objection.pk: form}), form, status)


# --- carrying out -------------------------------------------------------------------------------


@login_required
@require_POST
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    topic = _acting(request, pk)
    form = task_form(request.POST)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        status = _attempt(
            form,
            lambda: services.task_add(
                topic=topic,
                actor=request.user,
                title=data["title"],
                owner_name=data["owner_name"],
                due_on=data["due_on"],
                milestones=form.milestones(),
            ),
        )
        if not status:
            return _done(request, topic, _("The task “%(task)s” was added.") % {"task": data["title"]})
    return _again(request, topic, Forms(task=form), form, status)


@login_required
@require_POST
def task_progress(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    topic = _acting(request, pk)
    task = get_object_or_404(topic.tasks.all(), pk=task_pk)
    form = progress_form(task.pk, task.progress, request.POST)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        status = _attempt(
            form,
            lambda: services.task_progress(
                task=task, actor=request.user, progress=data["progress"], note=data["note"], done_on=data["done_on"]
            ),
        )
        if not status:
            task.refresh_from_db()
            if task.done_on:
                return _done(request, topic, _("The task “%(task)s” is done.") % {"task": task.title})
            return _done(request, topic, _("Progress saved: %(n)d %%.") % {"n": task.progress})
    return _again(request, topic, Forms(progress={task.pk: form}), form, status)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    topic = _acting(request, pk)
    milestone = get_object_or_404(Milestone.objects.select_related("task__topic"), pk=milestone_pk, task__topic=topic)
    form = forms.Form(request.POST)
    status = _attempt(
        form, lambda: services.milestone_done(milestone=milestone, actor=request.user, on=timezone.localdate())
    )
    if not status:
        return _done(request, topic, _("Milestone “%(m)s” reached.") % {"m": milestone.title})
    return _again(request, topic, Forms(), form, status)
