"""`{% load page_parts %}` … `{% area_page_parts area %}`, `{% household_page_parts household %}`:
the parts the capabilities registered in `tongxin.registry.areas.page_parts`, each rendered
with its context as `part`."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from tongxin.registry.areas import page_parts

register = template.Library()


def _render(context: template.Context, parts: list[tuple[str, dict[str, Any]]]) -> SafeString:
    request = context.get("request")
    return format_html_join(
        "", "{}", ((render_to_string(name, {"part": part}, request=request),) for name, part in parts)
    )


@register.simple_tag(takes_context=True)
def area_page_parts(context: template.Context, area: Any) -> SafeString:
    return _render(context, page_parts.area_parts(area))


@register.simple_tag(takes_context=True)
def household_page_parts(context: template.Context, household: Any) -> SafeString:
    return _render(context, page_parts.household_parts(household))
