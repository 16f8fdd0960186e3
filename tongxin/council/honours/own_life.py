"""A party member's honours on the member's page (registered with
`tongxin.registry.party.own_life.register_part`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tongxin.council.honours.models import Nomination, NominationState
from tongxin.registry.party.models import PartyMember


def honours_part(member: PartyMember, year: int) -> dict[str, Any] | None:
    """The member's honours, every year (and the household's, if the member is a resident)."""
    who = Q(party_member=member)
    if member.resident_id:
        who |= Q(resident_id=member.resident_id)
    rows = list(
        Nomination.objects.filter(who, state=NominationState.WINNER)
        .select_related("award", "award__area")
        .order_by("-award__year", "award__name", "pk")
    )
    return {"honours": rows} if rows else None
