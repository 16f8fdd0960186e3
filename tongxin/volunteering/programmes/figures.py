"""Programme figures for a node and a period, counted in the database (four queries)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from tongxin.volunteering.programmes.models import Attendance, Enrolment, EnrolmentStatus, Programme, Session


def _day_after(day: datetime.date) -> datetime.datetime:
    """Midnight in Asia/Shanghai (the current time zone) starting the day after `day`."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def programme_figures(area: Any, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Programmes of the subtree of `area` in the period from `start` to `end` (both included).

    programmes: running at some time in the period; sessions: held (marked by staff) in it;
    enrolments: holding a seat (not waiting, not cancelled), enrolled in or before the period,
    in those programmes; participants: distinct people among them (same name, date of birth
    and phone, whatever the programme); attendances: present at a session in the period.
    """
    running = Q(
        programme__area__path__startswith=area.path, programme__start_date__lte=end, programme__end_date__gte=start
    )
    programmes = Programme.objects.filter(
        area__path__startswith=area.path, start_date__lte=end, end_date__gte=start
    ).count()
    sessions = Session.objects.filter(
        programme__area__path__startswith=area.path, date__gte=start, date__lte=end, held_at__isnull=False
    ).count()
    people = Enrolment.objects.filter(
        running, status=EnrolmentStatus.ENROLLED, enrolled_at__lt=_day_after(end)
    ).aggregate(enrolments=Count("pk"), participants=Count("participant_key", distinct=True))
    attendances = Attendance.objects.filter(
        session__programme__area__path__startswith=area.path,
        session__date__gte=start,
        session__date__lte=end,
        present=True,
    ).count()
    return {
        "programmes": programmes,
        "sessions": sessions,
        "enrolments": people["enrolments"],
        "participants": people["participants"],
        "attendances": attendances,
    }
