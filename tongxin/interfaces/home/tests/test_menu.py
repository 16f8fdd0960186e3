"""The main menu is rendered once per language, permissions and page kind, and stays right."""

from __future__ import annotations

from typing import Any

from django.template.loader import get_template
from django.test import signals
from django.urls import reverse

from tests.html import soup
from tongxin.interfaces.home.templatetags import menu


def _menu_renders(client, url: str) -> tuple[int, Any]:
    rendered = []

    def seen(sender, template, **kwargs):
        if template.name == "includes/menu.html":
            rendered.append(template)

    signals.template_rendered.connect(seen)
    try:
        response = client.get(url)
    finally:
        signals.template_rendered.disconnect(seen)
    assert response.status_code == 200
    # The menu's entries; the account block above them is the person's own, never cached.
    return len(rendered), soup(response).select_one("nav.sidenav > ul")


def test_the_menu_is_rendered_once_and_then_reused(client, secretary, grid_worker, settings):
    settings.DEBUG = False
    menu._rendered.cache_clear()
    client.force_login(secretary)
    first, nav = _menu_renders(client, reverse("cases:list"))
    again, same = _menu_renders(client, reverse("cases:list"))
    assert (first, again) == (1, 0) and str(nav) == str(same)
    assert same.select_one("a[aria-current=page]")["href"] == reverse("cases:list")
    # Another page kind marks another entry; another role sees its own entries.
    other, residents = _menu_renders(client, reverse("residents:list"))
    assert other == 1 and residents.select_one("a[aria-current=page]")["href"] == reverse("residents:list")
    client.force_login(grid_worker)
    _, worker = _menu_renders(client, reverse("cases:list"))
    assert {a["href"] for a in worker.select("a")} != {a["href"] for a in nav.select("a")}


def test_the_cached_menu_is_the_template_rendered_as_before(client, street_officer):
    """The same HTML as rendering includes/menu.html with the page's own context."""
    client.force_login(street_officer)
    response = client.get(reverse("cases:list"))
    context = response.context
    expected = get_template("includes/menu.html").render(
        {
            "nav": "cases",
            "can": context["can"],
            "is_party_member": False,
            "leads_a_team": context["leads_a_team"](),
            "party_side": context["party_side"],
        }
    )
    assert str(soup(response).select_one("nav.sidenav > ul")) == str(soup(expected).select_one("ul"))
    # Another language, another menu.
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    _, english = _menu_renders(client, reverse("cases:list"))
    assert english.select_one("a").get_text() == "Workbench"
