"""The owners' public ledger (no account, phone first, large type): the published months with
totals per category, income, expense and the running balance, each entry with its receipt
thumbnail and the committee's answers; and the form to ask about an entry (业主监督).

Asking is limited per client address (hashed, never stored) through the cache's attempt
counter; every POST counts, refused ones too, so a flood of bad forms is stopped as well.
The phone an owner leaves is stored encrypted and never shown here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tongxin.estates.ledger import services
from tongxin.estates.ledger.forms import AskForm
from tongxin.estates.ledger.models import Entry
from tongxin.estates.ledger.queries import entries_of, month_summaries, published_months
from tongxin.estates.ledger.views.common import month_param
from tongxin.platform.core.cache import attempt_add, attempts
from tongxin.platform.core.context import client_ip
from tongxin.platform.core.crypto import keyed_hash
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.registry.areas.models import Estate

# Questions (and refused attempts) accepted per client address per hour.
ASKS_PER_HOUR = 5
WINDOW = 3600


def _pk(value: Any) -> int:
    try:
        key = int(value)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    if not 0 < key < 2**62:
        raise Http404
    return key


def public_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    estate = Estate.objects.filter(pk=_pk(pk)).select_related("community").first()
    months = published_months(estate) if estate is not None else []
    if estate is None or not months:
        raise Http404
    by_month = {m.month: m for m in months}
    month = month_param(request)
    month = month if month in by_month else months[0].month
    summaries = month_summaries(estate, [m.month for m in months])
    shown = next(s for s in summaries if s.month == month)
    entries = list(entries_of(estate, month, services.next_month(month), approved_only=True))
    for e in entries:
        e.answered = [q for q in e.questions.all() if q.answered_at]  # type: ignore[attr-defined]
    return render(
        request,
        "ledger/public.html",
        {
            "estate": estate,
            "month": month,
            "shown": shown,
            "summaries": sorted(summaries, key=lambda s: s.month, reverse=True),
            "balance": summaries[-1].closing,
            "income_rows": [c for c in shown.categories if c.direction == "income"],
            "expense_rows": [c for c in shown.categories if c.direction == "expense"],
            "entries": entries,
            "published_at": by_month[month].published_at,
        },
    )


def _client_key(request: HttpRequest) -> str:
    return "ledger-ask:" + keyed_hash("client", client_ip(request) or "unknown")


def _public_entry(pk: Any) -> Entry:
    entry = Entry.objects.filter(pk=_pk(pk), status=Entry.Status.APPROVED).select_related("estate", "category").first()
    if entry is None or not services.is_published(entry):
        raise Http404
    return entry


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _public_entry(pk)
    form = AskForm(request.POST or None)
    back = f"{reverse('ledger:public', args=[entry.estate_id])}?month={entry.occurred_on:%Y-%m}"
    if request.method == "POST":
        key = _client_key(request)
        if attempts(key) >= ASKS_PER_HOUR:
            context = {"form": form, "entry": entry, "back": back, "limited": True}
            return render(request, "ledger/public_ask.html", context, status=429)
        attempt_add(key, window=WINDOW)
        if form.is_valid():
            try:
                services.question_ask(entry=entry, **form.cleaned_data)
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(
                    request, _("Thank you: your question is with the owners' committee. Its answer will show here.")
                )
                return redirect(f"{back}#entry-{entry.pk}")
    return render(request, "ledger/public_ask.html", {"form": form, "entry": entry, "back": back})
