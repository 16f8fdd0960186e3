"""`{% load resident_parts %}` … `{% resident_page_parts resident %}`: the parts the capabilities
registered in `tongxin.registry.people.page_parts`, each rendered with its context as `part`."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from tongxin.registry.people import page_parts

register = template.Library()


@register.simple_tag(takes_context=True)
def resident_page_parts(context: template.Context, resident: Any) -> SafeString:
    request = context.get("request")
    return format_html_join(
        "",
        "{}",
        (
            (render_to_string(name, {"part": part}, request=request),)
            for name, part in page_parts.resident_parts(resident)
        ),
    )
