"""The reporting-in part of a member's own page (双报到): where they reported in, this year's service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from tongxin.partylife.inservice.models import ReportIn, ServiceLog
from tongxin.registry.party.models import PartyMember


def reporting_in_part(member: PartyMember, year: int) -> dict[str, Any] | None:
    """None when the member never reported in anywhere; two queries otherwise (one when not)."""
    report = (
        ReportIn.objects.filter(member=member)
        .select_related("community")
        .order_by("-active", "-reported_on", "-id")
        .first()
    )
    if report is None:
        return None
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
    }
