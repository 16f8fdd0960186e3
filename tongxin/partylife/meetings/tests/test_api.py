"""/api/v1/meetings and /api/v1/compliance: scoped like the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tongxin.partylife.meetings.tests.support import at, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(at(2026, 5, 15, 10), tick=False)


@pytest.fixture
def elsewhere(world):
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.party.models import Organization, OrgKind

    return node_insert(Organization(kind=OrgKind.BRANCH, name="乙社区党支部", area=world.other_community))


def test_meetings_are_scoped_and_filtered(client, world, org_secretary, elsewhere):
    lecture = make_meeting(world.branch1, kind="lecture", starts_at=at(2026, 2, 1), statuses={world.member1: "present"})
    make_meeting(world.branch1, kind="general", starts_at=at(2025, 3, 1))
    make_meeting(world.branch2, kind="general", starts_at=at(2026, 3, 1))
    make_meeting(elsewhere)
    client.force_login(org_secretary)
    body = client.get(reverse("api:meetings")).json()
    assert body["count"] == 2
    body = client.get(reverse("api:meetings") + "?kind=lecture&year=2026").json()
    assert [m["id"] for m in body["items"]] == [lecture.pk]
    item = body["items"][0]
    assert (item["org"], item["present"], item["on_roster"], item["lecturer"]) == (world.branch1.pk, 1, 1, "王书记")
    assert client.get(reverse("api:meetings") + f"?org={world.branch2.pk}").status_code == 404
    assert client.get(reverse("api:meetings") + "?year=abc").status_code == 422
    assert client.get(reverse("api:meetings") + "?kind=party").status_code == 422


def test_a_member_lists_only_their_own_meetings(client, world, party_member):
    mine = make_meeting(world.branch1, statuses={world.member1: "present"})
    make_meeting(world.branch1, starts_at=at(2026, 2, 2))  # no attendance taken
    client.force_login(party_member)
    assert [m["id"] for m in client.get(reverse("api:meetings")).json()["items"]] == [mine.pk]


def test_compliance_of_a_subtree(client, world, secretary, elsewhere):
    make_meeting(world.branch1, kind="general", starts_at=at(2026, 3, 31, 23, 30))
    client.force_login(secretary)
    response = client.get(reverse("api:compliance") + f"?org={world.branch1.pk}&year=2026")
    assert response.status_code == 200
    body = response.json()
    assert body["org"] == world.branch1.pk and body["year"] == 2026 and body["as_of"] == "2026-05-15"
    (org,) = body["organizations"]
    general = next(r for r in org["requirements"] if r["kind"] == "general")
    assert [c["state"] for c in general["cells"]] == ["done", "due", "upcoming", "upcoming"]
    assert general["cells"][0] == {"start": "2026-01-01", "end": "2026-03-31", "state": "done", "held": 1}
    assert body["behind"] == [world.branch1.pk]  # theme days and the first lecture were missed
    whole = client.get(reverse("api:compliance")).json()
    assert whole["org"] == world.committee.pk and len(whole["organizations"]) == 3


@pytest.mark.parametrize("year", ["abc", "1800", "20266", "-1", "2026.5"])
def test_compliance_refuses_a_bad_year(client, world, secretary, year):
    client.force_login(secretary)
    response = client.get(reverse("api:compliance") + f"?org={world.branch1.pk}&year={year}")
    assert response.status_code == 400
    assert "year" in response.json()["detail"]


def test_compliance_outside_the_scope_is_not_found(client, world, secretary, org_secretary, elsewhere):
    client.force_login(secretary)
    assert client.get(reverse("api:compliance") + f"?org={elsewhere.pk}").status_code == 404
    assert client.get(reverse("api:compliance") + "?org=99999999").status_code == 404
    client.force_login(org_secretary)
    assert client.get(reverse("api:compliance") + f"?org={world.branch2.pk}").status_code == 404
