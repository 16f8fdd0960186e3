"""Programme services: seats and the waiting list, age rules, duplicates, sessions, teachers' hours."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
import time_machine
from django.db import connection

from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.models import AuditEvent
from tongxin.volunteering.programmes import services
from tongxin.volunteering.programmes.models import (
    Attendance,
    Audience,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Programme,
    ProgrammeKind,
    Session,
)
from tongxin.volunteering.programmes.tests.support import (
    CHILD_BIRTH,
    END,
    START,
    child_args,
    programme,
    session,
    staff,
    volunteer,
)
from tongxin.volunteering.service.models import HoursSource, ServiceHours

D = datetime.date
T = datetime.time
NOW = datetime.datetime(2026, 2, 20, 10, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def enrol(p, secretary, name, *, phone="13812345678", birth=CHILD_BIRTH, **extra):
    return services.enrolment_create(
        actor=secretary, programme=p, name=name, phone=phone, birth_date=birth, guardian_name="家长", **extra
    )


def errors_of(exc: pytest.ExceptionInfo) -> dict:
    return exc.value.message_dict


# Seats and the waiting list


def test_seats_then_waiting_list_in_order(world, secretary):
    p = programme(world.community, capacity=2)
    a, b = enrol(p, secretary, "甲"), enrol(p, secretary, "乙")
    c, d = enrol(p, secretary, "丙"), enrol(p, secretary, "丁")
    assert [e.status for e in (a, b, c, d)] == ["enrolled", "enrolled", "waiting", "waiting"]
    assert services.waiting_rank(c) == 1 and services.waiting_rank(d) == 2
    p.refresh_from_db()
    assert p.enrolled == 2 and p.seats_left == 0
    assert len(a.code) == 8 and a.code != b.code


def test_cancelling_a_seat_moves_the_first_waiting_up(world, secretary):
    p = programme(world.community, capacity=1)
    a, b, c = enrol(p, secretary, "甲"), enrol(p, secretary, "乙"), enrol(p, secretary, "丙")
    services.enrolment_cancel(actor=secretary, enrolment=a)
    b.refresh_from_db()
    c.refresh_from_db()
    p.refresh_from_db()
    assert b.status == EnrolmentStatus.ENROLLED and b.waiting_position is None
    assert c.status == EnrolmentStatus.WAITING and services.waiting_rank(c) == 1
    assert p.enrolled == 1
    with pytest.raises(DomainError, match="该报名已经取消"):
        services.enrolment_cancel(actor=secretary, enrolment=a)


def test_cancelling_a_waiting_place_keeps_the_seats(world, secretary):
    p = programme(world.community, capacity=1)
    enrol(p, secretary, "甲")
    b, c = enrol(p, secretary, "乙"), enrol(p, secretary, "丙")
    services.enrolment_cancel(actor=secretary, enrolment=b)
    c.refresh_from_db()
    p.refresh_from_db()
    assert p.enrolled == 1 and c.status == EnrolmentStatus.WAITING and services.waiting_rank(c) == 1


def test_cancelling_with_nobody_waiting_gives_the_seat_back(world, secretary):
    p = programme(world.community, capacity=1)
    a = enrol(p, secretary, "甲")
    services.enrolment_cancel(actor=secretary, enrolment=a)
    p.refresh_from_db()
    assert p.enrolled == 0
    assert enrol(p, secretary, "乙").status == EnrolmentStatus.ENROLLED


def test_more_seats_let_those_waiting_in(world, secretary):
    p = programme(world.community, capacity=1)
    enrol(p, secretary, "甲")
    b = enrol(p, secretary, "乙")
    data = {f: getattr(p, f) for f in services.PROGRAMME_FIELDS} | {"capacity": 2}
    services.programme_update(actor=secretary, programme=p, **data)
    b.refresh_from_db()
    assert b.status == EnrolmentStatus.ENROLLED
    data["capacity"] = 1
    with pytest.raises(DomainError, match="已有 2 人报名；请先取消部分报名再减少名额") as exc:
        services.programme_update(actor=secretary, programme=p, **data)
    assert "capacity" in errors_of(exc)


@pytest.mark.django_db(transaction=True)
def test_the_last_seat_goes_to_exactly_one_of_two_at_once(world, secretary):
    p = programme(world.community, capacity=1)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def act(name: str, phone: str) -> None:
        try:
            mine = Programme.objects.get(pk=p.pk)
            barrier.wait()
            results.append(enrol(mine, None, name, phone=phone, source=EnrolmentSource.PUBLIC).status)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("甲", "13812345678")),
        threading.Thread(target=act, args=("乙", "13912345678")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["enrolled", "waiting"]
    p.refresh_from_db()
    assert p.enrolled == 1
    assert Enrolment.objects.filter(programme=p, status="enrolled").count() == 1


# Who may enrol


def test_the_same_child_cannot_enrol_twice_but_may_again_after_cancelling(world, secretary):
    p = programme(world.community)
    first = enrol(p, secretary, "张小明")
    with pytest.raises(DomainError) as exc:
        enrol(p, secretary, " 张小明 ")
    assert "已报名该课程班" in str(exc.value)
    # A sibling with the same phone is another child.
    enrol(p, secretary, "张小红", birth=D(2015, 1, 1))
    services.enrolment_cancel(actor=secretary, enrolment=first)
    assert enrol(p, secretary, "张小明").status == EnrolmentStatus.ENROLLED


@pytest.mark.parametrize(
    "birth,ok",
    [
        (D(2020, 3, 2), True),  # 6 on the first day exactly
        (D(2020, 3, 3), False),  # turns 6 a day too late
        (D(2013, 3, 3), True),  # still 12 on the first day
        (D(2013, 3, 2), False),  # 13 on the first day
    ],
)
def test_age_on_the_first_day_decides(world, secretary, birth, ok):
    p = programme(world.community, min_age=6, max_age=12)
    if ok:
        assert enrol(p, secretary, "孩子", birth=birth).status == EnrolmentStatus.ENROLLED
    else:
        with pytest.raises(DomainError, match=r"该课程班面向 (6 岁及以上|12 岁及以下)；到 2026-03-02 参加人为") as exc:
            enrol(p, secretary, "孩子", birth=birth)
        assert "birth_date" in errors_of(exc)


def test_a_child_needs_a_birth_date_and_a_guardian(world, secretary):
    p = programme(world.community, min_age=None, max_age=None)
    with pytest.raises(DomainError) as exc:
        services.enrolment_create(actor=secretary, programme=p, name="小明", phone="", birth_date=None)
    assert set(errors_of(exc)) == {"birth_date", "guardian_name"}


def test_adults_only_and_anyone(world, secretary):
    adults = programme(
        world.community, "太极拳", kind=ProgrammeKind.INTEREST, audience=Audience.ADULTS, min_age=None, max_age=None
    )
    with pytest.raises(DomainError, match="该课程班面向成年人（18岁及以上）"):
        services.enrolment_create(actor=secretary, programme=adults, name="小明", phone="", birth_date=D(2015, 1, 1))
    assert services.enrolment_create(actor=secretary, programme=adults, name="王大妈", phone="").status == "enrolled"
    lecture = programme(
        world.community, "健康讲座", kind=ProgrammeKind.LECTURE, audience=Audience.ANYONE, min_age=None, max_age=None
    )
    assert services.enrolment_create(actor=secretary, programme=lecture, name="李四", phone="").status == "enrolled"


def test_online_needs_a_published_programme_and_a_phone(world):
    p = programme(world.community, is_published=False)
    with pytest.raises(DomainError) as exc:
        services.enrolment_create(actor=None, programme=p, source=EnrolmentSource.PUBLIC, **child_args(phone=""))
    assert set(errors_of(exc)) == {"__all__", "phone"}


def test_an_ended_programme_takes_nobody(world, secretary):
    p = programme(world.community, start_date=D(2025, 3, 1), end_date=D(2025, 6, 30))
    with pytest.raises(DomainError, match="该课程班已结束"):
        enrol(p, secretary, "甲", birth=D(2017, 1, 1))


def test_phone_is_stored_encrypted_and_masked_and_audited_masked(world, secretary):
    p = programme(world.community)
    e = enrol(p, secretary, "张小明")
    assert e.phone_masked == "138****5678" and "13812345678" not in e.phone_enc
    assert e.phone_plain() == "13812345678"
    event = AuditEvent.objects.filter(object_type="programmes.enrolment", object_id=str(e.pk)).get()
    assert "13812345678" not in str(event.changes)
    services.enrolment_reveal(actor=secretary, enrolment=e)
    assert AuditEvent.objects.filter(action="reveal", object_id=str(e.pk)).exists()


# Programmes and sessions


def test_programme_rules(world, secretary):
    base = {
        "kind": ProgrammeKind.SUMMER_CARE,
        "title": "暑期托管班",
        "place": "社区活动室",
        "start_date": D(2026, 7, 6),
        "end_date": D(2026, 8, 28),
        "capacity": 80,
        "audience": Audience.CHILDREN,
        "min_age": 6,
        "max_age": 12,
    }
    other_teacher = volunteer(world.other_community, "乙老师")
    with pytest.raises(DomainError) as exc:
        services.programme_create(
            actor=secretary,
            area=world.grid1,
            teachers=[other_teacher],
            **base | {"end_date": D(2026, 7, 1), "capacity": 0, "max_age": 3, "kind": "circus"},
        )
    assert set(errors_of(exc)) == {"area", "teachers", "end_date", "capacity", "max_age", "kind"}
    teacher = volunteer(world.community, "王老师")
    p = services.programme_create(actor=secretary, area=world.community, teachers=[teacher], **base)
    assert list(p.teachers.all()) == [teacher] and p.enrolled == 0


def test_every_weekday_from_to_across_a_month_end(world, secretary):
    p = programme(world.community)
    made = services.sessions_repeat(
        actor=secretary,
        programme=p,
        first=D(2026, 3, 26),
        last=D(2026, 4, 3),
        weekdays=[0, 1, 2, 3, 4],
        starts_at=T(16, 30),
        ends_at=T(18, 0),
    )
    assert [s.date for s in made] == [D(2026, 3, 26), D(2026, 3, 27), D(2026, 3, 30), D(2026, 3, 31), D(2026, 4, 1),
                                      D(2026, 4, 2), D(2026, 4, 3)]  # fmt: skip
    again = services.sessions_repeat(
        actor=secretary,
        programme=p,
        first=D(2026, 3, 26),
        last=D(2026, 4, 6),
        weekdays=[0, 1, 2, 3, 4],
        starts_at=T(16, 30),
        ends_at=T(18, 0),
    )
    assert [s.date for s in again] == [D(2026, 4, 6)]
    assert Session.objects.filter(programme=p).count() == 8


def test_repeating_sessions_refuse_bad_input(world, secretary):
    p = programme(world.community)
    with pytest.raises(DomainError) as exc:
        services.sessions_repeat(
            actor=secretary,
            programme=p,
            first=D(2026, 2, 1),
            last=D(2026, 12, 1),
            weekdays=[9],
            starts_at=T(18, 0),
            ends_at=T(16, 30),
        )
    assert set(errors_of(exc)) == {"first", "last", "weekdays", "ends_at"}


def test_one_session_inside_the_programme_and_not_twice(world, secretary):
    p = programme(world.community)
    services.session_add(actor=secretary, programme=p, date=START, starts_at=T(16, 30), ends_at=T(18, 0))
    with pytest.raises(DomainError, match="这一天的这个时间已经有一节课了"):
        services.session_add(actor=secretary, programme=p, date=START, starts_at=T(16, 30), ends_at=T(18, 0))
    with pytest.raises(DomainError, match="请选择课程班开办期间（2026-03-02 至 2026-06-30）的日期") as exc:
        services.session_add(
            actor=secretary, programme=p, date=END + datetime.timedelta(days=1), starts_at=T(9), ends_at=T(10)
        )
    assert "date" in errors_of(exc)


def test_a_held_session_credits_each_teacher_once(world, secretary):
    t1, t2 = volunteer(world.community, "王老师"), volunteer(world.community, "李老师")
    p = programme(world.community, teachers=[t1, t2])
    s = session(p, START)
    child = enrol(p, secretary, "张小明")
    services.attendance_record(actor=secretary, session=s, present_ids=[child.pk])
    with time_machine.travel(datetime.datetime(2026, 3, 2, 18, 30, tzinfo=SHANGHAI), tick=False):
        services.session_mark_held(actor=secretary, session=s)
        with pytest.raises(DomainError, match="这节课已经标记为已上课"):
            services.session_mark_held(actor=secretary, session=s)
    rows = ServiceHours.objects.filter(source=HoursSource.PROGRAMME, source_id=s.pk).order_by("volunteer__name")
    assert [(r.volunteer.name, r.hours, r.people_served) for r in rows] == [
        ("李老师", Decimal("1.50"), 1),
        ("王老师", Decimal("1.50"), 1),
    ]
    assert all(r.confirmed_at is not None and r.confirmed_by == secretary for r in rows)
    assert all(r.area == world.community and r.served_on == START for r in rows)


def test_a_session_with_its_own_teacher_credits_only_them_and_not_before_the_day(world, secretary):
    t1, t2 = volunteer(world.community, "王老师"), volunteer(world.community, "李老师")
    p = programme(world.community, teachers=[t1])
    s = session(p, START, "09:00", "11:15", teacher=t2)
    with pytest.raises(DomainError, match="上课当天或之后才能标记为已上课"):
        services.session_mark_held(actor=secretary, session=s)  # it is 20 February
    with time_machine.travel(datetime.datetime(2026, 3, 3, 9, tzinfo=SHANGHAI), tick=False):
        services.session_mark_held(actor=secretary, session=s)
    assert list(ServiceHours.objects.values_list("volunteer__name", "hours")) == [("李老师", Decimal("2.25"))]


def test_attendance_ticks_only_those_enrolled(world, secretary):
    p = programme(world.community, capacity=1)
    s = session(p, START)
    a = enrol(p, secretary, "甲")
    waiting = enrol(p, secretary, "乙")
    other = enrol(programme(world.other_community, "乙社区四点半"), staff(), "丙")
    assert services.attendance_record(actor=secretary, session=s, present_ids=[a.pk, waiting.pk, other.pk]) == 1
    assert services.attendance_record(actor=secretary, session=s, present_ids=[]) == 0
    assert list(Attendance.objects.values_list("enrolment_id", "present")) == [(a.pk, False)]
