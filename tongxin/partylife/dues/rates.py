"""Party dues (党费) by the national brackets — pure functions, no database.

Source: 中共中央组织部《关于中国共产党党费收缴、使用和管理的规定》(2008). The monthly base is
the after-tax wage (employed) or pension (retired); each bracket *includes its upper bound*:

    employed   income ≤ 3,000.00 → 0.5 %;  ≤ 5,000.00 → 1 %;  ≤ 10,000.00 → 1.5 %;  above → 2 %
    retired    income ≤ 5,000.00 → 0.5 %;  above → 1 %
    low income (students, unemployed, 低保 and the like): a flat 0.20 yuan a month

So 3,000.00 exactly pays 0.5 % (15.00) and 3,000.01 pays 1 % (30.00).

Money is `Decimal`, never float. Incomes and amounts are given to the fen (two decimal places)
at most; the dues are income × rate rounded to the fen with ROUND_HALF_UP (0.005 → 0.01), the
rounding a cashier uses. A member may pay more than the standard amount (a voluntary amount,
自愿多交), never less.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

FEN = Decimal("0.01")
ROUNDING = ROUND_HALF_UP
FLAT_MONTHLY = Decimal("0.20")
# Far above any wage, and within the database column (12 digits, 2 after the point).
MAX_INCOME = Decimal("9999999.99")
MAX_MONTHLY_DUES = Decimal("99999.99")


class DuesKind(models.TextChoices):
    EMPLOYED = "employed", _("Employed (by monthly after-tax wage)")
    RETIRED = "retired", _("Retired (by monthly pension)")
    LOW_INCOME = "low_income", _("Student, unemployed or low income (0.20 yuan a month)")


# (upper bound inclusive, rate); None is "above every bound".
BRACKETS: dict[str, tuple[tuple[Decimal | None, Decimal], ...]] = {
    DuesKind.EMPLOYED: (
        (Decimal("3000"), Decimal("0.005")),
        (Decimal("5000"), Decimal("0.01")),
        (Decimal("10000"), Decimal("0.015")),
        (None, Decimal("0.02")),
    ),
    DuesKind.RETIRED: (
        (Decimal("5000"), Decimal("0.005")),
        (None, Decimal("0.01")),
    ),
}


class RateError(ValueError):
    """The input cannot be priced; `field` names the input at fault, the message is for users."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _money(value: object, field: str, *, maximum: Decimal) -> Decimal:
    if isinstance(value, float | bool) or not isinstance(value, Decimal | int | str):
        # A float has already lost the fen: refuse it rather than guess.
        raise RateError(field, str(_("Give the amount as a decimal number of yuan, e.g. 4500.00.")))
    try:
        amount = Decimal(value)
    except (InvalidOperation, ValueError) as exc:
        raise RateError(field, str(_("Enter an amount in yuan, e.g. 4500.00."))) from exc
    if not amount.is_finite():
        raise RateError(field, str(_("Enter an amount in yuan, e.g. 4500.00.")))
    if amount < 0:
        raise RateError(field, str(_("The amount cannot be negative.")))
    if amount != amount.quantize(FEN, rounding=ROUNDING):
        raise RateError(field, str(_("Give the amount to the fen at most (two decimal places).")))
    if amount > maximum:
        raise RateError(field, str(_("The amount is too large: at most %(max)s yuan.") % {"max": maximum}))
    return amount


def check_kind(kind: str) -> str:
    if kind not in DuesKind.values:
        raise RateError("kind", str(_("Unknown kind of dues base: choose employed, retired or low income.")))
    return kind


def rate_for(kind: str, monthly_income: Decimal | int | str | None) -> Decimal | None:
    """The rate for this kind and monthly income (0.01 is 1 %); None for the flat 0.20 kinds."""
    check_kind(kind)
    if kind == DuesKind.LOW_INCOME:
        return None
    if monthly_income is None:
        raise RateError("monthly_income", str(_("Enter the monthly after-tax income.")))
    income = _money(monthly_income, "monthly_income", maximum=MAX_INCOME)
    for upper, rate in BRACKETS[kind]:
        if upper is None or income <= upper:
            return rate
    raise AssertionError("the last bracket has no upper bound")  # pragma: no cover


def standard_dues(kind: str, monthly_income: Decimal | int | str | None) -> Decimal:
    """The monthly dues the brackets ask for, rounded to the fen (ROUND_HALF_UP)."""
    rate = rate_for(kind, monthly_income)
    if rate is None:
        return FLAT_MONTHLY
    return (Decimal(monthly_income) * rate).quantize(FEN, rounding=ROUNDING)  # type: ignore[arg-type]


def monthly_dues(
    kind: str, monthly_income: Decimal | int | str | None, voluntary: Decimal | int | str | None = None
) -> Decimal:
    """What the member owes each month: the standard amount, or a higher voluntary one."""
    standard = standard_dues(kind, monthly_income)
    if voluntary is None:
        return standard
    amount = _money(voluntary, "voluntary_amount", maximum=MAX_MONTHLY_DUES)
    if amount < standard:
        raise RateError(
            "voluntary_amount",
            str(
                _("A voluntary amount may only be higher than the standard %(standard)s yuan a month.")
                % {"standard": standard}
            ),
        )
    return amount
