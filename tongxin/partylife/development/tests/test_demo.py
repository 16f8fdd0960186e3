"""The demo pipelines on the tiny world: every stage in every branch, every rule kept, idempotent."""

from __future__ import annotations

import datetime

import pytest

from tongxin.partylife.development import rules
from tongxin.partylife.development.demo import seed_development
from tongxin.partylife.development.models import Candidate, Stage
from tongxin.partylife.meetings.models import Meeting
from tongxin.partylife.meetings.tests.support import member
from tongxin.registry.party.models import PartyMember

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 5, 15)


def test_seed_development(world):
    for org in (world.branch1, world.branch2):
        for i in range(3):
            member(org, f"{org.name[:2]}党员{i}")
    members_before = PartyMember.objects.count()
    n = seed_development([world.committee.path], today=TODAY, seed=3)
    assert n["candidates"] == Candidate.objects.count() > 0
    for branch in (world.branch1, world.branch2):
        stages = set(Candidate.objects.filter(org=branch).values_list("stage", flat=True))
        assert set(Stage.values) - {Stage.DROPPED} <= stages
    # The resident unit's branch has no full members: only applicants, who need no contact person.
    assert set(Candidate.objects.filter(org=world.unit_branch).values_list("stage", flat=True)) == {"applicant"}
    qs = Candidate.objects.select_related(
        "org", "contact1__org", "contact2__org", "introducer1__org", "introducer2__org", "member"
    ).prefetch_related("admission_meeting", "confirmation_meeting")
    for c in qs:
        rules.check(rules.Facts.of(c), TODAY)  # raises on any broken rule
        if c.stage in (Stage.PROBATIONARY, Stage.FULL):
            assert c.member.status == ("full" if c.stage == Stage.FULL else "probationary")
            assert c.member.org_id == c.org_id
    # Something to do is shown: a talk overdue, a target allowed, a confirmation due.
    levels = {(c.stage, rules.next_due(c, TODAY).level) for c in Candidate.objects.all()}
    assert {("applicant", "overdue"), ("activist", "due")} <= levels
    assert ("probationary", "overdue") in levels or ("probationary", "due") in levels
    assert PartyMember.objects.count() == members_before + n["members"]
    assert Meeting.objects.count() == n["meetings"]
    # A second call adds nothing.
    assert seed_development([world.committee.path], today=TODAY, seed=3) == {
        "candidates": 0,
        "members": 0,
        "meetings": 0,
    }
    assert Candidate.objects.count() == n["candidates"]
