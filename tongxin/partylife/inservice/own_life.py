"""The reporting-in part of a member's own page (双报到): where they reported in, this year's service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from tongxin.partylife.inservice.models import ReportIn, ServiceLog
from tongxin.registry.party.models import MemberKind, PartyMember


def reporting_in_part(member: PartyMember, year: int) -> dict[str, Any] | None:
    """Where the member reported in and this year's service (two queries); with no active
    report-in, the way to report in themself (one query); None for a member who never reported
    in and is not in service (retired, and the like)."""
    report = (
        ReportIn.objects.filter(member=member)
        .select_related("community")
        .order_by("-active", "-reported_on", "-id")
        .first()
    )
    if report is None and member.kind != MemberKind.IN_SERVICE:
        return None  # reporting in (双报到) is for in-service members
    if report is None or not report.active:
        return {"report": report, "hours": Decimal("0"), "entries": 0, "waiting": 0, "may_report_in": True}
    totals = ServiceLog.objects.filter(member=member, served_on__year=year).aggregate(
        hours=Sum("hours", filter=Q(confirmed_at__isnull=False)),
        entries=Count("pk", filter=Q(confirmed_at__isnull=False)),
        waiting=Count("pk", filter=Q(confirmed_at__isnull=True)),
    )
    return {
        "report": report,
        "hours": totals["hours"] or Decimal("0"),
        "entries": totals["entries"],
        "waiting": totals["waiting"],
        "may_report_in": False,
    }
