"""The pairing part of a member's own page (结对帮扶): whom they are paired with, this year's visits."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from tongxin.registry.party.models import PartyMember
from tongxin.volunteering.pairing.models import PairingHelper, PairingVisit


def pairing_part(member: PartyMember, year: int) -> dict[str, Any] | None:
    """None when the member never helped in a pairing; two queries otherwise (one when not)."""
    totals = PairingHelper.objects.filter(member=member).aggregate(
        pairings=Count("pairing", distinct=True),
        open=Count("pairing", distinct=True, filter=Q(pairing__closed_on__isnull=True)),
    )
    if not totals["pairings"]:
        return None
    visits = PairingVisit.objects.filter(helper__member=member, visited_on__year=year).count()
    return {"open": totals["open"], "pairings": totals["pairings"], "visits": visits, "has_user": member.user_id}
