"""The demo's meetings: two years, attendance from the roster, some branches behind, idempotent."""

from __future__ import annotations

import datetime

import pytest

from tongxin.partylife.meetings.compliance import compliance_matrix
from tongxin.partylife.meetings.demo import seed_meetings
from tongxin.partylife.meetings.models import Attendance, Meeting
from tongxin.partylife.meetings.tests.support import at, member

pytestmark = pytest.mark.django_db


def test_seed_meetings(world):
    for i in range(8):
        member(world.branch1, f"演示党员{i}")
    today = datetime.date(2026, 5, 15)
    # Every organization behind, so missed meetings are certain to show.
    counts = seed_meetings(root_paths=[world.committee.path], today=today, seed=3, behind_share=1.0)
    assert counts["meetings"] == Meeting.objects.count() > 50
    assert counts["attendance"] == Attendance.objects.count() > 0
    first = Meeting.objects.order_by("starts_at").first().starts_at.date()
    last = Meeting.objects.order_by("starts_at").last().starts_at.date()
    assert first >= datetime.date(2025, 1, 1) and last < today
    # Attendance only for members of the meeting's own branch.
    assert not Attendance.objects.exclude(member__org_id__in=[world.branch1.pk, world.branch2.pk]).exists()
    assert not Attendance.objects.filter(meeting__org=world.branch2).exclude(member=world.member2).exists()
    # Branch 1 has 9 members: it owes committee meetings, and only the committee sits in them.
    committee = Meeting.objects.filter(org=world.branch1, kind="committee").first()
    assert committee is not None and committee.attendances.count() == 5
    matrix = compliance_matrix(root=world.committee, year=2025, at=at(2026, 5, 15))
    assert matrix.total("done") > matrix.total("missed") > 0
    # A second call adds nothing.
    assert seed_meetings(root_paths=[world.committee.path], today=today, seed=3)["meetings"] == 0
