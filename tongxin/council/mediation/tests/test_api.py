"""/api/v1/mediations: scoped, ?state=, parties masked, never a personal number in full."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from tongxin.council.mediation.tests.support import ID_NUMBER, PHONE, agreed, case, committee, with_party

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


def test_the_list_is_scoped_and_filtered_by_state(client: Any, world: Any, secretary: Any) -> None:
    mine = committee(world.community)
    open_case = case(mine, accepted_on=DAY, title="开着的")
    agreed(case(mine, accepted_on=DAY, title="达成协议的"), DAY)
    case(committee(world.other_community), accepted_on=DAY, title="乙社区的")
    client.force_login(secretary)
    everything = client.get(reverse("api:mediations")).json()
    assert sorted(row["title"] for row in everything["items"]) == ["开着的", "达成协议的"]
    only_open = client.get(reverse("api:mediations"), {"state": "open"}).json()
    assert [row["id"] for row in only_open["items"]] == [open_case.pk]
    assert client.get(reverse("api:mediations"), {"state": "nonsense"}).status_code == 422


def test_the_detail_masks_the_parties(client: Any, world: Any, secretary: Any) -> None:
    m = case(committee(world.community), accepted_on=DAY)
    with_party(m)
    client.force_login(secretary)
    response = client.get(reverse("api:mediation_detail", args=[m.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and PHONE not in body and ID_NUMBER not in body
    assert response.json()["parties"][0]["phone_masked"] == "138****5678"


def test_another_community_case_is_a_404(client: Any, world: Any, secretary: Any) -> None:
    other = case(committee(world.other_community), accepted_on=DAY)
    client.force_login(secretary)
    assert client.get(reverse("api:mediation_detail", args=[other.pk])).status_code == 404
