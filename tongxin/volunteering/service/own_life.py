"""The volunteer-service part of a member's own page: confirmed hours this year, the teams."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from tongxin.registry.party.models import PartyMember
from tongxin.volunteering.service.models import ServiceHours, TeamMembership


def volunteer_part(member: PartyMember, year: int) -> dict[str, Any] | None:
    """None when the member is no volunteer anywhere (one query); three queries otherwise."""
    volunteer_ids = list(member.volunteer_records.values_list("pk", flat=True))
    if not volunteer_ids:
        return None
    totals = ServiceHours.objects.filter(
        volunteer_id__in=volunteer_ids, served_on__year=year, confirmed_at__isnull=False
    ).aggregate(hours=Sum("hours"), services=Count("pk"))
    teams = list(
        TeamMembership.objects.filter(volunteer_id__in=volunteer_ids, left_on__isnull=True)
        .order_by("team__name")
        .values_list("team__name", flat=True)
    )
    return {"hours": totals["hours"] or Decimal("0"), "services": totals["services"], "teams": teams}
