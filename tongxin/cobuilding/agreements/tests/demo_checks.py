"""Checks of the seeded demo's agreements (collected by tongxin/interfaces/demo/tests/test_seed_demo.py)."""

from __future__ import annotations

import datetime
from typing import Any

from tongxin.cobuilding.agreements.models import Agreement, Delivery
from tongxin.cobuilding.agreements.queries import commitment_progress, ending_soon
from tongxin.platform.access.models import User
from tongxin.registry.cobuild.models import UnitContact

TODAY = datetime.date(2026, 11, 23)


def _large() -> Any:
    contact = UnitContact.objects.select_related("unit__area").get(user__username="unit")
    return Agreement.objects.filter(unit=contact.unit, year=TODAY.year).get().community


def test_every_unit_of_the_large_community_has_this_years_agreement() -> None:
    community = _large()
    this_year = Agreement.objects.filter(community=community, year=TODAY.year)
    assert this_year.count() == 25
    assert this_year.filter(status="draft").count() == 2
    assert this_year.filter(status="signed").count() == 23
    assert not Agreement.objects.filter(community=community, year=TODAY.year - 1).exclude(status="ended").exists()
    for a in this_year:
        assert 2 <= a.commitments.count() <= 3


def test_one_agreement_ends_within_30_days_for_the_secretary_of_the_place() -> None:
    admin = User.objects.get(username="admin")
    community = _large()
    soon = [a for a in ending_soon(admin, TODAY) if a.community_id == community.pk]
    assert len(soon) == 1


def test_deliveries_some_complete_some_partial() -> None:
    rows = list(commitment_progress(Delivery.objects.none().model.commitment.field.related_model.objects.filter(
        agreement__community=_large(), agreement__year=TODAY.year, agreement__status="signed"
    )))  # fmt: skip
    complete = [c for c in rows if c.remaining <= 0]
    partial = [c for c in rows if 0 < c.delivered < c.quantity]
    assert complete and partial


def test_the_grid_and_estate_communities_have_a_few() -> None:
    others = Agreement.objects.exclude(community=_large()).filter(year=TODAY.year)
    assert others.values("community").distinct().count() >= 2
