from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tongxin.registry.party.models import PartyMember


def menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Asked only by the menu of someone who cannot read the registries (one small query).
    return {"is_party_member": lambda: PartyMember.objects.filter(user_id=user.pk).exists()}
