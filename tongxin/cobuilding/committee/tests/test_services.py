"""Services of the big committee: terms, the agenda deadline, attendance, decisions made
projects, and who may do what (Forbidden)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from tongxin.cobuilding.committee import services
from tongxin.cobuilding.committee.models import AgendaItem, JointCommittee, JointMeeting, Seat
from tongxin.cobuilding.committee.notices import term_notices_send
from tongxin.cobuilding.committee.tests.support import committee, held, meeting, staff
from tongxin.cobuilding.projects.models import Need, Project
from tongxin.cobuilding.projects.services import raise_need
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.models import AuditEvent
from tongxin.platform.inbox.models import Notification

pytestmark = pytest.mark.django_db


def test_a_seat_keeps_its_phone_encrypted_and_masked_and_the_log_never_has_it(world: Any) -> None:
    c = committee(world.community, seats=1)
    seat = c.seats.get()
    assert seat.phone_masked == "138****5678" and "13812345678" not in seat.phone_enc
    assert seat.phone_plain() == "13812345678"
    event = AuditEvent.objects.get(action="create", object_type="committee.seat", object_id=str(seat.pk))
    assert "13812345678" not in str(event.changes)


def test_a_term_must_end_after_it_starts(world: Any) -> None:
    c = committee(world.community, seats=0)
    with pytest.raises(DomainError):
        services.seat_add(
            actor=staff(), committee=c, name="王", post="member", full_time=False,
            starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2025, 1, 1),
        )  # fmt: skip


def test_a_part_time_member_comes_from_a_unit_of_the_community(world: Any) -> None:
    c = committee(world.community, seats=0)
    with pytest.raises(DomainError) as exc:
        services.seat_add(
            actor=staff(), committee=c, name="王", post="member", full_time=False, unit=world.other_unit,
            starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2027, 1, 1),
        )  # fmt: skip
    assert "unit" in exc.value.error_dict


def test_leaving_is_kept_with_the_day_and_happens_once(world: Any) -> None:
    c = committee(world.community, seats=2)
    seat = c.seats.order_by("id").last()
    assert seat is not None
    services.seat_leave(actor=staff(), seat=seat, left_on=datetime.date(2026, 3, 1))
    assert Seat.objects.get(pk=seat.pk).left_on == datetime.date(2026, 3, 1)
    with pytest.raises(DomainError):
        services.seat_leave(actor=staff(), seat=seat, left_on=datetime.date(2026, 3, 2))


def test_only_cobuilding_staff_of_the_community_write(world: Any, street_officer: Any, secretary: Any) -> None:
    with pytest.raises(Forbidden):
        committee_create = services.committee_create
        committee_create(
            actor=street_officer, community=world.community, name="大党委", kind="big",
            term_starts_on=datetime.date(2026, 1, 1), term_ends_on=datetime.date(2031, 1, 1),
        )  # fmt: skip
    other = committee(world.other_community, seats=0)
    with pytest.raises(Forbidden):
        services.seat_add(
            actor=secretary, committee=other, name="王", post="member", full_time=False,
            starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2027, 1, 1),
        )  # fmt: skip
    mine = services.committee_create(
        actor=secretary, community=world.community, name="甲社区大党委", kind="big",
        term_starts_on=datetime.date(2026, 1, 1), term_ends_on=datetime.date(2031, 1, 1),
    )  # fmt: skip
    assert mine.pk


def test_a_planned_meeting_expects_the_serving_members(world: Any) -> None:
    c = committee(world.community, seats=3)
    services.seat_leave(actor=staff(), seat=c.seats.order_by("id")[2], left_on=datetime.date(2025, 1, 1))
    m = meeting(c)
    assert sorted(m.attendance.values_list("name", flat=True)) == ["委员1", "委员2"]


def test_the_agenda_takes_proposals_until_agenda_days_before_then_refuses_clearly(world: Any) -> None:
    c = committee(world.community, seats=1)
    m = meeting(c, days=20)
    day = timezone.localdate(m.starts_at)
    last = day - datetime.timedelta(days=15)
    item = services.agenda_propose(actor=staff(), meeting=m, title="停车难", today=last)
    assert item.status == AgendaItem.Status.PROPOSED
    with pytest.raises(DomainError) as exc:
        services.agenda_propose(actor=staff(), meeting=m, title="太晚了", today=last + datetime.timedelta(days=1))
    assert "15" in exc.value.messages[0]
    assert m.agenda.count() == 1


def test_a_unit_contact_proposes_for_their_unit_and_nobody_else_may(
    world: Any, unit_contact: Any, outsider: Any, grid_worker: Any, django_capture_on_commit_callbacks: Any
) -> None:
    c = committee(world.community, seats=1)
    m = meeting(c, days=30)
    item = services.agenda_propose(actor=unit_contact, meeting=m, title="医院停车", unit=world.unit)
    assert item.proposer_unit == world.unit and item.proposed_by == unit_contact
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_review(actor=staff(), item=item, accept=True)
    assert Notification.objects.filter(recipient=unit_contact, title__contains="医院停车").count() == 1
    for who in (outsider, grid_worker):
        with pytest.raises(Forbidden):
            services.agenda_propose(actor=who, meeting=m, title="不许")
    other = meeting(committee(world.other_community, seats=0), days=30)
    with pytest.raises(Forbidden):
        services.agenda_propose(actor=unit_contact, meeting=other, title="别的社区")


def test_a_seat_holder_with_an_account_proposes(world: Any, outsider: Any) -> None:
    c = committee(world.community, seats=1)
    services.seat_update(actor=staff(), seat=c.seats.get(), user=outsider)
    m = meeting(c, days=30)
    assert services.agenda_propose(actor=outsider, meeting=m, title="委员提议").proposed_by == outsider


def test_review_then_record_and_attendance(world: Any) -> None:
    c = committee(world.community, seats=2)
    m = held(c)
    m.refresh_from_db()
    assert m.status == JointMeeting.Status.HELD and m.chair == "委员1"
    item = m.agenda.get()
    assert item.status == AgendaItem.Status.DECIDED and item.decision == "由示范医院每月义诊一次"
    rows = list(m.attendance.order_by("id"))
    assert [(r.name, r.present) for r in rows] == [("委员1", True), ("委员2", False), ("嘉宾甲", True)]
    # The agenda of a held meeting no longer changes.
    with pytest.raises(DomainError):
        services.agenda_review(actor=staff(), item=item, accept=False)


def test_a_meeting_is_recorded_only_once_it_has_begun(world: Any) -> None:
    m = meeting(committee(world.community, seats=1), days=3)
    with pytest.raises(DomainError):
        services.meeting_record(actor=staff(), meeting=m, chair="甲", clerk="乙", summary="", items={})


def test_a_decision_becomes_a_project_through_a_need_raised_from_the_meeting(world: Any, secretary: Any) -> None:
    m = held(committee(world.community, seats=1))
    item = m.agenda.get()
    project = services.item_make_project(actor=secretary, item=item, unit=world.unit, category="health")
    need = project.need
    assert need.source == Need.Source.MEETING and need.source_id == item.pk and need.source_label == m.title
    assert need.status == Need.Status.CLAIMED and project.unit == world.unit
    assert project.state == Project.State.CLAIMED
    item.refresh_from_db()
    assert item.project == project
    with pytest.raises(DomainError):
        services.item_make_project(actor=secretary, item=item, unit=world.unit)


def test_a_decision_can_take_on_an_existing_need(world: Any, secretary: Any, street_officer: Any) -> None:
    m = held(committee(world.community, seats=1))
    item = m.agenda.get()
    need = raise_need(actor=secretary, community=world.community, title="老人体检", category="health")
    with pytest.raises(Forbidden):
        services.item_make_project(actor=street_officer, item=item, unit=world.unit, need=need)
    project = services.item_make_project(actor=secretary, item=item, unit=world.unit, need=need)
    assert project.need == need and Need.objects.count() == 1


def test_an_undecided_item_is_not_a_project(world: Any) -> None:
    c = committee(world.community, seats=1)
    m = meeting(c)
    item = services.agenda_propose(actor=staff(), meeting=m, title="未决")
    with pytest.raises(DomainError):
        services.item_make_project(actor=staff(), item=item, unit=world.unit)


def test_term_reminders_are_sent_once_per_term_end(world: Any, secretary: Any) -> None:
    today = datetime.date(2026, 5, 1)
    c = committee(world.community, seats=2, term_ends_on=datetime.date(2026, 6, 20))
    seat = c.seats.order_by("id")[1]
    services.seat_update(actor=staff(), seat=seat, ends_on=datetime.date(2026, 6, 10))
    # The committee and the second seat; the first seat's term runs to 2029.
    assert term_notices_send(today=today) == 2
    assert term_notices_send(today=today) == 0
    titles = list(Notification.objects.filter(recipient=secretary).values_list("title", flat=True))
    assert len(titles) == 2 and any("换届" in t or "election" in t for t in titles)
    # A renewed term is told again when it comes near.
    JointCommittee.objects.filter(pk=c.pk).update(term_ends_on=datetime.date(2026, 6, 25))
    assert term_notices_send(today=today) == 1
