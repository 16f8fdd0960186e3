"""`{% council_meetings council as cm %}`: a council's latest meetings for its page (one query)."""

from __future__ import annotations

from typing import Any

from django import template

from tongxin.council.consultation.views_meetings.queries import meeting_rows
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for

register = template.Library()

SHOWN = 5


@register.simple_tag(takes_context=True)
def council_meetings(context: template.Context, council: Any) -> dict[str, Any]:
    user: Any = context.get("user") or getattr(context.get("request"), "user", None)
    rows = list(meeting_rows(user, council=council)[: SHOWN + 1])
    return {
        "rows": rows[:SHOWN],
        "more": len(rows) > SHOWN,
        "can_create": scope_for(user).allows_path(Perm.CONSULT, "area", council.area.path),
    }
