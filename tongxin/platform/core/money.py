"""Money as people read it: `¥18,898.80`, the same on every page (UI.md: one way to show money)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")


def to_fen(value: Decimal | int | float | str) -> Decimal:
    """An amount rounded to the fen, half up (the rounding of the dues brackets).

    SQLite returns sums of decimal products as long binary fractions (18898.80000000000000);
    every figure is brought back to the fen before it is compared or shown.
    """
    return Decimal(str(value)).quantize(FEN, rounding=ROUND_HALF_UP)


def format_yuan(value: Decimal | int | float | str | None) -> str:
    """`¥1,234.50`; negative amounts as `-¥1,234.50`; "" for None or anything not a number."""
    if value is None or value == "":
        return ""
    try:
        amount = to_fen(value)
    except (InvalidOperation, ValueError, TypeError):
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"
