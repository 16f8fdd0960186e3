"""`{% load money %}` … `{{ amount|yuan }}` → ¥18,898.80 (tongxin.platform.core.money.format_yuan)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from tongxin.platform.core.money import format_yuan

register = template.Library()


@register.filter
def yuan(value: Any) -> str:
    return format_yuan(value)


@register.filter
def percent(value: Any) -> str:
    """A rate kept as a fraction (0.0150) as people read it: 1.5%."""
    try:
        number = Decimal(str(value)) * 100
    except (InvalidOperation, ValueError, TypeError):
        return ""
    return f"{number.normalize():f}%"
