"""A member reports in themself from /me/; staff confirm or decline; only confirmed ones count."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tongxin.partylife.inservice import services
from tongxin.partylife.inservice.models import ReportIn
from tongxin.partylife.inservice.queries import community_summary, not_reported_in, report_rows
from tongxin.partylife.points.models import Post
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.registry.party.member_places import member_communities

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(world: Any, party_member: Any) -> Any:
    world.member1.kind = "in_service"
    world.member1.employer = "示范区税务局"
    world.member1.employer_org = "税务局机关党委"
    world.member1.save()
    return world.member1


def test_the_member_reports_in_from_their_page(client: Any, world: Any, member: Any, party_member: Any) -> None:
    post = Post.objects.create(org=world.committee, title="楼道清洁认领岗")
    client.force_login(party_member)
    me = client.get(reverse("me")).content.decode()
    assert reverse("inservice:own_start") in me
    found = client.get(reverse("inservice:own_start"), {"q": world.community.name[:2]})
    assert world.community in found.context["communities"]
    url = reverse("inservice:own_create", args=[world.community.pk])
    form = client.get(url).context["form"]
    # Prefilled from the member's record; the community's posts offered.
    assert form.initial["employer"] == "示范区税务局"
    assert (post.pk, post.title) in form.fields["claimed_post"].choices
    # Neither a post chosen nor one described: a message, nothing saved.
    response = client.post(url, {"employer": "示范区税务局"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not ReportIn.objects.exists()
    response = client.post(url, {"employer": "示范区税务局", "claimed_post": post.pk, "skills": "电工"})
    report = ReportIn.objects.get()
    assert response["Location"] == reverse("inservice:detail", args=[report.pk])
    assert report.waiting and report.post == "楼道清洁认领岗" and report.created_by == party_member
    # Waiting: not the member's community yet, not counted, no service recorded under it.
    assert member_communities(member) == []
    assert not report_rows(party_member, year=timezone.localdate().year).exists()
    page = client.get(reverse("inservice:detail", args=[report.pk])).content.decode()
    # Waiting, and no confirm button for the member.
    assert 'id="waiting-title"' in page and reverse("inservice:confirm", args=[report.pk]) not in page
    with pytest.raises(DomainError):
        services.service_log_record(
            actor=party_member, report=report, served_on=timezone.localdate(), hours="2", description="x",
            confirmed=False,
        )  # fmt: skip
    # One active report-in at a time: a second one is refused with a message.
    response = client.post(url, {"post": "周末巡逻"})
    assert response.status_code == 200 and ReportIn.objects.count() == 1
    assert "member" in str(response.context["form"].errors) or response.context["form"].non_field_errors()


def test_a_post_of_another_community_is_refused(world: Any, member: Any, party_member: Any) -> None:
    post = Post.objects.create(org=world.committee, title="甲社区岗位")
    with pytest.raises(DomainError) as exc:
        services.report_in_own(actor=party_member, member=member, community=world.other_community, claimed_post=post)
    assert "claimed_post" in exc.value.message_dict


def test_only_the_member_reports_themself_in(world: Any, member: Any, secretary: Any) -> None:
    with pytest.raises(Forbidden):
        services.report_in_own(actor=secretary, member=member, community=world.community, post="巡逻")


def test_staff_confirm_and_then_it_counts(
    client: Any, world: Any, member: Any, party_member: Any, secretary: Any
) -> None:
    report = services.report_in_own(actor=party_member, member=member, community=world.community, post="巡逻")
    year = timezone.localdate().year
    assert community_summary(secretary, year=year).reported == 0
    assert not_reported_in(secretary).filter(pk=member.pk).exists()
    client.force_login(secretary)
    waiting = client.get(reverse("inservice:list"), {"waiting": "1"})
    assert [r.pk for r in waiting.context["rows"]] == [report.pk]
    response = client.post(reverse("inservice:confirm", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.confirmed and report.confirmed_by == secretary
    assert community_summary(secretary, year=year).reported == 1
    assert member_communities(member) == [world.community]
    # Twice: the second is told, nothing changes.
    with pytest.raises(DomainError):
        services.report_in_confirm(actor=secretary, report=report)


def test_staff_decline_with_a_reason(client: Any, world: Any, member: Any, party_member: Any, secretary: Any) -> None:
    report = services.report_in_own(actor=party_member, member=member, community=world.community, post="巡逻")
    client.force_login(secretary)
    # No reason: refused with a message, still waiting.
    client.post(reverse("inservice:decline", args=[report.pk]), {"reason": " "})
    report.refresh_from_db()
    assert report.waiting
    client.post(reverse("inservice:decline", args=[report.pk]), {"reason": "您的住址不在本社区"})
    report.refresh_from_db()
    assert report.declined and report.end_reason == "您的住址不在本社区"
    # The member may report in again.
    again = services.report_in_own(actor=party_member, member=member, community=world.other_community, post="巡逻")
    assert again.waiting


def test_the_member_may_not_confirm_their_own(client: Any, world: Any, member: Any, party_member: Any) -> None:
    report = services.report_in_own(actor=party_member, member=member, community=world.community, post="巡逻")
    client.force_login(party_member)
    assert client.post(reverse("inservice:confirm", args=[report.pk])).status_code == 403
    assert ReportIn.objects.get().waiting


def test_staff_entries_are_confirmed_at_once(world: Any, member: Any, secretary: Any) -> None:
    report = services.report_in_create(
        actor=secretary, member=member, community=world.community, reported_on=timezone.localdate(), post="巡逻"
    )
    assert report.confirmed and report.confirmed_by == secretary


def test_the_migration_confirms_the_rows_there_were(world: Any, member: Any) -> None:
    """Rows made before the migration were entered by staff: the data step confirms them as of
    when they were made (the step run again here on a row left unconfirmed)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("tongxin.partylife.inservice.migrations.0002_reportin_confirmed")
    old = ReportIn.objects.create(member=member, community=world.community, reported_on=datetime.date(2025, 3, 1))
    assert old.confirmed_at is None
    migration.confirm_existing(apps, None)
    old.refresh_from_db()
    assert old.confirmed_at == old.created_at
