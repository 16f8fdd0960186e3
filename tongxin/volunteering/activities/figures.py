"""Activity figures for any area and period, computed in the database (three queries)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from tongxin.volunteering.activities.models import Occurrence, SignUp
from tongxin.volunteering.service.models import HoursSource, ServiceHours


def activity_figures(area: Any, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """For the area's subtree and the dates start..end (inclusive):

    activities — distinct activities with a date held in the period (not called off);
    occurrences — dates held; signups — seats taken at them; participants — distinct
    volunteers checked in; hours — confirmed activity hours served in the period there.
    """
    held = Occurrence.objects.filter(
        activity__area__path__startswith=area.path, date__gte=start, date__lte=end, cancelled_at__isnull=True
    )
    occ = held.aggregate(activities=Count("activity", distinct=True), occurrences=Count("id"))
    people = SignUp.objects.filter(occurrence__in=held, state=SignUp.State.SEATED).aggregate(
        signups=Count("id"),
        participants=Count("volunteer", distinct=True, filter=Q(checked_in_at__isnull=False)),
    )
    hours = ServiceHours.objects.filter(
        source=HoursSource.ACTIVITY,
        area__path__startswith=area.path,
        served_on__gte=start,
        served_on__lte=end,
        confirmed_at__isnull=False,
    ).aggregate(total=Sum("hours"))["total"] or Decimal("0")
    return {**occ, **people, "hours": hours}
