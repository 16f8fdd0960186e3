"""The demo seed: every community gets its classes, the summer class its 4 teachers and 70–80
pupils, counters that agree with the rows, and a second call adds nothing."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count, Q

from tongxin.volunteering.programmes.demo import seed_programmes
from tongxin.volunteering.programmes.figures import programme_figures
from tongxin.volunteering.programmes.models import Attendance, Enrolment, Programme, ProgrammeKind, Session
from tongxin.volunteering.programmes.tests.support import volunteer
from tongxin.volunteering.service.models import HoursSource, ServiceHours

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)


def test_seed_programmes(world):
    for i in range(6):
        volunteer(world.community, f"老师{i}")
    counts = seed_programmes([world.district.path], today=TODAY, seed=7)
    assert counts["programmes"] == 10  # 5 in each of the two communities
    kinds = Programme.objects.filter(area=world.community).values_list("kind", flat=True)
    assert sorted(kinds) == sorted(["after_school", "summer_care", "lecture", "interest", "interest"])
    summer = Programme.objects.get(area=world.community, kind=ProgrammeKind.SUMMER_CARE)
    assert (summer.start_date, summer.end_date) == (datetime.date(2026, 7, 1), datetime.date(2026, 8, 31))
    assert summer.teachers.count() == 4 and 70 <= summer.enrolled <= 80
    # Counters agree with the rows everywhere.
    for p in Programme.objects.annotate(n=Count("enrolments", filter=Q(enrolments__status="enrolled"))):
        assert p.enrolled == p.n <= p.capacity
    after_school = Programme.objects.get(area=world.community, kind=ProgrammeKind.AFTER_SCHOOL)
    days = list(after_school.sessions.values_list("date", flat=True))
    assert days[0] == datetime.date(2026, 9, 1) and all(d.weekday() < 5 for d in days)
    # Held sessions credited their teachers; 乙社区 has no volunteers, so no hours there.
    held = Session.objects.filter(programme__area=world.community, held_at__isnull=False)
    assert held.exists() and not Session.objects.filter(date__gte=TODAY, held_at__isnull=False).exists()
    assert ServiceHours.objects.filter(source=HoursSource.PROGRAMME, confirmed_at__isnull=False).count() > 0
    assert not ServiceHours.objects.filter(area=world.other_community).exists()
    assert Attendance.objects.filter(present=True).count() > 0
    assert Enrolment.objects.filter(status="waiting").exists()
    july = programme_figures(world.community, datetime.date(2026, 7, 1), datetime.date(2026, 7, 31))
    assert july["programmes"] == 2 and 70 <= july["participants"]  # summer and lectures; no term in July
    assert seed_programmes([world.district.path], today=TODAY, seed=7) == dict.fromkeys(counts, 0)
    assert Programme.objects.count() == 10
