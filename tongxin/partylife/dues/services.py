"""Writes to the dues ledger: set a member's base, record or remove a payment.

Each is transactional and audited, and refuses with a DomainError whose message is written for
the user (the field it concerns is named, so a form can show it next to the input).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.partylife.dues import months
from tongxin.partylife.dues.models import DuesBase, DuesPayment
from tongxin.partylife.dues.queries import ZERO, base_in_force, paid_for_month
from tongxin.partylife.dues.rates import FEN, RateError, monthly_dues, rate_for
from tongxin.platform.access.actor import signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.trees import ORG
from tongxin.registry.party.models import PartyMember

# A single payment above this is a typing slip, not a payment (the largest monthly dues at
# the 2 % bracket for a ten-million income is 200,000; a year in advance at that is absurd).
MAX_PAYMENT = Decimal("99999.99")
# Dues may be paid in advance (预交), up to a year ahead; a base may be set as far ahead.
MONTHS_AHEAD = 12


def _error(field: str, message: str, code: str) -> DomainError:
    return DomainError({field: [DomainError(message, code=code)]})


def _require_recorder(actor: Any, member: PartyMember) -> None:
    if not scope_for(actor).allows_path(Perm.RECORD_DUES, ORG, member.org.path):
        raise Forbidden(_("You may not record dues for this member."))


def _check_month(member: PartyMember, month: int, field: str = "month") -> None:
    if not months.is_valid(month):
        raise _error(field, _("Choose a month between 2000-01 and 2099-12."), "month")
    if member.joined_on and month < months.of(member.joined_on):
        raise _error(
            field,
            _("%(name)s joined the Party in %(joined)s: there are no dues for %(month)s.")
            % {"name": member.name, "joined": months.label(months.of(member.joined_on)), "month": months.label(month)},
            "before_joining",
        )
    latest = months.add(months.current(), MONTHS_AHEAD)
    if month > latest:
        raise _error(
            field,
            _("%(month)s is too far ahead: dues may be paid or set at most %(n)s months in advance.")
            % {"month": months.label(month), "n": MONTHS_AHEAD},
            "too_far_ahead",
        )


def _lock(member: PartyMember) -> None:
    # One writer per member at a time: "already paid?" and the insert must not interleave.
    PartyMember.objects.select_for_update().filter(pk=member.pk).first()


@transaction.atomic
def dues_base_set(
    *,
    actor: Any,
    member: PartyMember,
    month: int,
    kind: str,
    monthly_income: Decimal | None,
    voluntary_amount: Decimal | None = None,
    note: str = "",
) -> DuesBase:
    """Set the member's dues base from `month` on (replacing a base set for that same month).

    The dues of every month from `month` until the next base are recalculated by it: they
    are read from the base in force, never stored per month.
    """
    _require_recorder(actor, member)
    _check_month(member, month)
    try:
        amount = monthly_dues(kind, monthly_income, voluntary_amount)
        rate = rate_for(kind, monthly_income)
    except RateError as exc:
        raise _error(exc.field, exc.message, "rate") from exc
    if rate is not None and monthly_income is not None and monthly_income <= 0:
        raise _error(
            "monthly_income",
            _("Enter the monthly after-tax income; a member without income pays the flat 0.20 yuan (low income)."),
            "no_income",
        )
    _lock(member)
    income = monthly_income if rate is not None else None
    before = DuesBase.objects.filter(member=member, month=month).first()
    fields = {
        "kind": kind,
        "monthly_income": income,
        "voluntary_amount": voluntary_amount,
        "rate": rate,
        "amount": amount,
        "set_by": signed_in(actor),
        "note": note.strip(),
    }
    if before is None:
        base = DuesBase.objects.create(member=member, month=month, **fields)
        old: dict[str, Any] = {}
    else:
        old = {k: getattr(before, k) for k in ("kind", "monthly_income", "voluntary_amount", "rate", "amount")}
        for key, value in fields.items():
            setattr(before, key, value)
        before.save()
        base = before
    audit_record(
        actor=actor,
        action="dues_base_set",
        obj=member,
        changes={
            "month": months.label(month),
            **{k: [old.get(k), fields[k]] for k in ("kind", "monthly_income", "voluntary_amount", "rate", "amount")},
        },
    )
    return base


def _check_amount(value: Any) -> Decimal:
    if isinstance(value, float | bool):
        raise _error("amount", _("Enter the amount in yuan, e.g. 45.00."), "amount")
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise _error("amount", _("Enter the amount in yuan, e.g. 45.00."), "amount") from exc
    if not amount.is_finite():
        raise _error("amount", _("Enter the amount in yuan, e.g. 45.00."), "amount")
    if amount <= 0:
        raise _error("amount", _("A payment must be more than zero."), "not_positive")
    if amount != amount.quantize(FEN):
        raise _error("amount", _("Give the amount to the fen at most (two decimal places)."), "fen")
    if amount > MAX_PAYMENT:
        raise _error(
            "amount",
            _("%(amount)s yuan is more than one payment can be (at most %(max)s): check the amount.")
            % {"amount": amount, "max": MAX_PAYMENT},
            "too_large",
        )
    return amount


@transaction.atomic
def dues_payment_record(
    *,
    actor: Any,
    member: PartyMember,
    month: int,
    amount: Decimal,
    paid_on: datetime.date,
    paid_by: str = "",
    note: str = "",
) -> DuesPayment:
    """Record what the member paid for `month`.

    Refused: a month before the member joined or too far ahead, a month without a dues base,
    a month already paid in full (a duplicate), an amount that is not a positive sum of yuan
    and fen, a payment dated in the future. A month partly paid may be topped up, and a
    member may pay more than is due (the extra is kept, but settles no other month).
    """
    _require_recorder(actor, member)
    amount = _check_amount(amount)
    _check_month(member, month)
    today = timezone.localdate()
    if paid_on > today:
        raise _error("paid_on", _("The payment date cannot be in the future."), "future")
    if paid_on.year < months.FIRST_YEAR:
        raise _error("paid_on", _("Check the payment date."), "too_old")
    _lock(member)
    base = base_in_force(member, month)
    if base is None:
        raise _error(
            "month",
            _("%(name)s has no dues base for %(month)s yet: set the base first, then record the payment.")
            % {"name": member.name, "month": months.label(month)},
            "no_base",
        )
    already = paid_for_month(member, month)
    if already > ZERO and already >= base.amount:
        raise _error(
            "month",
            _(
                "%(month)s is already paid (%(paid)s of %(due)s yuan). "
                "Remove the wrong payment first if this is a correction."
            )
            % {"month": months.label(month), "paid": already, "due": base.amount},
            "duplicate",
        )
    payment = DuesPayment.objects.create(
        member=member,
        month=month,
        amount=amount,
        paid_on=paid_on,
        paid_by=paid_by.strip(),
        note=note.strip(),
        recorded_by=signed_in(actor),
    )
    audit_record(
        actor=actor,
        action="dues_payment_record",
        obj=member,
        changes={
            "month": months.label(month),
            "amount": str(amount),
            "paid_on": paid_on.isoformat(),
            "paid_by": payment.paid_by,
            "payment": payment.pk,
        },
    )
    return payment


@transaction.atomic
def dues_payment_remove(*, actor: Any, payment: DuesPayment, reason: str) -> None:
    """Remove a payment recorded by mistake; the audit trail keeps what it was and why."""
    member = payment.member
    _require_recorder(actor, member)
    reason = reason.strip()
    if not reason:
        raise _error("reason", _("Say why the payment is removed."), "reason")
    audit_record(
        actor=actor,
        action="dues_payment_remove",
        obj=member,
        changes={
            "month": months.label(payment.month),
            "amount": str(payment.amount),
            "paid_on": payment.paid_on.isoformat(),
            "payment": payment.pk,
            "reason": reason,
        },
    )
    payment.delete()
