"""The demo's mediation: the community's committee of elderly mediators and a year of cases, the
village's land disputes, written through the services and consistent with their states.

The checks read the one tiny demo seeded for them all, and are collected by
tongxin/interfaces/demo/tests/test_seed_demo.py (seeding is 10–20 s: once, not once a module)."""

from __future__ import annotations

from tongxin.council.mediation.models import CaseState, Committee, MediationCase, Mediator, Outcome, Source, Sweep
from tongxin.interfaces.demo.tests.support import TODAY


def test_the_demo_mediation() -> None:
    community = Committee.objects.get(area__level="community")
    village = Committee.objects.get(area__level="village")
    elders = Mediator.objects.filter(committee=community, kind="volunteer")
    assert elders.count() == 8 and all(m.resident_id for m in elders)
    cases = MediationCase.objects.filter(committee=community)
    assert 18 <= cases.count() <= 22
    assert cases.filter(source=Source.CASE).count() >= 1
    assert all(c.accepted_on < TODAY for c in cases)
    # An agreement for every case settled by one; a follow-up for every closed agreement.
    for c in MediationCase.objects.filter(outcome=Outcome.AGREEMENT):
        assert hasattr(c, "agreement") and c.sessions.exists()
        assert (c.state == CaseState.CLOSED) == bool(c.performance)
    assert cases.filter(state=CaseState.OPEN, due_on__lt=TODAY).exists()
    assert cases.filter(state=CaseState.AGREED).exists()
    assert MediationCase.objects.filter(committee=village, kind="land").count() == 4
    assert Sweep.objects.filter(area__path__startswith=community.area.path).count() >= 12
