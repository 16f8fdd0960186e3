"""The staff pages of an estate's ledger: the month with its entries and totals, an entry with
its receipts and questions, and the forms (new entry, edit a draft, approve, correct, publish,
categories). Writing takes Perm.ESTATE over the estate's community; the subdistrict reads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.estates.ledger import services
from tongxin.estates.ledger.forms import AnswerForm, ApproveForm, CategoryForm, CorrectForm, EntryForm
from tongxin.estates.ledger.models import Category, Entry, Month, Receipt
from tongxin.estates.ledger.queries import category_choices, entries_of, entries_visible_to, month_summaries
from tongxin.estates.ledger.views.common import entry_for, estate_for, month_param
from tongxin.estates.owners.queries import may_keep, reads_estates
from tongxin.estates.owners.views import one
from tongxin.grid.cases import photos as case_photos
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.forms_util import add_domain_errors


@login_required
def ledger(request: HttpRequest, pk: int) -> HttpResponse:
    """One month of the estate's ledger (the latest with entries, or ?month=): its entries, the
    approved totals per category and the balance, and whether it can be published."""
    estate = estate_for(request, pk)
    today = timezone.localdate()
    months = sorted(
        {d.replace(day=1) for d in Entry.objects.filter(estate=estate).dates("occurred_on", "month")}, reverse=True
    )
    month = month_param(request) or (months[0] if months else services.month_start(today))
    published = {m.month: m for m in Month.objects.filter(estate=estate)}
    summary = month_summaries(estate, [month])[0]
    entries = list(entries_of(estate, month, services.next_month(month), approved_only=False))
    keeps = may_keep(request.user, estate)
    blockers = services.month_blockers(estate, month, today) if month not in published else []
    return render(
        request,
        "ledger/ledger.html",
        {
            "nav": "estates",
            "estate": estate,
            "months": [(m, m in published) for m in months],
            "month": month,
            "published": published.get(month),
            "summary": summary,
            "income_rows": [c for c in summary.categories if c.direction == "income"],
            "expense_rows": [c for c in summary.categories if c.direction == "expense"],
            "entries": entries,
            "drafts": sum(1 for e in entries if e.status == Entry.Status.DRAFT),
            "keeps": keeps,
            "blockers": blockers,
        },
    )


@login_required
@case_photos.photo_uploads
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    estate = estate_for(request, pk, write=True)
    categories = category_choices(estate)
    choices = [(c.pk, f"{c.get_direction_display()} · {c.name}") for c in categories if c.active]
    form = EntryForm(
        request.POST or None, request.FILES or None, categories=choices, initial={"occurred_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category = next((c for c in categories if c.pk == data["category"]), None)
        try:
            if category is None:
                raise DomainError({"category": _("Choose a category of this estate's ledger.")})
            photos = case_photos.photos_process(data["photos"])
            entry = services.entry_save(
                actor=request.user,
                estate=estate,
                category=category,
                occurred_on=data["occurred_on"],
                amount=data["amount"],
                description=data["description"],
                photos=photos,
            )
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Entry saved as a draft: the owners' committee approves it next."))
            return redirect("ledger:entry", entry.pk)
    context = {"form": form, "estate": estate, "title": _("New ledger entry"), "files": True, "nav": "estates"}
    return render(request, "ledger/form.html", context)


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request, pk)
    keeps = may_keep(request.user, entry.estate)
    members = services.committee_members_on(entry.estate, timezone.localdate())
    return render(
        request,
        "ledger/entry_detail.html",
        {
            "nav": "estates",
            "entry": entry,
            "estate": entry.estate,
            "receipts": list(entry.receipts.order_by("id")),
            "corrections": list(entry.corrections.order_by("occurred_on", "id")),
            "questions": list(entry.questions.order_by("created_at", "id")),
            "keeps": keeps,
            "approve_form": ApproveForm(members=[(m.pk, f"{m.name}（{m.get_post_display()}）") for m in members])
            if keeps and entry.status == Entry.Status.DRAFT
            else None,
            "answer_form": AnswerForm() if keeps else None,
            "published": services.is_published(entry),
        },
    )


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a draft. An approved entry is never edited: the page refuses and offers the
    correcting entry instead."""
    entry = entry_for(request, pk, write=True)
    if entry.status != Entry.Status.DRAFT:
        messages.error(request, _("An approved entry is never changed: add a correcting entry (冲正) instead."))
        return redirect("ledger:entry", entry.pk)
    categories = category_choices(entry.estate)
    choices = [
        (c.pk, f"{c.get_direction_display()} · {c.name}") for c in categories if c.active or c.pk == entry.category_id
    ]
    initial = {
        "category": entry.category_id,
        "occurred_on": entry.occurred_on,
        "amount": f"{entry.amount}",
        "description": entry.description,
    }
    form = EntryForm(request.POST or None, categories=choices, initial=initial)
    form.fields.pop("photos")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category = next((c for c in categories if c.pk == data["category"]), None)
        try:
            if category is None:
                raise DomainError({"category": _("Choose a category of this estate's ledger.")})
            services.entry_save(
                actor=request.user,
                entry=entry,
                category=category,
                **{k: data[k] for k in ("occurred_on", "amount", "description")},
            )
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Entry saved."))
            return redirect("ledger:entry", entry.pk)
    context = {"form": form, "estate": entry.estate, "entry": entry, "title": _("Edit a draft entry"), "nav": "estates"}
    return render(request, "ledger/form.html", context)


@login_required
@require_POST
def entry_discard(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request, pk, write=True)
    try:
        services.entry_discard(actor=request.user, entry=entry)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("ledger:entry", entry.pk)
    messages.success(request, _("Draft removed."))
    return redirect("ledger:ledger", entry.estate_id)


@login_required
@require_POST
def entry_approve(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request, pk, write=True)
    members = {m.pk: m for m in services.committee_members_on(entry.estate, timezone.localdate())}
    form = ApproveForm(request.POST, members=[(pk, m.name) for pk, m in members.items()])
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("ledger:entry", entry.pk)
    try:
        services.entry_approve(actor=request.user, entry=entry, member=members[form.cleaned_data["member"]])
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Approval recorded."))
    return redirect("ledger:entry", entry.pk)


@login_required
def entry_correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request, pk, write=True)
    form = CorrectForm(request.POST or None, initial={"amount": f"-{entry.amount}"})
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.entry_correct(actor=request.user, entry=entry, **form.cleaned_data)
        except Forbidden:
            raise
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, _("Correcting entry saved as a draft: the owners' committee approves it next."))
            return redirect("ledger:entry", correction.pk)
    context = {
        "form": form,
        "estate": entry.estate,
        "entry": entry,
        "title": _("Correct an approved entry (冲正)"),
        "nav": "estates",
    }
    return render(request, "ledger/form.html", context)


@login_required
@require_POST
def month_publish(request: HttpRequest, pk: int) -> HttpResponse:
    estate = estate_for(request, pk, write=True)
    month = month_param(request)
    if month is None:
        messages.error(request, _("Choose a month."))
        return redirect("ledger:ledger", estate.pk)
    try:
        services.month_publish(actor=request.user, estate=estate, month=month)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(month)s is published to the owners.") % {"month": month.strftime("%Y-%m")})
    return redirect(f"{reverse('ledger:ledger', args=[estate.pk])}?month={month:%Y-%m}")


@login_required
def categories(request: HttpRequest, pk: int) -> HttpResponse:
    estate = estate_for(request, pk)
    keeps = may_keep(request.user, estate)
    form = CategoryForm(request.POST or None)
    if request.method == "POST":
        if not keeps:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.category_save(actor=request.user, estate=estate, **form.cleaned_data)
            except Forbidden:
                raise
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                messages.success(request, _("Category added."))
                return redirect("ledger:categories", estate.pk)
    context = {"nav": "estates", "estate": estate, "rows": category_choices(estate), "form": form, "keeps": keeps}
    return render(request, "ledger/categories.html", context)


@login_required
@require_POST
def category_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    if not reads_estates(request.user):
        raise PermissionDenied
    from tongxin.platform.access.scope import visible_to

    category: Category = one(visible_to(Category.objects.select_related("estate__community"), request.user), pk)
    if not may_keep(request.user, category.estate):
        raise PermissionDenied
    services.category_save(actor=request.user, category=category, name=category.name, active=not category.active)
    messages.success(request, _("Category saved."))
    return redirect("ledger:categories", category.estate_id)


@login_required
@require_POST
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    from tongxin.estates.ledger.queries import questions_visible_to

    if not reads_estates(request.user):
        raise PermissionDenied
    question = one(questions_visible_to(request.user).select_related("entry__estate__community"), pk)
    if not may_keep(request.user, question.entry.estate):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    back = request.POST.get("back") == "questions"
    target = reverse("ledger:questions") if back else reverse("ledger:entry", args=[question.entry_id])
    if not form.is_valid():
        messages.error(request, _("Write the answer (at most 1000 characters)."))
        return redirect(target)
    services.question_answer(actor=request.user, question=question, answer=form.cleaned_data["answer"])
    messages.success(request, _("Answer saved: the owners see it under the entry."))
    return redirect(target)


def receipt(request: HttpRequest, pk: int, size: str) -> FileResponse:
    """A receipt photo: to anyone once its month is published; before, to the staff over it."""
    if size not in ("full", "thumb"):
        raise Http404
    row = Receipt.objects.filter(pk=pk).select_related("entry").first() if 0 < pk < 2**62 else None
    if row is None:
        raise Http404
    public = services.is_published(row.entry) and row.entry.status == Entry.Status.APPROVED
    if not public and not entries_visible_to(request.user).filter(pk=row.entry_id).exists():
        raise Http404
    file = row.thumbnail if size == "thumb" else row.image
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:  # the row outlived its file (a restore without media)
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600" if not public else "public, max-age=86400"
    return response
