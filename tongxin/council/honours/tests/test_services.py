"""An award's life through the services: nominate (staff, branch, public), review, publish,
object, answer, confer; the refusals a secretary would meet."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from tongxin.council.honours import services
from tongxin.council.honours.models import (
    AwardState,
    NominationSource,
    NominationState,
    NomineeKind,
    ObjectionStatus,
)
from tongxin.council.honours.tests.support import award, nomination
from tongxin.platform.core.crypto import decrypt
from tongxin.platform.core.exceptions import DomainError, Forbidden

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched by their English words here (their Chinese is in the .po)."""
    with translation.override("en"):
        yield


def test_the_whole_round_from_nomination_to_winners(world, secretary):
    a = award(world, places=2)
    zhang = services.nomination_submit(
        actor=secretary, award=a, source=NominationSource.STAFF, reason="照顾婆婆十年", household=world.household1
    )
    assert zhang.display_name == "张家"  # the head 张三's family, never the door number
    li = services.nomination_submit(
        actor=None, award=a, source=NominationSource.PUBLIC, reason="邻里和睦", public_name="李",
        place=world.building2, address_note="201", phone="13912345678", ip="10.0.0.1",
    )  # fmt: skip
    assert li.display_name == "李家"
    assert li.phone_masked and "13912345678" not in li.phone_masked and decrypt(li.phone_enc) == "13912345678"
    wang = services.nomination_submit(
        actor=None, award=a, source=NominationSource.PUBLIC, reason="热心", public_name="王", place=world.building1
    )
    with pytest.raises(DomainError, match="wait for review"):
        services.award_publish(actor=secretary, award=a)
    services.nomination_review(actor=secretary, nomination=zhang, accept=True)
    services.nomination_review(actor=secretary, nomination=li, accept=True)
    with pytest.raises(DomainError):
        services.nomination_review(actor=secretary, nomination=wang, accept=False, reason="")
    services.nomination_review(actor=secretary, nomination=wang, accept=False, reason="事迹不够突出")
    now = timezone.now()
    services.award_publish(actor=secretary, award=a, at=now)
    a.refresh_from_db()
    assert a.state == AwardState.PUBLICITY
    assert a.publicity_ends == now + datetime.timedelta(days=7)

    objection = services.objection_raise(nomination=li, text="不属实", at=now + datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="objection"):
        services.award_confer(actor=secretary, award=a, at=now + datetime.timedelta(days=8))
    services.objection_answer(actor=secretary, objection=objection, uphold=True, answer="经核实，事迹不实。")
    li.refresh_from_db()
    assert li.state == NominationState.DECLINED and li.decline_reason == "经核实，事迹不实。"
    with pytest.raises(DomainError, match="not ended"):
        services.award_confer(actor=secretary, award=a, at=now + datetime.timedelta(days=6))
    services.award_confer(actor=secretary, award=a, at=now + datetime.timedelta(days=7))
    a.refresh_from_db()
    assert a.state == AwardState.AWARDED
    states = dict(a.nominations.values_list("display_name", "state"))
    assert states == {"张家": "winner", "李家": "declined", "王家": "declined"}


def test_more_accepted_than_places_cannot_be_published(world, secretary):
    a = award(world, places=1)
    nomination(world, a, name="张家", state=NominationState.ACCEPTED)
    nomination(world, a, name="李家", state=NominationState.ACCEPTED, household=world.household2, place=world.building2)
    with pytest.raises(DomainError, match="2 nominees are accepted for 1 places"):
        services.award_publish(actor=secretary, award=a)


def test_reviewing_twice_the_second_is_told_it_changed(world, secretary):
    n = nomination(world, award(world))
    services.nomination_review(actor=secretary, nomination=n, accept=True)
    with pytest.raises(DomainError, match="changed"):
        services.nomination_review(actor=secretary, nomination=n, accept=False, reason="重复")
    n.refresh_from_db()
    assert n.state == NominationState.ACCEPTED


def test_the_same_household_is_nominated_once(world, secretary):
    a = award(world)
    services.nomination_submit(actor=secretary, award=a, source="staff", reason="x", household=world.household1)
    with pytest.raises(DomainError, match="already nominated"):
        services.nomination_submit(actor=secretary, award=a, source="staff", reason="y", household=world.household1)


def test_public_nominations_are_limited_per_address_per_hour(world, settings):
    settings.PUBLIC_REPORTS_PER_HOUR = 2
    a = award(world)
    for name in ("张", "李"):
        services.nomination_submit(
            actor=None, award=a, source="public", reason="好", public_name=name, place=world.building1, ip="10.0.0.9"
        )
    with pytest.raises(DomainError) as refused:
        services.nomination_submit(
            actor=None, award=a, source="public", reason="好", public_name="赵", place=world.building1, ip="10.0.0.9"
        )
    assert refused.value.code == "limited"
    # Another address is not limited; the address is kept only as a keyed hash.
    n = services.nomination_submit(
        actor=None, award=a, source="public", reason="好", public_name="赵", place=world.building1, ip="10.0.0.10"
    )
    assert n.ip_hash and "10.0.0.10" not in n.ip_hash


def test_a_public_nominee_lives_in_the_community_and_has_no_number_in_the_name(world):
    a = award(world)
    with pytest.raises(DomainError, match="building"):
        services.nomination_submit(
            actor=None, award=a, source="public", reason="好", public_name="王", place=world.other_grid
        )
    with pytest.raises(DomainError, match="no numbers"):
        services.nomination_submit(
            actor=None, award=a, source="public", reason="好", public_name="3-201张家", place=world.building1
        )


def test_a_branch_nominates_its_own_members_for_a_members_award_only(world, org_secretary):
    members = award(world, kind=NomineeKind.PARTY_MEMBER, public_nominations=False)
    n = services.nomination_submit(
        actor=org_secretary, award=members, source="branch", reason="带头服务", party_member=world.member1
    )
    assert n.organization == world.branch1 and n.display_name == "赵党员"
    with pytest.raises(Forbidden):  # 钱党员 is of branch 2
        services.nomination_submit(
            actor=org_secretary, award=members, source="branch", reason="x", party_member=world.member2
        )
    with pytest.raises(Forbidden):  # a branch does not nominate as the office
        services.nomination_submit(
            actor=org_secretary, award=award(world), source="staff", reason="x", household=world.household1
        )


def test_those_without_the_right_may_not_review_or_publish(world, grid_worker, street_officer):
    n = nomination(world, award(world))
    for actor in (grid_worker, street_officer):
        with pytest.raises(Forbidden):
            services.nomination_review(actor=actor, nomination=n, accept=True)
        with pytest.raises(Forbidden):
            services.award_publish(actor=actor, award=n.award)


def test_objections_only_during_publicity_and_limited(world, settings):
    settings.PUBLIC_REPORTS_PER_HOUR = 1
    n = nomination(world, award(world), state=NominationState.ACCEPTED)
    with pytest.raises(DomainError, match="publicity"):
        services.objection_raise(nomination=n, text="x")
    from tongxin.council.honours.tests.support import in_publicity

    p = in_publicity(world)
    o = services.objection_raise(nomination=p, text="不属实", ip="10.1.1.1", phone="13800001111")
    assert o.status == ObjectionStatus.OPEN and o.phone_masked != "13800001111"
    with pytest.raises(DomainError) as refused:
        services.objection_raise(nomination=p, text="还是不属实", ip="10.1.1.1")
    assert refused.value.code == "limited"


def test_a_declined_nomination_does_not_block_nominating_again(world, secretary):
    a = award(world)
    n = services.nomination_submit(actor=secretary, award=a, source="staff", reason="x", household=world.household1)
    services.nomination_review(actor=secretary, nomination=n, accept=False, reason="材料不全")
    again = services.nomination_submit(
        actor=secretary, award=a, source="staff", reason="补齐材料", household=world.household1
    )
    assert again.state == NominationState.SUBMITTED
