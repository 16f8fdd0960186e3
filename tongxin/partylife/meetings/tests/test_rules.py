"""The rules of a meeting: quorum at its boundary, who votes, what is refused (and then nothing is saved)."""

from __future__ import annotations

import pytest

from tongxin.partylife.meetings.models import Attendance, Meeting, MeetingKind
from tongxin.partylife.meetings.queries import Quorum, quorum, roster
from tongxin.partylife.meetings.services import AttendanceEntry, attendance_note, meeting_save
from tongxin.partylife.meetings.tests.support import at, make_meeting, member, recorder
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.models import AuditEvent
from tongxin.registry.party.models import OrgKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(at(2026, 3, 1), tick=False)


@pytest.mark.parametrize(
    "voting,present,met",
    [(4, 2, False), (4, 3, True), (5, 2, False), (5, 3, True), (1, 1, True), (1, 0, False), (0, 0, False)],
)
def test_quorum_needs_more_than_half(voting, present, met):
    assert Quorum(voting=voting, present=present).met is met
    assert Quorum(voting=voting, present=present).needed == voting // 2 + 1


def test_quorum_counts_full_members_of_this_branch_only(world):
    branch = world.branch1
    full = [world.member1, member(branch, "孙一"), member(branch, "孙二"), member(branch, "孙三")]
    probationary = member(branch, "预备甲", status="probationary")
    in_service = member(branch, "在职乙", kind="in_service")
    floating_in = member(branch, "流入丙", kind="floating_in")
    floating_out = member(branch, "流出丁", kind="floating_out")  # keeps the vote at home
    # Four full members here plus the one who floated out: 5 votes; 2 present is not enough.
    statuses = {full[0]: "present", full[1]: "present", full[2]: "excused", full[3]: "absent"}
    statuses |= {probationary: "present", in_service: "present", floating_in: "present", floating_out: "absent"}
    meeting = make_meeting(branch, statuses=statuses, takes_vote=True)
    assert quorum(meeting) == Quorum(voting=5, present=2)
    assert not quorum(meeting).met
    # One more full member present: 3 of 5 is more than half.
    row = meeting.attendances.get(member=full[2])
    meeting_save(
        actor=recorder(),
        org=branch,
        meeting=meeting,
        fields={"kind": "general", "starts_at": meeting.starts_at, "takes_vote": True},
        attendance=[
            AttendanceEntry(a.member_id, "present" if a.pk == row.pk else a.status, a.reason)
            for a in meeting.attendances.all()
        ],
    )
    assert quorum(meeting) == Quorum(voting=5, present=3)
    assert quorum(meeting).met


def test_confirmation_later_does_not_rewrite_an_old_quorum(world):
    probationary = member(world.branch1, "预备甲", status="probationary")
    meeting = make_meeting(world.branch1, statuses={world.member1: "present", probationary: "present"})
    probationary.status = "full"
    probationary.save()
    assert quorum(meeting) == Quorum(voting=1, present=1)


def test_roster_holds_group_members_but_not_a_nested_branch(world):
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.party.models import Organization

    group = node_insert(Organization(parent=world.branch1, kind=OrgKind.GROUP, name="1号楼党小组"))
    in_group = member(group, "组员")
    assert set(roster(world.branch1)) == {world.member1, in_group}
    assert set(roster(group)) == {in_group}
    # The committee's own roster does not reach into its branches or the joint committee.
    assert list(roster(world.committee)) == []


def test_a_meeting_in_the_future_takes_no_minutes_and_no_attendance(world):
    with pytest.raises(DomainError) as exc:
        make_meeting(world.branch1, starts_at=at(2026, 3, 20), minutes="已开", statuses={world.member1: "present"})
    assert set(exc.value.error_dict) == {"minutes", "attendance"}
    assert not Meeting.objects.exists()
    # Planned without either: allowed.
    assert make_meeting(world.branch1, starts_at=at(2026, 3, 20)).pk


def test_attendance_only_for_members_of_the_organization(world):
    with pytest.raises(DomainError, match="名单中有人不是该党组织的党员") as exc:
        make_meeting(world.branch1, statuses={world.member2: "present"})  # 钱党员 is in branch 2
    assert "attendance" in exc.value.error_dict
    assert not Meeting.objects.exists() and not Attendance.objects.exists()
    assert not AuditEvent.objects.filter(object_type="meetings.meeting").exists()


@pytest.mark.parametrize(
    "fields,entry,field,message",
    [
        ({"kind": "lecture", "title": "", "lecturer": ""}, None, "lecturer", "党课须填写授课人"),
        ({"kind": "committee", "takes_vote": True}, None, "takes_vote", "只有支部党员大会才进行表决"),
        ({"kind": "general"}, ("excused", "", ""), "attendance", "请填写 赵党员 的请假原因"),
        ({"kind": "general"}, ("present", "", "excellent"), "attendance", "只有民主评议党员才需要评定等次"),
        ({"kind": "review"}, ("present", "", "superb"), "attendance", "请为 赵党员 选择评议等次"),
        ({"kind": "general"}, ("asleep", "", ""), "attendance", "请为 赵党员 选择出席、请假或缺席"),
        (
            {"kind": "general", "starts_at": at(1900, 1, 1)},
            None,
            "starts_at",
            "只能登记 1990 年以后的会议，最多提前一年安排",
        ),
        (
            {"kind": "general", "starts_at": at(2099, 1, 1)},
            None,
            "starts_at",
            "只能登记 1990 年以后的会议，最多提前一年安排",
        ),
        ({"kind": "party"}, None, "kind", "请选择会议类型"),
    ],
)
def test_refusals_save_nothing(world, fields, entry, field, message):
    data = {"starts_at": at(2026, 2, 1), **fields}
    entries = [AttendanceEntry(world.member1.pk, *entry)] if entry else []
    with pytest.raises(DomainError) as exc:
        meeting_save(actor=recorder(), org=world.branch1, fields=data, attendance=entries)
    assert field in exc.value.error_dict
    assert message in " ".join(exc.value.message_dict[field])
    assert Meeting.objects.count() == 0 and Attendance.objects.count() == 0


def test_review_records_ratings(world):
    meeting = make_meeting(world.branch1, kind=MeetingKind.REVIEW, statuses={})
    meeting_save(
        actor=recorder(),
        org=world.branch1,
        meeting=meeting,
        fields={"kind": "review", "starts_at": meeting.starts_at},
        attendance=[AttendanceEntry(world.member1.pk, "present", "", "excellent")],
    )
    assert meeting.attendances.get().rating == "excellent"


def test_a_member_marks_read_and_writes_a_note_and_then_stays_on_the_list(world, party_member):
    meeting = make_meeting(world.branch1, statuses={world.member1: "present"})
    row = meeting.attendances.get()
    attendance_note(actor=party_member, attendance=row, note="  学习了党章第二章  ")
    row.refresh_from_db()
    assert row.read_at and row.study_note == "学习了党章第二章" and row.study_note_at
    with pytest.raises(DomainError, match="赵党员 已为这次会议写了学习心得，不能从名单中去掉"):
        meeting_save(
            actor=recorder(),
            org=world.branch1,
            meeting=meeting,
            fields={"kind": "general", "starts_at": meeting.starts_at},
            attendance=[AttendanceEntry(world.member1.pk, "")],
        )
    assert meeting.attendances.count() == 1


def test_only_the_member_writes_their_note(world, org_secretary):
    meeting = make_meeting(world.branch1, statuses={world.member1: "present"})
    with pytest.raises(DomainError, match="只有党员本人才能标记自己的会议"):
        attendance_note(actor=org_secretary, attendance=meeting.attendances.get(), note="代写")


def test_create_and_update_are_audited(world, org_secretary):
    meeting = make_meeting(
        world.branch1, statuses={world.member1: "present"}, actor=org_secretary, place="党群服务中心"
    )
    meeting_save(
        actor=org_secretary,
        org=world.branch1,
        meeting=meeting,
        fields={"kind": "general", "starts_at": meeting.starts_at, "place": "会议室"},
        attendance=[AttendanceEntry(world.member1.pk, "absent")],
    )
    events = list(AuditEvent.objects.filter(object_type="meetings.meeting", object_id=str(meeting.pk)).order_by("id"))
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].changes["place"] == ["党群服务中心", "会议室"]
    assert events[1].changes["attendance_absent"] == 1
