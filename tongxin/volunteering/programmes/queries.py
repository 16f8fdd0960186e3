"""Reads of programmes: scoped lists for staff, published ones for residents."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.scope import visible_to
from tongxin.volunteering.programmes.models import Attendance, Enrolment, EnrolmentStatus, Programme, Session

PERIODS = ("current", "past", "all")


def _count_of(qs: QuerySet[Any]) -> Subquery:
    return Coalesce(
        Subquery(
            qs.order_by().values("programme_id").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
        ),
        Value(0),
    )


def with_counts(qs: QuerySet[Programme]) -> QuerySet[Programme]:
    """Seats taken (the counter), those waiting and sessions, in the same query as the rows."""
    waiting = Enrolment.objects.filter(programme_id=OuterRef("pk"), status=EnrolmentStatus.WAITING)
    sessions = Session.objects.filter(programme_id=OuterRef("pk"))
    return qs.annotate(
        waiting_count=_count_of(waiting),
        session_count=_count_of(sessions),
        left=F("capacity") - F("enrolled"),
    )


def programme_rows(
    user: Actor,
    *,
    node: Any = None,
    kind: str = "",
    period: str = "current",
    today: datetime.date | None = None,
) -> QuerySet[Programme]:
    today = today or timezone.localdate()
    qs = visible_to(Programme.objects.all(), user)
    if node is not None:
        qs = qs.filter(area__path__startswith=node.path)
    if kind:
        qs = qs.filter(kind=kind)
    if period == "current":
        qs = qs.filter(end_date__gte=today)
    elif period == "past":
        qs = qs.filter(end_date__lt=today)
    return with_counts(qs.select_related("area")).order_by("-start_date", "title", "id")


def public_programmes(*, community: Any = None, today: datetime.date | None = None) -> QuerySet[Programme]:
    """Published programmes not yet over, soonest first."""
    today = today or timezone.localdate()
    qs = Programme.objects.filter(is_published=True, end_date__gte=today)
    if community is not None:
        qs = qs.filter(area__path__startswith=community.path)
    return with_counts(qs.select_related("area")).order_by("start_date", "title", "id")


def sessions_of(programme: Programme) -> QuerySet[Session]:
    present = Count("attendances", filter=Q(attendances__present=True))
    return programme.sessions.select_related("teacher").annotate(present_count=present).order_by("date", "starts_at")


def enrolments_of(programme: Programme, status: str) -> QuerySet[Enrolment]:
    qs = programme.enrolments.filter(status=status)
    if status == EnrolmentStatus.WAITING:
        return qs.order_by("waiting_position", "id")
    return qs.order_by("name_pinyin", "id")


def attendance_sheet(session: Session) -> list[tuple[Enrolment, bool]]:
    """Everyone enrolled, and whether they are ticked present (two queries)."""
    present = set(Attendance.objects.filter(session=session, present=True).values_list("enrolment_id", flat=True))
    rows = session.programme.enrolments.filter(status=EnrolmentStatus.ENROLLED).order_by("name_pinyin", "id")
    return [(e, e.pk in present) for e in rows]
