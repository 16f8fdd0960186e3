"""programme_figures against a small hand-made data set whose answers are written here."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.personal import protect_phone
from tongxin.volunteering.programmes.figures import programme_figures
from tongxin.volunteering.programmes.models import Attendance, Enrolment, EnrolmentSource, EnrolmentStatus
from tongxin.volunteering.programmes.services import participant_key
from tongxin.volunteering.programmes.tests.support import programme, session

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day: D, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def person(p, name, phone, when, status=EnrolmentStatus.ENROLLED, n=[0]):  # noqa: B006  (a counter for codes)
    n[0] += 1
    e = Enrolment(
        programme=p,
        birth_date=D(2017, 1, 1),
        status=status,
        enrolled_at=when,
        source=EnrolmentSource.STAFF,
        code=f"F{n[0]:07d}",
        participant_key=participant_key(name, D(2017, 1, 1), phone),
        waiting_position=n[0] if status == EnrolmentStatus.WAITING else None,
    )
    e.set_name(name)
    e.set_phone(protect_phone(phone))
    e.save()
    return e


def test_figures_of_july(world):
    """July 2026 in 甲社区:

    - summer class (1 Jul – 31 Aug): 张小明, 李小红 enrolled in June; 王小刚 enrolled on 31 July
      at 23:30 Shanghai time (in the period); 赵小丽 enrolled on 1 August (after it); 孙小美
      cancelled; 周小军 waiting. → 3 enrolments.
    - lecture (15 Jul): 张小明 again (same name, birth date, phone) and 钱大爷. → 2 enrolments.
      participants: 张小明, 李小红, 王小刚, 钱大爷 → 4.
    - spring class (Mar – Jun, ended): not running; its enrolment does not count.
    - 乙社区's class in July: outside the node.
    Sessions: summer 1 Jul (held), 2 Jul (held), 3 Jul (not held), 1 Aug (held, after);
    lecture 15 Jul (held) → 3. Attendances present: 1 Jul ×2, 2 Jul ×1 (and one absent),
    1 Aug ×1 (after) → 3.
    """
    summer = programme(world.community, "暑期托管班", start_date=D(2026, 7, 1), end_date=D(2026, 8, 31))
    lecture = programme(world.community, "社区大讲堂", start_date=D(2026, 7, 15), end_date=D(2026, 7, 15))
    spring = programme(world.community, "四点半学校", start_date=D(2026, 3, 1), end_date=D(2026, 6, 30))
    other = programme(world.other_community, "乙社区暑期班", start_date=D(2026, 7, 1), end_date=D(2026, 8, 31))
    ming = person(summer, "张小明", "13812345678", at(D(2026, 6, 10)))
    hong = person(summer, "李小红", "13900001111", at(D(2026, 6, 12)))
    gang = person(summer, "王小刚", "13700002222", at(D(2026, 7, 31), 23))
    person(summer, "赵小丽", "13600003333", at(D(2026, 8, 1), 0))
    person(summer, "孙小美", "13500004444", at(D(2026, 6, 1)), EnrolmentStatus.CANCELLED)
    person(summer, "周小军", "13400005555", at(D(2026, 6, 2)), EnrolmentStatus.WAITING)
    person(lecture, "张小明", "13812345678", at(D(2026, 7, 1)))
    person(lecture, "钱大爷", "13300006666", at(D(2026, 7, 2)))
    person(spring, "吴小宝", "13200007777", at(D(2026, 2, 1)))
    person(other, "郑小花", "13100008888", at(D(2026, 6, 1)))
    held = timezone.now()
    s1 = session(summer, D(2026, 7, 1), held_at=held)
    s2 = session(summer, D(2026, 7, 2), held_at=held)
    session(summer, D(2026, 7, 3))
    s4 = session(summer, D(2026, 8, 1), held_at=held)
    session(lecture, D(2026, 7, 15), "09:00", "11:00", held_at=held)
    session(other, D(2026, 7, 1), held_at=held)
    Attendance.objects.bulk_create(
        [
            Attendance(session=s1, enrolment=ming, present=True),
            Attendance(session=s1, enrolment=hong, present=True),
            Attendance(session=s2, enrolment=ming, present=True),
            Attendance(session=s2, enrolment=hong, present=False),
            Attendance(session=s4, enrolment=gang, present=True),
        ]
    )
    assert programme_figures(world.community, D(2026, 7, 1), D(2026, 7, 31)) == {
        "programmes": 2,
        "sessions": 3,
        "enrolments": 5,
        "participants": 4,
        "attendances": 3,
    }
    # The subdistrict adds 乙社区: its class, its held session, 郑小花.
    assert programme_figures(world.subdistrict, D(2026, 7, 1), D(2026, 7, 31)) == {
        "programmes": 3,
        "sessions": 4,
        "enrolments": 6,
        "participants": 5,
        "attendances": 3,
    }
    # A grid holds none of them; the spring term has its own.
    assert programme_figures(world.grid1, D(2026, 7, 1), D(2026, 7, 31))["programmes"] == 0
    assert programme_figures(world.community, D(2026, 3, 1), D(2026, 3, 31)) == {
        "programmes": 1,
        "sessions": 0,
        "enrolments": 1,
        "participants": 1,
        "attendances": 0,
    }


def test_figures_cost_four_queries(world, django_assert_num_queries):
    with django_assert_num_queries(4):
        programme_figures(world.district, D(2026, 1, 1), D(2026, 12, 31))
