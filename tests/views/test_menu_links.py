"""A menu or a button never offers what the role cannot open (UI.md; issue 12).

For every persona: the menu on the home page and on /me/, and every link of the home page,
answer neither 403 nor 404 — the workbench's too (issue 13): every item, every row it names and
every action, in a world busy enough that each role's items have rows.
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


def _busy(world) -> None:
    """Work for every role: late and carded cases at each rung, one handed to the unit, unread
    minutes and dues owed for the member."""
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent, CaseHandover
    from tongxin.grid.cases.services import case_report
    from tongxin.partylife.dues.models import DuesBase
    from tongxin.partylife.meetings.models import Attendance, Meeting

    category = CaseCategory.objects.create(code="t_menu", name_zh="噪音")
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=60)
    for level in (Case.Level.GRID, Case.Level.COMMUNITY, Case.Level.SUBDISTRICT):
        for state in ("reported", "accepted", "resolved"):
            case = case_report(actor=None, category=category, description="吵", area=world.building1, at=long_ago)
            Case.objects.filter(pk=case.pk).update(state=state, level=level)
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.RED_CARD, at=now)
    CaseHandover.objects.create(
        case=case,
        kind="unit",
        target_type=ContentType.objects.get_for_model(world.unit),
        target_id=world.unit.pk,
        target_name=world.unit.name,
        sent_at=now,
        send_back_due=now,
    )
    meeting = Meeting.objects.create(org=world.branch1, kind="committee", starts_at=now - datetime.timedelta(hours=2))
    Attendance.objects.create(meeting=meeting, member=world.member1, status="present")
    DuesBase.objects.create(member=world.member1, month=202401, kind="employed", amount="45.00")


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"], indirect=True)
def test_no_menu_or_home_link_leads_to_403_or_404(client, world, persona):
    _busy(world)
    client.force_login(persona)
    workbench = _links(client, reverse("home"), ".wb a, .wb-actions a")
    if persona.username not in ("t_outsider",):
        # The workbench has links to follow (the test would pass vacuously without them).
        assert workbench, persona.username
    links = _links(client, reverse("home"), "nav.sidenav a, nav.tabbar a, main a") | workbench
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
