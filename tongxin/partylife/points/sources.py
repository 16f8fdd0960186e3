"""The sources of points that party life itself keeps: meetings, cases reported, posts, entries by hand.

The registry they go into, and that other capability packages add to, is
`tongxin.registry.party.point_sources`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Case, CharField, DateField, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, ExtractMonth, NullIf, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.grid.cases.models import Case as GridCase
from tongxin.grid.cases.workflow import State
from tongxin.partylife.meetings.compliance import year_bounds
from tongxin.partylife.meetings.models import Attendance, MeetingKind
from tongxin.partylife.points.models import PointEntry, PostHolding
from tongxin.partylife.points.rules import CASE_REPORTED, MEETING_EXCUSED, MEETING_PRESENT, POST_MONTH
from tongxin.platform.calendar import SHANGHAI
from tongxin.registry.party.point_sources import Source, register


def year_span(year: int, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date] | None:
    """The days of `year` that have passed (up to today); None for a year still to come."""
    today = today or timezone.localdate()
    first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
    return (first, last) if first <= last else None


def _attendance(status: str) -> Callable[[int], QuerySet[Any]]:
    def rows(year: int) -> QuerySet[Any]:

        start, end = year_bounds(year)
        kind_label = Case(
            *[When(meeting__kind=k, then=Value(str(label))) for k, label in MeetingKind.choices],
            default=F("meeting__kind"),
            output_field=CharField(),
        )
        return Attendance.objects.filter(
            status=status,
            member__isnull=False,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
            meeting__starts_at__lte=timezone.now(),
        ).values(
            "member_id",
            on=TruncDate("meeting__starts_at", tzinfo=SHANGHAI),
            quantity=Value(1),
            detail=Coalesce(NullIf(F("meeting__title"), Value("")), kind_label),
        )

    return rows


def _cases(year: int) -> QuerySet[Any]:

    start, end = year_bounds(year)
    # A duplicate folded into another report earns nothing: the first report carries it.
    return (
        GridCase.objects.filter(reporter__party_member__isnull=False, reported_at__gte=start, reported_at__lt=end)
        .exclude(state=State.MERGED)
        .values(
            member_id=F("reporter__party_member"),
            on=TruncDate("reported_at", tzinfo=SHANGHAI),
            quantity=Value(1),
            detail=F("tracking_code"),
        )
    )


def _posts(year: int) -> QuerySet[Any]:
    """Each calendar month of the year in which the post was held counts once (to this month)."""

    span = year_span(year)
    if span is None:
        return PostHolding.objects.none().values("member_id")
    first, last = span
    start_month = Case(When(from_on__lt=first, then=Value(1)), default=ExtractMonth("from_on"))
    end_month = Case(
        When(Q(to_on__isnull=True) | Q(to_on__gt=last), then=Value(last.month)), default=ExtractMonth("to_on")
    )
    return PostHolding.objects.filter(Q(to_on__isnull=True) | Q(to_on__gte=first), from_on__lte=last).values(
        "member_id",
        on=Case(When(from_on__lt=first, then=Value(first)), default=F("from_on"), output_field=DateField()),
        quantity=end_month - start_month + Value(1),
        detail=F("post__title"),
    )


def _entries(year: int) -> QuerySet[Any]:

    return PointEntry.objects.filter(on__year=year).values("member_id", "on", quantity=F("points"), detail=F("reason"))


register(Source("meetings", _("Meetings attended"), MEETING_PRESENT, _attendance("present")))
register(Source("meetings_excused", _("Meetings excused (请假)"), MEETING_EXCUSED, _attendance("excused")))
register(
    Source(
        "cases",
        _("Cases reported"),
        CASE_REPORTED,
        _cases,
        members_with=Q(user__isnull=False),
        correlate=lambda: Q(reporter_id=OuterRef("user_id")),
    )
)
register(Source("posts", _("Posts held"), POST_MONTH, _posts))
register(Source("manual", _("Other items (recorded by hand)"), None, _entries))
