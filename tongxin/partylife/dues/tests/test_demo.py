from __future__ import annotations

import datetime

from django.db.models import F

from tongxin.partylife.dues.demo import seed_dues
from tongxin.partylife.dues.models import DuesBase, DuesPayment
from tongxin.partylife.dues.queries import member_totals
from tongxin.platform.core.people import pinyin_of
from tongxin.registry.party.models import PartyMember

TODAY = datetime.date(2025, 6, 15)


def _members(world, n: int) -> list[PartyMember]:
    kinds = ["direct", "retired", "in_service", "floating_in"]
    rows = []
    for i in range(n):
        m = PartyMember(
            org=world.branch1 if i % 2 else world.branch2,
            name=f"演示{i}",
            kind=kinds[i % 4],
            is_needy=i % 11 == 0,
            birth_date=datetime.date(1950 + i % 50, 1, 1),
            joined_on=datetime.date(2024, 9, 1) if i % 13 == 0 else datetime.date(1990, 1, 1),
        )
        m.name_pinyin, m.name_initials = pinyin_of(m.name)
        rows.append(m)
    PartyMember.objects.bulk_create(rows)
    return list(PartyMember.objects.filter(name__startswith="演示"))


def test_seed_dues_makes_two_years_with_arrears(world):
    members = _members(world, 120)
    counts = seed_dues(members, today=TODAY, seed=1)
    assert counts["bases"] >= 80
    assert counts["payments"] > 80 * 12
    assert counts["members_behind"] > 0
    # In-service members pay at their employer: no base here.
    assert not DuesBase.objects.filter(member__kind="in_service").exists()
    # Nothing paid before joining, nothing for a month after this one, nothing dated ahead.
    assert not DuesPayment.objects.filter(member__joined_on__gte=datetime.date(2024, 9, 1), month__lt=202409).exists()
    assert not DuesPayment.objects.filter(month__gt=202506).exists()
    assert not DuesPayment.objects.filter(paid_on__gt=TODAY).exists()
    assert not DuesPayment.objects.filter(amount__lte=0).exists()
    assert DuesBase.objects.filter(amount__lt=F("voluntary_amount")).count() == 0
    totals = member_totals([m.pk for m in members], 202401, 202506)
    assert sum(1 for t in totals.values() if t.owed > 0) > 0
    assert sum(1 for t in totals.values() if t.owed == 0) > 0
    # A second call adds nothing.
    assert seed_dues(members, today=TODAY, seed=1)["bases"] == 0
