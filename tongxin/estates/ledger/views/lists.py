"""The lists the workbench opens: entries waiting for approval, months ready to publish, owners'
questions waiting for an answer. Each shows exactly the rows its workbench item counts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tongxin.estates.ledger.forms import AnswerForm
from tongxin.estates.ledger.queries import drafts, months_ready, questions_visible_to, questions_waiting
from tongxin.estates.owners.queries import reads_estates
from tongxin.platform.core.listing import paginate


def _reads(request: HttpRequest) -> None:
    if not reads_estates(request.user):
        raise PermissionDenied


@login_required
def draft_list(request: HttpRequest) -> HttpResponse:
    _reads(request)
    page = paginate(request, drafts(request.user), 50)
    return render(request, "ledger/drafts.html", {**page, "nav": "ledger_drafts"})


@login_required
def ready_list(request: HttpRequest) -> HttpResponse:
    _reads(request)
    rows = months_ready(request.user, timezone.localdate())
    return render(request, "ledger/ready.html", {"rows": rows, "nav": "ledger_drafts"})


@login_required
def question_list(request: HttpRequest) -> HttpResponse:
    _reads(request)
    answered = request.GET.get("answered") == "1"
    qs = (
        questions_visible_to(request.user)
        .filter(answered_at__isnull=False)
        .select_related("entry__estate", "entry__category")
        .order_by("-answered_at", "-id")
        if answered
        else questions_waiting(request.user)
    )
    page = paginate(request, qs, 50)
    context = {**page, "nav": "ledger_questions", "answered": answered, "answer_form": AnswerForm()}
    return render(request, "ledger/questions.html", context)
