"""The needs and projects API: the claim's three answers (201, 409, 404) and 403 for a role that
may not claim; what a unit contact reads of a need (not where it came from)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tongxin.cobuilding.projects.models import Project
from tongxin.cobuilding.projects.tests.support import need, project


def _claim(client, n, body=None):
    return client.post(
        reverse("api:need_claim", kwargs={"need_id": n.pk}),
        data=json.dumps(body or {"description": "派医生上门", "budget": "800.00", "due_on": "2026-05-01"}),
        content_type="application/json",
    )


def test_unit_contact_claims_then_a_second_claim_is_409(client, world, unit_contact):
    n = need(world.community)
    client.force_login(unit_contact)
    first = _claim(client, n)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["unit"] == "示范医院" and body["state"] == "claimed" and body["budget"] == "800.00"
    assert Project.objects.get(need=n).unit == world.unit
    second = _claim(client, n)
    assert second.status_code == 409 and second.json()["detail"]


def test_another_communitys_need_is_404_for_the_contact(client, world, unit_contact):
    n = need(world.other_community)
    client.force_login(unit_contact)
    assert _claim(client, n).status_code == 404
    assert client.get(reverse("api:need_detail", kwargs={"need_id": n.pk})).status_code == 404
    assert not Project.objects.filter(need=n).exists()


@pytest.mark.parametrize("persona", ["secretary", "street_officer"])
def test_staff_may_not_claim_through_the_api(client, world, persona, request):
    n = need(world.community)
    client.force_login(request.getfixturevalue(persona))
    assert _claim(client, n).status_code == 403


def test_grid_worker_does_not_see_a_need_raised_by_staff(client, world, grid_worker):
    n = need(world.community)
    client.force_login(grid_worker)
    assert _claim(client, n).status_code == 404


def test_bad_claim_body_is_422_not_500(client, world, unit_contact):
    n = need(world.community)
    client.force_login(unit_contact)
    assert _claim(client, n, {"budget": "lots", "due_on": "soon"}).status_code == 422


def test_contact_reads_the_need_without_its_source(client, world, unit_contact, secretary):
    n = need(world.community, source="visit", source_label="走访 1号楼 101 张三家")
    client.force_login(unit_contact)
    body = client.get(reverse("api:need_detail", kwargs={"need_id": n.pk})).json()
    assert body["title"] == n.title and body["source_label"] == ""
    client.force_login(secretary)
    assert client.get(reverse("api:need_detail", kwargs={"need_id": n.pk})).json()["source_label"].startswith("走访")


def test_lists_filter_and_scope(client, world, unit_contact, secretary):
    mine = project(need(world.community, category="elderly"), world.unit)
    need(world.community, title="社区图书角", category="culture")
    need(world.other_community, title="乙社区需求", category="culture")
    client.force_login(secretary)
    titles = [r["title"] for r in client.get(reverse("api:needs") + "?category=culture").json()["items"]]
    assert titles == ["社区图书角"]
    claimed = client.get(reverse("api:needs") + "?status=claimed").json()["items"]
    assert [r["id"] for r in claimed] == [mine.need_id]
    client.force_login(unit_contact)
    projects = client.get(reverse("api:projects") + "?state=claimed").json()["items"]
    assert [p["id"] for p in projects] == [mine.pk]
    open_titles = {r["title"] for r in client.get(reverse("api:needs") + "?status=open").json()["items"]}
    assert open_titles == {"社区图书角"}
