"""The main menu, rendered once per language, role and page kind in each process.

The menu's ~40 links and labels (a reverse and a translation each) cost every page ~3 ms of
template rendering. What it shows depends only on what its template reads — the user's
permissions (`can`), the page's `nav`, is_party_member, leads_a_team and party_side — and on the
language, so the HTML is kept per combination of those: a few dozen per process, never
anything about one person.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

Key = tuple[str | None, str, str, tuple[tuple[str, bool], ...], bool, bool, bool]


def _render(key: Key) -> SafeString:
    _language, _prefix, nav, can, is_party_member, leads_a_team, party_side = key
    context = {
        "nav": nav,
        "can": dict(can),
        "is_party_member": is_party_member,
        "leads_a_team": leads_a_team,
        "party_side": party_side,
    }
    return mark_safe(get_template("includes/menu.html").render(context))  # noqa: S308  (our template)


_rendered = lru_cache(maxsize=1024)(_render)


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> SafeString:
    def asked(name: str) -> bool:
        value: Any = context.get(name, False)
        return bool(value() if callable(value) else value)

    can = context.get("can") or {}
    # Asked only where includes/menu.html reads them (a query each): a party member's entries
    # are in the menu of those without staff roles, "Service hours" for staff of places
    # without the service permission.
    is_party_member = not can.get("view") and asked("is_party_member")
    leads_a_team = bool(can.get("view") and can.get("view_places") and not can.get("service")) and asked("leads_a_team")
    key: Key = (
        get_language(),
        get_script_prefix(),
        str(context.get("nav") or ""),
        tuple(sorted((name, bool(value)) for name, value in can.items())),
        is_party_member,
        leads_a_team,
        bool(context.get("party_side")),
    )
    # While developing, a changed template shows at once.
    return _render(key) if settings.DEBUG else _rendered(key)
