"""The demo's pairing assistance on a small hand-built community: 30+ beneficiaries, plausible, idempotent."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from tongxin.partylife.meetings.tests.support import member
from tongxin.registry.people.models import CareCategory, Resident
from tongxin.volunteering.pairing.demo import seed_pairing
from tongxin.volunteering.pairing.models import Beneficiary, Pairing, PairingHelper, PairingVisit
from tongxin.volunteering.pairing.tests.support import team

pytestmark = pytest.mark.django_db


def test_seed_pairing(world):
    codes = ["low_income", "empty_nest", "disabled"]
    for i in range(45):
        r = Resident.objects.create(household=world.household1 if i % 2 else world.household2, name=f"居民{i}")
        r.care_categories.set(CareCategory.objects.filter(code=codes[i % 3]))
    for i in range(12):
        member(world.branch1, f"党员{i}")
    team(world.community, "为老服务队")
    today = datetime.date(2026, 5, 15)
    counts = seed_pairing([world.district.path], today=today, seed=7)
    rows = list(Beneficiary.objects.filter(community=world.community))
    assert counts["beneficiaries"] == len(rows) >= 32
    # 乙社区 has nobody in a care category and no members: nothing there.
    assert not Beneficiary.objects.filter(community=world.other_community).exists()
    assert any(b.member_id == world.member2.pk and b.kind == "needy_member" for b in rows)
    assert {b.kind for b in rows} >= {"needy_household", "empty_nest", "disabled", "needy_member"}
    pairings = list(Pairing.objects.all())
    assert counts["pairings"] == len(pairings) and len(pairings) < len(rows)  # a few not paired yet
    closed = [p for p in pairings if p.closed_on]
    assert closed and all(p.outcome for p in closed)
    helpers = Counter(PairingHelper.objects.values_list("pairing_id", flat=True))
    assert any(n > 1 for n in helpers.values()) and any(n == 1 for n in helpers.values())
    assert PairingHelper.objects.filter(team__isnull=False).exists()
    visits = list(PairingVisit.objects.select_related("pairing"))
    assert counts["visits"] == len(visits) > 200
    assert all(v.pairing.started_on <= v.visited_on <= (v.pairing.closed_on or today) for v in visits)
    assert all((v.amount is not None) == (v.help_kind in ("money", "goods")) for v in visits)
    last = {}
    for v in visits:
        last[v.pairing_id] = max(last.get(v.pairing_id, v.visited_on), v.visited_on)
    open_ids = [p.pk for p in pairings if p.closed_on is None]
    assert any((today - last[pk]).days >= 45 for pk in open_ids if pk in last)
    # A second call adds nothing.
    assert seed_pairing([world.district.path], today=today, seed=7) == {"beneficiaries": 0, "pairings": 0, "visits": 0}
