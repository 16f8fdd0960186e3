from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tongxin.registry.party.models import PartyMember
from tongxin.volunteering.service.queries import teams_led_by


def menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Each asked only by the menu entry that needs it (one small query each): a menu never
    # offers a page the role cannot open.
    return {
        "is_party_member": lambda: PartyMember.objects.filter(user_id=user.pk).exists(),
        # Hours to confirm (/service/hours/) are for service staff and team leaders.
        "leads_a_team": lambda: teams_led_by(user).exists(),
    }
