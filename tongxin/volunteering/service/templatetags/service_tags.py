from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def hours(value: Any) -> str:
    """Hours without trailing zeros: 3.5, 2.25, 4 (never 3.50)."""
    try:
        amount = Decimal(str(value if value is not None else 0))
    except (InvalidOperation, ValueError):
        return ""
    amount = amount.quantize(Decimal("0.01")).normalize()
    places = max(-amount.as_tuple().exponent, 0)  # type: ignore[operator]
    return number_format(amount, decimal_pos=places)
