"""The demo's committees: the estate's liaison committee with its 13 branches and their ~590
members as people, the large community's 大党委 on schedule with a decision made a project and a
meeting taking proposals, one committee behind schedule. Collected by
tongxin/interfaces/demo/tests/test_seed_demo.py (the one tiny seeded demo)."""

from __future__ import annotations

import datetime

from tongxin.cobuilding.committee import queries, rules
from tongxin.cobuilding.committee.models import AgendaItem, JointCommittee, JointMeeting
from tongxin.cobuilding.projects.models import Need
from tongxin.interfaces.demo.tests.support import TODAY
from tongxin.registry.cobuild.models import ResidentUnit


def test_the_estate_committee_counts_its_members_as_people() -> None:
    liaison = JointCommittee.objects.get(kind=JointCommittee.Kind.LIAISON)
    branches = queries.branches_with_counts(liaison)
    assert len(branches) == 13
    # Each branch holds as many people as its unit said it had members.
    counts = dict(ResidentUnit.objects.filter(org__in=[b.org for b in branches]).values_list("org_id", "member_count"))
    assert {b.org_id: b.n for b in branches} == counts  # type: ignore[attr-defined]
    assert queries.members_total(branches) == sum(counts.values()) == 590
    assert queries.committee_members(branches).exclude(phone_masked="").count() > 400


def test_the_large_big_committee_meets_on_schedule_and_its_decision_became_a_project() -> None:
    big = JointCommittee.objects.get(kind=JointCommittee.Kind.BIG, name__endswith="大党委")
    seats = big.seats.filter(left_on__isnull=True)
    assert seats.filter(full_time=True).count() == 3 and seats.filter(full_time=False, unit__isnull=False).count() == 6
    soon = seats.filter(ends_on__lte=rules.term_notice_until(TODAY), ends_on__gte=TODAY)
    assert soon.count() == 1
    assert not JointCommittee.objects.filter(pk=big.pk).filter(queries.behind_q(TODAY)).exists()
    held = big.meetings.filter(status=JointMeeting.Status.HELD)
    assert held.count() == 3 and all(m.chair and m.clerk for m in held)
    project_items = AgendaItem.objects.filter(meeting__committee=big, project__isnull=False)
    assert project_items.count() == 1
    assert project_items.get().project.need.source == Need.Source.MEETING
    planned = big.meetings.get(status=JointMeeting.Status.PLANNED)
    day = planned.starts_at.date()
    assert rules.agenda_open(day, big.agenda_days, TODAY) and day <= TODAY + datetime.timedelta(days=62)
    assert planned.agenda.count() == 2


def test_one_committee_is_behind_schedule() -> None:
    behind = JointCommittee.objects.filter(queries.behind_q(TODAY))
    assert behind.count() == 1
    assert behind.get().meetings.filter(status=JointMeeting.Status.HELD).count() == 1
