"""Services of commitments: who may write, what is refused in the user's words, double submits."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from tongxin.council.commitments import services
from tongxin.council.commitments.models import Convention, ConventionKind, PledgeItem
from tongxin.council.commitments.tests.support import card, member, pledge, red_six, staff
from tongxin.platform.core.exceptions import DomainError, Forbidden

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Any:
    # The refusals are matched in English whatever language an earlier test left active.
    with translation.override("en"):
        yield


def test_templates_give_six_and_ten_items_once(world: Any) -> None:
    assert [i.title for i in red_six(world.community)][:2] == ["亮身份作表率", "联系服务群众"]
    assert len(red_six(world.community)) == 6  # a second call adds nothing
    added = services.items_from_template(actor=staff(), community=world.other_community, template="red_ten")
    assert len(added) == 10
    with pytest.raises(DomainError):
        services.items_from_template(actor=staff(), community=world.community, template="nope")


def test_the_branch_secretary_records_a_pledge_of_the_branch_only(world: Any, org_secretary: Any) -> None:
    items = red_six(world.community)
    year = timezone.localdate().year
    p = services.pledge_save(
        actor=org_secretary, member=world.member1, community=world.community, year=year, items=items[:3], words="带头"
    )
    assert sorted(i.title for i in p.items.all()) == sorted(i.title for i in items[:3])
    with pytest.raises(Forbidden):
        services.pledge_save(
            actor=org_secretary, member=world.member2, community=world.community, year=year, items=items
        )


def test_a_second_submit_changes_the_same_pledge(world: Any) -> None:
    items = red_six(world.community)
    year = timezone.localdate().year
    first = pledge(world.member1, world.community, items=2)
    second = services.pledge_save(
        actor=staff(), member=world.member1, community=world.community, year=year, items=items[4:], words="改"
    )
    assert first.pk == second.pk
    assert world.member1.pledges.count() == 1
    assert [i.title for i in second.items.order_by("position")] == [items[4].title, items[5].title]


def test_refusals_say_what_is_wrong(world: Any) -> None:
    items = red_six(world.community)
    other_items = red_six(world.other_community)
    year = timezone.localdate().year
    stranger = member(world.unit_branch, "周党员")
    cases: list[dict[str, Any]] = [
        {"items": []},
        {"items": other_items[:1]},
        {"year": year + 5},
        {"pledged_on": timezone.localdate() + datetime.timedelta(days=1)},
    ]
    for bad in cases:
        values = {"actor": staff(), "member": world.member1, "community": world.community, "year": year, "items": items}
        with pytest.raises(DomainError):
            services.pledge_save(**{**values, **bad})
    with pytest.raises(DomainError, match="周党员"):
        services.pledge_save(actor=staff(), member=stranger, community=world.community, year=year, items=items)


def test_fulfilment_in_the_pledge_year_and_verified_once(world: Any, org_secretary: Any) -> None:
    p = pledge(world.member1, world.community)
    with pytest.raises(DomainError):
        services.fulfilment_add(actor=staff(), pledge=p, done_on=datetime.date(p.year - 1, 5, 1), text="去年")
    with pytest.raises(DomainError):
        services.fulfilment_add(actor=staff(), pledge=p, done_on=datetime.date(p.year, 1, 2), text="  ")
    entry = services.fulfilment_add(actor=staff(), pledge=p, done_on=datetime.date(p.year, 1, 2), text="清理楼道")
    entry = services.fulfilment_verify(actor=org_secretary, entry=entry)
    assert entry.verified_by == org_secretary and entry.verified_at is not None
    with pytest.raises(DomainError, match="already"):
        services.fulfilment_verify(actor=staff(), entry=entry)


def test_convention_versions_and_the_council_decision(world: Any) -> None:
    from tongxin.council.consultation.tests.support import topic

    today = timezone.localdate()
    v1 = services.convention_adopt(
        actor=staff(), community=world.community, articles="爱护环境\n\n文明养犬\n",
        adopted_on=today - datetime.timedelta(days=400), decided_by="居民代表会议",
    )  # fmt: skip
    assert v1.number == 1 and v1.article_list() == ["爱护环境", "文明养犬"]
    convention = Convention.objects.get(community=world.community)
    assert convention.kind == ConventionKind.RESIDENTS and convention.title == "甲社区居民公约"
    undecided = topic(world.community)
    with pytest.raises(DomainError, match="not been decided"):
        services.convention_adopt(
            actor=staff(), community=world.community, articles="一", adopted_on=today, decided_by="", topic=undecided
        )
    with pytest.raises(DomainError):  # older than the version in force
        services.convention_adopt(
            actor=staff(), community=world.community, articles="一", adopted_on=today - datetime.timedelta(days=500),
            decided_by="x",
        )  # fmt: skip
    type(undecided).objects.filter(pk=undecided.pk).update(
        state="decided", decided_on=today - datetime.timedelta(days=3)
    )
    undecided.refresh_from_db()
    v2 = services.convention_adopt(
        actor=staff(),
        community=world.community,
        articles="一\n二\n三",
        adopted_on=today,
        decided_by="议事会",
        topic=undecided,
    )
    assert v2.number == 2 and v2.topic == undecided


def test_staff_only_for_items_convention_and_cards(world: Any, org_secretary: Any, street_officer: Any) -> None:
    for actor in (org_secretary, street_officer):
        with pytest.raises(Forbidden):
            services.item_add(actor=actor, community=world.community, title="一")
        with pytest.raises(Forbidden):
            services.card_save(
                actor=actor, member=world.member1, community=world.community, post="", shown=True, photo_consent=False
            )
    assert not PledgeItem.objects.exists()


def test_consent_is_stamped_with_who_and_when(world: Any, secretary: Any) -> None:
    c = card(world.member1, world.community)
    assert not c.photo_consent and c.consent_recorded_at is None
    c = services.card_save(
        actor=secretary, member=world.member1, community=world.community, post="楼栋长", shown=True, photo_consent=True
    )
    assert c.consent_recorded_by == secretary and c.consent_recorded_at is not None
    stamped = c.consent_recorded_at
    c = services.card_save(
        actor=staff(),
        member=world.member1,
        community=world.community,
        post="党员中心户",
        shown=True,
        photo_consent=True,
    )
    assert c.consent_recorded_at == stamped and c.consent_recorded_by == secretary  # unchanged consent keeps its stamp
