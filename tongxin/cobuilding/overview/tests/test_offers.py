"""A member who reported in offers to take on a need from /me/; staff confirm or decline it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tongxin.cobuilding.overview.offers import needs_part
from tongxin.cobuilding.projects import offers
from tongxin.cobuilding.projects.models import Need, Project
from tongxin.cobuilding.projects.services import raise_need
from tongxin.partylife.inservice.models import ReportIn
from tongxin.platform.core.exceptions import DomainError, Forbidden

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(world: Any, party_member: Any, secretary: Any) -> Any:
    """赵党员 reported in to 甲, confirmed; a need open in 甲, one in 乙."""
    ReportIn.objects.create(
        member=world.member1, community=world.community, reported_on=timezone.localdate(), confirmed_at=timezone.now()
    )
    need = raise_need(actor=secretary, community=world.community, title="独居老人助餐", category="elderly")
    world.need = need
    world.far_need = Need.objects.create(community=world.other_community, category="elderly", title="乙社区需求")
    return world


def test_the_member_sees_the_needs_of_their_community(reported: Any) -> None:
    part = needs_part(reported.member1, timezone.localdate().year)
    assert part is not None
    assert [n.title for n in part["needs"]] == ["独居老人助餐"]


def test_a_member_without_a_community_sees_no_part(world: Any) -> None:
    assert needs_part(world.member2, 2026) is None


def test_the_member_offers_and_the_secretary_confirms(
    client: Any, reported: Any, party_member: Any, secretary: Any
) -> None:
    client.force_login(party_member)
    assert "独居老人助餐" in client.get(reverse("me")).content.decode()
    url = reverse("cobuilding:offer_need", args=[reported.need.pk])
    # Nothing said: a message, nothing saved.
    response = client.post(url, {"description": ""})
    assert response.status_code == 200 and not Project.objects.exists()
    response = client.post(url, {"description": "每周二、四中午送餐"})
    assert response["Location"] == reverse("me")
    project = Project.objects.get()
    assert project.state == Project.State.PROPOSED and project.member == reported.member1
    # Another community's need is not theirs to offer for.
    assert client.get(reverse("cobuilding:offer_need", args=[reported.far_need.pk])).status_code == 404
    # Not staff: no confirming.
    assert client.post(reverse("cobuilding:offer_confirm", args=[project.pk])).status_code == 403
    client.force_login(secretary)
    listed = client.get(reverse("cobuilding:offers"))
    assert [p.pk for p in listed.context["offers"]] == [project.pk]
    client.post(reverse("cobuilding:offer_confirm", args=[project.pk]))
    project.refresh_from_db()
    assert project.state == Project.State.CLAIMED
    assert not client.get(reverse("cobuilding:offers")).context["offers"]


def test_the_secretary_declines_and_the_need_is_open_again(reported: Any, party_member: Any, secretary: Any) -> None:
    from tongxin.cobuilding.projects.services import claim_need

    project = claim_need(actor=party_member, need=reported.need, member=reported.member1, description="可以帮忙")
    with pytest.raises(DomainError):
        offers.decline_offer(actor=secretary, project=project, reason="  ")
    offers.decline_offer(actor=secretary, project=project, reason="已有单位对接")
    project.refresh_from_db()
    reported.need.refresh_from_db()
    assert project.state == Project.State.CANCELLED and project.cancelled_reason == "已有单位对接"
    assert reported.need.status == Need.Status.OPEN
    # Decided already: the second decision is refused.
    with pytest.raises(offers.AlreadyDecided):
        offers.confirm_offer(actor=secretary, project=project)


def test_only_staff_of_the_community_decide(
    reported: Any, party_member: Any, street_officer: Any, grid_worker: Any
) -> None:
    from tongxin.cobuilding.projects.services import claim_need

    project = claim_need(actor=party_member, need=reported.need, member=reported.member1)
    for actor in (party_member, street_officer, grid_worker):
        with pytest.raises(Forbidden):
            offers.confirm_offer(actor=actor, project=project)
        with pytest.raises(Forbidden):
            offers.decline_offer(actor=actor, project=project, reason="x")


def test_the_workbench_names_the_offers(reported: Any, party_member: Any, secretary: Any) -> None:
    from tongxin.cobuilding.overview.workbench import _items
    from tongxin.cobuilding.projects.services import claim_need
    from tongxin.platform.access.scope import scope_for
    from tongxin.platform.web.workbench import Today

    claim_need(actor=party_member, need=reported.need, member=reported.member1)
    when = Today(now=timezone.now(), today=timezone.localdate())
    (item,) = _items(secretary, scope_for(secretary), when)
    assert item.count == 1 and item.rows[0].label == "独居老人助餐"
