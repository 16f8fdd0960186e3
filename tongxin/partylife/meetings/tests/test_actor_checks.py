"""Every write of organizational life checks its actor itself: the wrong person is refused in the service."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tongxin.partylife.meetings import services
from tongxin.partylife.meetings.models import Attendance, MeetingFile
from tongxin.partylife.meetings.requirements import requirement_set
from tongxin.partylife.meetings.tests.support import make_meeting, matrix_file, matrix_meeting
from tongxin.platform.core.exceptions import Forbidden
from tongxin.registry.party.models import OrgKind

WRITES = {
    "meeting_save": lambda w, a: services.meeting_save(
        actor=a, org=w.branch1, fields={"kind": "general", "starts_at": matrix_meeting(w).starts_at}
    ),
    "meeting_delete": lambda w, a: services.meeting_delete(actor=a, meeting=make_meeting(w.branch1)),
    "meeting_file_delete": lambda w, a: services.meeting_file_delete(
        actor=a, meeting_file=MeetingFile.objects.get(pk=matrix_file(w)[1])
    ),
    "attendance_note": lambda w, a: services.attendance_note(
        actor=a, attendance=Attendance.objects.get(meeting=matrix_meeting(w), member=w.member1), note="学习"
    ),
    "requirement_set": lambda w, a: requirement_set(
        actor=a, org_kind=OrgKind.BRANCH, meeting_kind="general", period="none", min_members=0
    ),
}


@pytest.mark.parametrize("wrong", ["grid_worker", "neighbour_grid_worker", "outsider", "anonymous"])
@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_wrong_actor_is_refused_by_the_service(request, world, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, actor)
    assert info.value.code == "forbidden"


def test_another_branch_secretary_may_not_record_for_branch_one(world):
    from conftest import _make_user

    other = _make_user("t_branch2", "org_secretary", world.branch2.pk)
    with pytest.raises(Forbidden):
        services.meeting_delete(actor=other, meeting=make_meeting(world.branch1))
