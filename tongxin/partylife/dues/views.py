"""Dues pages: arrears per organization, a branch's members × months, a member's year."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tongxin.partylife.dues import months, services
from tongxin.partylife.dues.forms import BaseForm, PaymentForm, RemoveForm
from tongxin.partylife.dues.models import DuesBase, DuesPayment
from tongxin.partylife.dues.queries import (
    OrgArrears,
    Totals,
    arrears_by_org,
    base_in_force,
    dues_members_visible_to,
    first_owed_month,
    may_record,
    member_for_dues,
    org_for_dues,
    owed_now,
    year_grid,
)
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.forms_util import add_domain_errors
from tongxin.platform.core.listing import int_param, paginate
from tongxin.platform.core.money import format_yuan
from tongxin.registry.party.models import PartyMember
from tongxin.registry.party.queries import own_member_record

MEMBERS_PER_PAGE = 50


def _year(request: HttpRequest) -> int:
    year = int_param(request, "year")
    if year is None or not months.FIRST_YEAR <= year <= months.LAST_YEAR:
        return timezone.localdate().year
    return year


def _span(year: int) -> tuple[int, int] | None:
    """The months of the year that have fallen due (none for a future year)."""
    first, last = year * 100 + 1, min(year * 100 + 12, months.current())
    return (first, last) if first <= last else None


def _sum(rows: list[OrgArrears]) -> Totals:
    total = Totals()
    for row in rows:
        total.due += row.totals.due
        total.paid += row.totals.paid
        total.settled += row.totals.settled
        total.members += row.members
        total.members_owing += row.totals.members_owing
    return total


def _years(year: int) -> list[int]:
    this = timezone.localdate().year
    return sorted({*range(this - 4, this + 1), year}, reverse=True)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Arrears per organization of the user's scope (or of `?node=`), for a year."""
    if not scope_for(request.user).has_perm(Perm.VIEW_DUES):
        own = own_member_record(request.user)
        if own is not None:
            return redirect("dues:member", own.pk)
        raise PermissionDenied
    year = _year(request)
    node_id = int_param(request, "node")
    node = org_for_dues(request.user, node_id) if node_id is not None else None
    span = _span(year)
    rows = arrears_by_org(request.user, node, *span) if span else []
    context = {"rows": rows, "org_total": _sum(rows), "year": year, "years": _years(year), "node": node, "nav": "dues"}
    return render(request, "dues/overview.html", context)


@login_required
def org_dues(request: HttpRequest, pk: int) -> HttpResponse:
    """A branch's members × the months of a year, with totals and arrears per organization below it."""
    org = org_for_dues(request.user, pk)
    year = _year(request)
    members = (
        dues_members_visible_to(request.user)
        .filter(org__path__startswith=org.path)
        .select_related("org")
        .order_by("org__path", "name_pinyin", "id")
    )
    page = paginate(request, members, MEMBERS_PER_PAGE)
    span = _span(year)
    rows = arrears_by_org(request.user, org, *span) if span else []
    context = {
        "org": org,
        "year": year,
        "years": _years(year),
        "grid": year_grid(list(page["rows"]), year),
        "month_numbers": range(1, 13),
        "org_rows": rows,
        "org_total": _sum(rows),
        "can_record": may_record(request.user, org.path),
        "nav": "dues",
        **page,
    }
    return render(request, "dues/org.html", context)


def _member_context(request: HttpRequest, member: PartyMember, year: int) -> dict[str, Any]:
    row = year_grid([member], year)[0]
    payments = (
        DuesPayment.objects.filter(member=member, month__gte=year * 100 + 1, month__lte=year * 100 + 12)
        .select_related("recorded_by")
        .order_by("month", "id")
    )
    return {
        "member": member,
        "year": year,
        "years": _years(year),
        "row": row,
        "payments": payments,
        "bases": DuesBase.objects.filter(member=member).select_related("set_by").order_by("-month"),
        "owed_now": owed_now([member.pk])[member.pk],
        "base_now": base_in_force(member, months.current()),
        "can_record": may_record(request.user, member.org.path),
        "can_see_org": scope_for(request.user).allows_path(Perm.VIEW_DUES, "org", member.org.path),
        "today": timezone.localdate(),
        "nav": "dues",
    }


@login_required
def member_dues(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_dues(request.user, pk)
    return render(request, "dues/member.html", _member_context(request, member, _year(request)))


@login_required
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    """The yearly statement, laid out for paper (the browser's print or save-as-PDF)."""
    member = member_for_dues(request.user, pk)
    return render(request, "dues/statement.html", _member_context(request, member, _year(request)))


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    own = own_member_record(request.user)
    if own is None:
        raise Http404
    return redirect("dues:member", own.pk)


def _back(member: PartyMember, month: int | None) -> str:
    url = reverse("dues:member", args=[member.pk])
    return f"{url}?year={month // 100}" if month else url


@login_required
@require_http_methods(["GET", "POST"])
def payment_create(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_dues(request.user, pk, write=True)
    initial: dict[str, Any] = {"paid_on": timezone.localdate()}
    owed = first_owed_month(member, timezone.localdate().year)
    if owed is not None:
        initial["month"], initial["amount"] = owed
    else:
        base = base_in_force(member, months.current())
        initial["month"] = months.current()
        initial["amount"] = base.amount if base else None
    form = PaymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.dues_payment_record(actor=request.user, member=member, **data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(amount)s for %(month)s was recorded.")
                % {"amount": format_yuan(payment.amount), "month": payment.month_label},
            )
            return redirect(_back(member, payment.month))
    return render(
        request,
        "dues/form.html",
        {"form": form, "member": member, "nav": "dues", "title": _("Record a dues payment"), "kind": "payment"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def base_create(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for_dues(request.user, pk, write=True)
    current = base_in_force(member, months.current())
    initial: dict[str, Any] = {"month": months.current()}
    if current is not None:
        initial.update(kind=current.kind, monthly_income=current.monthly_income)
    form = BaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            base = services.dues_base_set(actor=request.user, member=member, **data)
        except DomainError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                _("From %(month)s the monthly dues are %(amount)s.")
                % {"month": base.month_label, "amount": format_yuan(base.amount)},
            )
            return redirect(_back(member, base.month))
    return render(
        request,
        "dues/form.html",
        {"form": form, "member": member, "nav": "dues", "title": _("Change the dues base"), "kind": "base"},
    )


@login_required
@require_POST
def payment_remove(request: HttpRequest, pk: int, payment_pk: int) -> HttpResponse:
    member = member_for_dues(request.user, pk, write=True)
    payment = get_object_or_404(DuesPayment, pk=payment_pk, member=member)
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the payment is removed."))
        return redirect(_back(member, payment.month))
    try:
        services.dues_payment_remove(actor=request.user, payment=payment, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The payment was removed."))
    return redirect(_back(member, payment.month))
