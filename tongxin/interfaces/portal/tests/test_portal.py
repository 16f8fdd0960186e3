"""The unit's portal shows the parts registered for the contact's units, and nothing to anyone else."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tongxin.registry.cobuild import portal_parts

pytestmark = pytest.mark.django_db


def test_the_contact_sees_their_unit_and_each_registered_part(
    client: Any, world: Any, unit_contact: Any, monkeypatch: Any
) -> None:
    seen: list[list[str]] = []

    def build(user: Any, units: list[Any]) -> dict[str, Any]:
        seen.append([u.name for u in units])
        return {"count": len(units)}

    monkeypatch.setattr(portal_parts, "_PARTS", {})
    portal_parts.register_portal_part("test.part", "portal/tests/part.html", build)
    client.force_login(unit_contact)
    response = client.get(reverse("portal:portal"))
    assert response.status_code == 200
    assert world.unit.name in response.content.decode()
    assert seen == [[world.unit.name]]
    assert b'data-part="test.part"' in response.content


def test_a_secretary_has_no_portal(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    assert client.get(reverse("portal:portal")).status_code == 404


def test_the_portal_shows_the_first_needs_and_the_rest_one_tap_away(client: Any, world: Any, unit_contact: Any) -> None:
    from tongxin.cobuilding.projects.portal import NEEDS_ON_PORTAL
    from tongxin.cobuilding.projects.tests.support import need

    for i in range(NEEDS_ON_PORTAL + 2):
        need(world.community, f"需求{i}", category="elderly")
    need(world.other_community, "乙社区的需求", category="elderly")
    client.force_login(unit_contact)
    portal = client.get(reverse("portal:portal")).content.decode()
    assert portal.count("data-need=") == NEEDS_ON_PORTAL
    assert f"全部 {NEEDS_ON_PORTAL + 2} 项可认领的需求" in portal
    page = client.get(reverse("portal:needs")).content.decode()
    assert page.count("data-need=") == NEEDS_ON_PORTAL + 2 and "乙社区的需求" not in page
