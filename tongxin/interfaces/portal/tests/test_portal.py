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
