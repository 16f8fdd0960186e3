"""`{% load follow_ups %}{% follow_ups "visit" visit %}`: the follow-up buttons other capabilities
registered for a kind of record (platform/web/follow_ups.py). Registered in settings.TEMPLATES'
libraries, as platform/web is not an app."""

from __future__ import annotations

from typing import Any

from django import template

from tongxin.platform.web.follow_ups import follow_ups_for

register = template.Library()


@register.inclusion_tag("includes/follow_ups.html", takes_context=True)
def follow_ups(context: template.Context, kind: str, obj: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    found = follow_ups_for(kind, user) if user is not None else []
    return {"kind": kind, "actions": [(f.key, f.label, f.url(obj)) for f in found]}
