"""`{% load places %}` … `{% place case.grid %}` → 同心社区 第一网格 (see areas.naming)."""

from __future__ import annotations

from typing import Any

from django import template

from tongxin.registry.areas.naming import area_place_name, community_names

register = template.Library()

_CACHE_ATTR = "_tongxin_community_names"


def names_for(context: template.Context) -> dict[str, str]:
    """The community names, loaded once per request (once per render without a request)."""
    request = context.get("request")
    holder: Any = request if request is not None else context.render_context
    if isinstance(holder, template.context.RenderContext):
        if _CACHE_ATTR not in holder:
            holder[_CACHE_ATTR] = community_names()
        cached: dict[str, str] = holder[_CACHE_ATTR]
        return cached
    names = getattr(holder, _CACHE_ATTR, None)
    if names is None:
        names = community_names()
        setattr(holder, _CACHE_ATTR, names)
    return names


@register.simple_tag(takes_context=True)
def place(context: template.Context, area: Any) -> str:
    """The area's name, with its community where names repeat (grids, buildings, entrances)."""
    if area is None:
        return ""
    return area_place_name(area, names_for(context))
