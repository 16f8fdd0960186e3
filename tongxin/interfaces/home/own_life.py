"""A party member's own year at a glance (组织生活一览): meetings, dues, posts, points, reporting in.

The member's page (`/me/`) shows it. Each part comes from the app that keeps it, in a fixed
number of queries whatever the member's history: one aggregate for attendance, four for dues
(this year's, and what is owed to date), one for points, one for posts held, and one per extra
part registered by other apps (in-service reporting registers its own through
`tongxin.registry.party.own_life.register_part`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from tongxin.partylife.dues import months
from tongxin.partylife.dues.queries import ZERO, member_totals, owed_now
from tongxin.partylife.meetings.models import Attendance
from tongxin.partylife.points.queries import columns, current_holdings, with_points
from tongxin.registry.party.models import PartyMember
from tongxin.registry.party.own_life import parts_for


@dataclass
class MeetingSummary:
    held: int = 0  # meetings of this year so far with a row for the member
    present: int = 0
    excused: int = 0
    absent: int = 0
    unread: int = 0  # minutes not yet marked as read
    recent: list[Any] = field(default_factory=list)


@dataclass
class OwnLife:
    year: int
    meetings: MeetingSummary
    dues_due: Decimal
    dues_paid: Decimal
    dues_owed: Decimal  # owed to date, arrears of earlier years included
    holdings: list[Any]
    points: Decimal
    parts: list[tuple[str, dict[str, Any]]]


def own_life(member: PartyMember, *, today: datetime.date) -> OwnLife:
    year = today.year
    rows = Attendance.objects.filter(member=member, meeting__starts_at__year=year, meeting__starts_at__date__lte=today)
    counts = rows.aggregate(
        held=Count("pk"),
        present=Count("pk", filter=Q(status=Attendance.Status.PRESENT)),
        excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
        absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
        unread=Count("pk", filter=Q(read_at__isnull=True)),
    )
    recent = list(
        Attendance.objects.filter(member=member)
        .select_related("meeting", "meeting__org")
        .order_by("-meeting__starts_at", "-id")[:5]
    )
    totals = member_totals([member.pk], year * 100 + 1, months.of(today)).get(member.pk)
    points_row = with_points(PartyMember.objects.filter(pk=member.pk), year, columns()).values("total").first()
    holdings = list(
        current_holdings(today).filter(member=member).select_related("post", "post__org").order_by("from_on")
    )
    return OwnLife(
        year=year,
        meetings=MeetingSummary(**counts, recent=recent),
        dues_due=totals.due if totals else ZERO,
        dues_paid=totals.paid if totals else ZERO,
        # Owed to date, earlier years included: the figure the member's dues page shows.
        dues_owed=owed_now([member.pk], months.of(today))[member.pk],
        holdings=holdings,
        points=Decimal((points_row or {}).get("total") or 0),
        parts=parts_for(member, year),
    )
