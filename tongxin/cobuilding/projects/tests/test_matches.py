"""Suggested matches for a need, against a hand-made set: which units, in which order, with how much
left to give under their agreement — and only units the user may see."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from tongxin.cobuilding.agreements.models import Agreement, Commitment, Delivery
from tongxin.cobuilding.projects import queries
from tongxin.cobuilding.projects.tests.support import need
from tongxin.cobuilding.resources.models import Resource
from tongxin.registry.cobuild.models import ResidentUnit

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def _resource(unit: Any, kind: str, name: str) -> Resource:
    return Resource.objects.create(community=unit.area, unit=unit, kind=kind, name=name)


def _hand_made(world: Any) -> dict[str, Any]:
    school = ResidentUnit.objects.create(
        name="第一中学", credit_code="91350100M000100Y43".replace("M", "N"), area=world.community
    )
    # 示范医院 (甲): two fitting resources and an hours commitment 100 − (30 + 20) = 50 left.
    _resource(world.unit, "volunteers", "医护志愿者")
    _resource(world.unit, "expertise", "义诊")
    _resource(world.unit, "equipment", "轮椅")  # does not fit an elderly-care need
    agreement = Agreement.objects.create(
        unit=world.unit, community=world.community, year=2026, title="2026年共建协议",
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31), status="signed",
        signed_on=datetime.date(2026, 1, 5),
    )  # fmt: skip
    hours = Commitment.objects.create(agreement=agreement, kind="volunteer_hours", description="志愿服务", quantity=100)
    for q in (30, 20):
        Delivery.objects.create(commitment=hours, delivered_on=datetime.date(2026, 3, 1), quantity=q)
    # 第一中学 (甲): one fitting resource (a venue), no agreement.
    _resource(school, "venue", "学校食堂")
    # 乙社区超市 (乙): two fitting resources, outside the secretary of 甲's scope.
    _resource(world.other_unit, "volunteers", "店员志愿者")
    _resource(world.other_unit, "venue", "超市二楼")
    return {"school": school, "hours": hours}


def test_the_secretary_sees_the_units_of_their_community_nearest_and_fullest_first(world: Any, secretary: Any) -> None:
    made = _hand_made(world)
    n = need(world.community, "独居老人助餐", category="elderly")
    found = queries.suggested_matches(secretary, n, TODAY)
    assert [e["unit"].name for e in found] == ["示范医院", "第一中学"]
    hospital, school = found
    assert sorted(r.name for r in hospital["resources"]) == ["义诊", "医护志愿者"]
    assert [(c.pk, c.remaining) for c in hospital["commitments"]] == [(made["hours"].pk, Decimal("50.00"))]
    assert hospital["has_left"] and not school["has_left"] and school["commitments"] == []


def test_the_subdistrict_also_sees_the_neighbouring_community_after_its_own(world: Any, street_officer: Any) -> None:
    _hand_made(world)
    n = need(world.community, "独居老人助餐", category="elderly")
    names = [e["unit"].name for e in queries.suggested_matches(street_officer, n, TODAY)]
    # Same community first; then the neighbour, though it has as many fitting resources as 示范医院.
    assert names == ["示范医院", "第一中学", "乙社区超市"]


def test_a_fully_delivered_commitment_leaves_nothing(world: Any, secretary: Any) -> None:
    made = _hand_made(world)
    Delivery.objects.create(commitment=made["hours"], delivered_on=datetime.date(2026, 4, 1), quantity=50)
    n = need(world.community, "独居老人助餐", category="elderly")
    hospital = queries.suggested_matches(secretary, n, TODAY)[0]
    assert hospital["commitments"][0].remaining == Decimal("0.00") and not hospital["has_left"]
