"""A menu or a button never offers what the role cannot open (UI.md; issue 12).

For every persona: the menu on the home page and on /me/, and every link of the home page,
answer neither 403 nor 404.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from conftest import PERSONAS


def _links(client, url, selector):
    response = client.get(url)
    assert response.status_code == 200, url
    page = BeautifulSoup(response.content, "html.parser")
    found = set()
    for a in page.select(selector):
        href = str(a.get("href") or "")
        parts = urlsplit(href)
        if not href or href.startswith("#") or parts.scheme or parts.netloc:
            continue
        found.add(href)
    return found


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"], indirect=True)
def test_no_menu_or_home_link_leads_to_403_or_404(client, persona):
    client.force_login(persona)
    links = _links(client, reverse("home"), "nav.sidenav a, nav.tabbar a, main a")
    links |= _links(client, reverse("me"), "nav.sidenav a, nav.tabbar a, main a")
    broken = {}
    for href in sorted(links):
        status = client.get(href).status_code
        if status in (403, 404):
            broken[href] = status
    assert broken == {}


@pytest.mark.parametrize("persona", ["party_member", "unit_contact"], indirect=True)
def test_my_activities_offers_find_an_activity_only_to_who_may_browse(client, persona):
    client.force_login(persona)
    links = _links(client, reverse("activities:mine"), "main a")
    for href in links:
        assert client.get(href).status_code not in (403, 404), href
