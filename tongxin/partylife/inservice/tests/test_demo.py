"""The demo's reporting in and needy help on the tiny world: plausible, bounded by today, idempotent."""

from __future__ import annotations

import datetime

import pytest

from tongxin.partylife.inservice.demo import seed_inservice
from tongxin.partylife.inservice.models import NeedyHelp, ReportIn, ServiceLog
from tongxin.partylife.meetings.tests.support import member
from tongxin.partylife.points.models import Post

pytestmark = pytest.mark.django_db


def test_seed_inservice(world):
    people = [member(world.branch1 if i % 2 else world.unit_branch, f"在职{i}", kind="in_service") for i in range(40)]
    Post.objects.create(org=world.branch1, kind="claimed", title="楼道清洁认领岗")
    today = datetime.date(2026, 5, 15)
    n = seed_inservice([world.committee.path], [world.district.path], today=today, seed=7)
    reports = list(ReportIn.objects.select_related("community"))
    logs = list(ServiceLog.objects.select_related("report_in"))
    helps = list(NeedyHelp.objects.all())
    assert n == len(reports) + len(logs) + len(helps)
    # Most in-service members reported in, one community at a time, and only they did.
    active = [r for r in reports if r.active]
    assert 25 <= len(active) <= 40
    assert len({r.member_id for r in active}) == len(active)
    assert {r.member_id for r in reports} <= {p.pk for p in people}
    assert {r.community.level for r in reports} == {"community"}
    # Branch 1 is built in 甲社区: its members report in there.
    assert all(r.community_id == world.community.pk for r in active if r.member.org_id == world.branch1.pk)
    assert any(r.claimed_post_id for r in active)
    # Service lies between reporting in (or the ending) and today; some did nothing this year.
    assert logs and all(r.report_in.reported_on <= r.served_on < today for r in logs)
    assert all(r.report_in.ended_on is None or r.served_on <= r.report_in.ended_on for r in logs)
    served = {r.report_in_id for r in logs if r.served_on.year == 2026}
    assert 0 < len(served) < len(active)
    assert any(not r.confirmed for r in logs)
    # The world's needy member (钱党员) was helped, never after today, money only for material help.
    assert {h.member_id for h in helps} == {world.member2.pk}
    assert all(h.given_on < today and (h.amount is not None) == (h.kind == "material") for h in helps)
    # A second call adds nothing.
    assert seed_inservice([world.committee.path], [world.district.path], today=today, seed=7) == 0
