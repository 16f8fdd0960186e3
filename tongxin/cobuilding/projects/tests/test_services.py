"""The services of needs and projects: who raises and claims, the state moves, the one project a
need has even when two claim it at once, the ratings, the delivery a completed project records."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection

from tongxin.cobuilding.projects import services
from tongxin.cobuilding.projects.models import Need, Project, Rating
from tongxin.cobuilding.projects.tests.support import completed, need, project, staff, with_photo
from tongxin.platform.core.exceptions import DomainError, Forbidden

DAY = datetime.date(2026, 3, 2)


def test_grid_worker_raises_a_need_in_their_grid_only(world, grid_worker):
    n = services.raise_need(
        actor=grid_worker, community=world.community, place=world.building1, title="独居老人助餐", category="elderly"
    )
    assert n.raised_by == grid_worker and n.status == Need.Status.OPEN
    with pytest.raises(Forbidden):
        services.raise_need(
            actor=grid_worker, community=world.community, place=world.building2, title="x", category="elderly"
        )
    with pytest.raises(Forbidden):
        services.raise_need(actor=grid_worker, community=world.other_community, title="x", category="elderly")


def test_a_place_outside_the_community_is_refused(world, secretary):
    with pytest.raises(DomainError):
        services.raise_need(
            actor=secretary, community=world.community, place=world.other_grid, title="x", category="other"
        )


def test_unit_contact_claims_for_own_unit_only(world, unit_contact):
    from tongxin.registry.cobuild.models import ResidentUnit

    n = need(world.community)
    with pytest.raises(DomainError):  # a unit of another community
        services.claim_need(actor=unit_contact, need=n, unit=world.other_unit)
    school = ResidentUnit.objects.create(name="甲小学", credit_code="12110000400000001X", area=world.community)
    with pytest.raises(Forbidden):  # a unit of the community, not theirs
        services.claim_need(actor=unit_contact, need=n, unit=school)
    p = services.claim_need(actor=unit_contact, need=n, unit=world.unit, budget=Decimal("800.00"))
    assert p.state == Project.State.CLAIMED and p.unit == world.unit and p.budget == Decimal("800.00")
    n.refresh_from_db()
    assert n.status == Need.Status.CLAIMED
    with pytest.raises(services.AlreadyClaimed):
        services.claim_need(actor=unit_contact, need=n, unit=world.unit)
    assert Project.objects.filter(need=n).count() == 1


def test_a_need_not_open_to_claim_is_only_matched_by_staff(world, unit_contact, secretary):
    n = need(world.community, open_to_claim=False)
    with pytest.raises(Forbidden):
        services.claim_need(actor=unit_contact, need=n, unit=world.unit)
    assert services.claim_need(actor=secretary, need=n, unit=world.unit).state == Project.State.CLAIMED


def test_outsider_and_neighbour_may_not_act_on_a_project(world, outsider, neighbour_grid_worker):
    p = project(need(world.community), world.unit)
    for user in (outsider, neighbour_grid_worker):
        with pytest.raises(Forbidden):
            services.project_start(actor=user, project=p)
        with pytest.raises(Forbidden):
            services.milestone_add(actor=user, project=p, title="采购")


def test_state_moves_and_cancel_frees_the_need(world, unit_contact):
    n = need(world.community)
    p = project(n, world.unit)
    services.project_start(actor=unit_contact, project=p)
    assert Project.objects.get(pk=p.pk).state == Project.State.IN_PROGRESS
    with pytest.raises(DomainError):  # a stale page: it is no longer claimed
        services.project_start(actor=unit_contact, project=Project.objects.get(pk=p.pk))
    with pytest.raises(DomainError):
        services.project_cancel(actor=unit_contact, project=p, reason=" ")
    services.project_cancel(actor=unit_contact, project=p, reason="单位预算调整")
    n.refresh_from_db()
    assert n.status == Need.Status.OPEN
    # The need can be claimed again: a second project, the cancelled one kept.
    again = project(n, world.unit)
    assert again.pk != p.pk and Project.objects.filter(need=n).count() == 2


def test_milestone_report_starts_a_claimed_project(world, unit_contact):
    p = project(need(world.community), world.unit)
    m = services.milestone_add(actor=unit_contact, project=p, title="采购灯具", due_on=DAY)
    with pytest.raises(DomainError):
        services.milestone_report(actor=unit_contact, milestone=m, report="", done_on=DAY)
    services.milestone_report(actor=unit_contact, milestone=m, report="已采购12盏", done_on=DAY)
    assert Project.objects.get(pk=p.pk).state == Project.State.IN_PROGRESS
    with pytest.raises(DomainError):
        services.milestone_report(actor=unit_contact, milestone=m, report="again", done_on=DAY)


def test_complete_needs_evidence_and_a_summary(world, unit_contact):
    p = project(need(world.community), world.unit)
    with pytest.raises(DomainError):  # no photo or document yet
        services.project_complete(actor=unit_contact, project=p, summary="完成", people_served=3, completed_on=DAY)
    assert Project.objects.get(pk=p.pk).state == Project.State.CLAIMED
    with_photo(p)
    with pytest.raises(DomainError):
        services.project_complete(actor=unit_contact, project=p, summary=" ", people_served=3, completed_on=DAY)
    services.project_complete(
        actor=unit_contact, project=p, summary="完成", people_served=3, completed_on=DAY, spent=Decimal("650.50")
    )
    p.refresh_from_db()
    assert p.state == Project.State.COMPLETED and p.completed_on == DAY and p.spent == Decimal("650.50")
    with pytest.raises(DomainError):
        services.project_cancel(actor=unit_contact, project=p, reason="太晚")


def test_completing_against_a_money_commitment_records_the_delivery(world):
    from tongxin.cobuilding.agreements.models import Agreement, Commitment, Delivery

    agreement = Agreement.objects.create(
        unit=world.unit, community=world.community, year=2026, title="2026共建协议",
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31), status="signed", signed_on=DAY,
    )  # fmt: skip
    money = Commitment.objects.create(agreement=agreement, kind="money", description="共建资金", quantity=5000)
    p = project(need(world.community), world.unit, commitment=money)
    with_photo(p)
    services.project_complete(
        actor=staff(), project=p, summary="完成", people_served=3, completed_on=DAY, spent=Decimal("1200.00")
    )
    delivery = Delivery.objects.get(commitment=money)
    assert (delivery.quantity, delivery.source, delivery.source_id) == (Decimal("1200.00"), "project", p.pk)


def test_ratings_one_per_voter_only_when_completed(world, secretary, unit_contact):
    p = project(need(world.community), world.unit)
    with pytest.raises(DomainError):
        services.rating_add(project=p, score=5, voter_key="a")
    completed(p)
    services.rating_add(project=p, score=5, voter_key="a", comment="很好")
    with pytest.raises(DomainError):
        services.rating_add(project=p, score=4, voter_key="a")
    with pytest.raises(DomainError):
        services.rating_add(project=p, score=6, voter_key="b")
    with pytest.raises(Forbidden):
        services.rating_add(project=p, score=4, voter_key="c", channel=Rating.Channel.STAFF, actor=unit_contact)
    services.rating_add(project=p, score=3, voter_key="c", channel=Rating.Channel.STAFF, actor=secretary)
    assert sorted(p.ratings.values_list("score", flat=True)) == [3, 5]


@pytest.mark.django_db(transaction=True)
def test_two_claims_at_once_make_one_project(world, unit_contact):
    from tongxin.platform.access.models import User

    n = need(world.community)
    contact = User.objects.get(pk=unit_contact.pk)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def claim() -> None:
        try:
            barrier.wait()
            services.claim_need(actor=contact, need=Need.objects.get(pk=n.pk), unit=world.unit)
            results.append("claimed")
        except services.AlreadyClaimed:
            results.append("taken")
        except Exception as exc:  # SQLite: a writer waiting for the lock past its timeout
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Project.objects.filter(need=n).count() == 1
    assert results.count("claimed") == 1
