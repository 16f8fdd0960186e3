"""Every write of programmes checks its actor itself: the wrong person is refused in the service."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser

from tongxin.platform.core.exceptions import Forbidden
from tongxin.volunteering.programmes import services
from tongxin.volunteering.programmes.models import EnrolmentSource, EnrolmentStatus, ProgrammeKind
from tongxin.volunteering.programmes.tests.support import START, child_args, programme, session, staff, volunteer

D = datetime.date
FIELDS: dict[str, Any] = {
    "kind": ProgrammeKind.LECTURE, "title": "社区大讲堂", "place": "会议室", "start_date": START,
    "end_date": START, "capacity": 50, "audience": "anyone",
}  # fmt: skip
TIME: dict[str, Any] = {"starts_at": datetime.time(16, 30), "ends_at": datetime.time(18, 0)}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def setup(world):
    teacher = volunteer(world.community, "王老师")
    p = programme(world.community, teachers=[teacher])
    s = session(p, START)
    e = services.enrolment_create(actor=staff(), programme=p, **child_args())
    return p, s, e


WRITES: dict[str, Callable[..., Any]] = {
    "programme_create": lambda w, p, s, e, a: services.programme_create(actor=a, area=w.community, **FIELDS),
    "programme_update": lambda w, p, s, e, a: services.programme_update(actor=a, programme=p, **FIELDS),
    "session_add": lambda w, p, s, e, a: services.session_add(actor=a, programme=p, date=D(2026, 3, 3), **TIME),
    "sessions_repeat": lambda w, p, s, e, a: services.sessions_repeat(
        actor=a, programme=p, first=START, last=D(2026, 3, 31), weekdays=[0, 2], **TIME
    ),
    "session_mark_held": lambda w, p, s, e, a: services.session_mark_held(actor=a, session=s),
    "attendance_record": lambda w, p, s, e, a: services.attendance_record(actor=a, session=s, present_ids=[e.pk]),
    "enrolment_create (desk)": lambda w, p, s, e, a: services.enrolment_create(
        actor=a, programme=p, **child_args(name="李小红", phone="13900001111")
    ),
    "enrolment_cancel": lambda w, p, s, e, a: services.enrolment_cancel(actor=a, enrolment=e),
    "enrolment_reveal": lambda w, p, s, e, a: services.enrolment_reveal(actor=a, enrolment=e),
}
WRONG = ["street_officer", "grid_worker", "party_member", "outsider", "anonymous"]
# REVEAL reaches the subdistrict officer (who may not run the programme): see the permission matrix.
ALLOWED = {("enrolment_reveal", "street_officer")}


@pytest.mark.parametrize(
    "write,wrong", [(write, wrong) for write in sorted(WRITES) for wrong in WRONG if (write, wrong) not in ALLOWED]
)
def test_the_wrong_actor_is_refused_by_the_service(request, world, setup, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, *setup, actor)
    assert info.value.code == "forbidden"


@pytest.mark.parametrize("write", sorted(WRITES))
def test_another_communitys_secretary_is_refused(world, setup, write):
    from conftest import _make_user

    other = _make_user("t_other_secretary", "community", world.other_community.pk)
    with pytest.raises(Forbidden):
        WRITES[write](world, *setup, other)


def test_a_resident_without_an_account_enrols_and_cancels_online(world, setup):
    p, _s, _e = setup
    enrolment = services.enrolment_create(
        actor=None, programme=p, source=EnrolmentSource.PUBLIC, **child_args(name="李小红", phone="13900001111")
    )
    assert enrolment.status == EnrolmentStatus.ENROLLED
    # Only the public page's apply step cancels without an account, after the page's own proof.
    with pytest.raises(Forbidden):
        services.enrolment_cancel(actor=AnonymousUser(), enrolment=enrolment)
    assert services.enrolment_cancel_apply(actor=None, enrolment=enrolment).status == EnrolmentStatus.CANCELLED


def test_the_community_secretary_runs_the_programme(world, setup, secretary):
    p, s, e = setup
    assert services.programme_update(actor=secretary, programme=p, **FIELDS).title == "社区大讲堂"
    assert services.attendance_record(actor=secretary, session=s, present_ids=[e.pk]) == 1
    assert services.session_mark_held(actor=secretary, session=s).held_at is not None
    assert services.enrolment_reveal(actor=secretary, enrolment=e) == "13812345678"
    assert services.enrolment_cancel(actor=secretary, enrolment=e).status == EnrolmentStatus.CANCELLED
