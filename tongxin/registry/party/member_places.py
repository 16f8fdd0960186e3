"""The communities a party member serves in: where they live, and where they reported in (双报到).

A page of a capability beside the party side (a co-building need a member may take on) must know
the member's community without importing the party-life app that keeps the reports-in: that app
registers a provider here from its AppConfig.ready(). The member's home (their resident record's
household) counts without any provider.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

from tongxin.platform.core.models import PATH_STEP
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.party.models import PartyMember

# A provider gives the paths of areas where the member serves (a community, or a place under it).
Provider = Callable[[PartyMember], list[str]]
_PROVIDERS: dict[str, Provider] = {}
COMMUNITY_LEVELS = (Level.COMMUNITY, Level.VILLAGE)


def register_member_places(code: str, provider: Provider) -> None:
    _PROVIDERS[code] = provider


def _home_path(member: PartyMember) -> list[str]:
    resident = member.resident if member.resident_id else None
    household = getattr(resident, "household", None)
    area = getattr(household, "area", None)
    return [area.path] if area is not None else []


def member_communities(member: PartyMember) -> list[Area]:
    """The communities (or villages) the member lives in or reported in to, by path; a query or two."""
    paths = set(_home_path(member))
    for code in sorted(_PROVIDERS):
        paths.update(_PROVIDERS[code](member))
    if not paths:
        return []
    # Every ancestor prefix of each path: the community is the one at a community level.
    prefixes = {path[: i + PATH_STEP] for path in paths for i in range(0, len(path), PATH_STEP)}
    return list(Area.objects.filter(Q(path__in=prefixes) & Q(level__in=COMMUNITY_LEVELS)).order_by("path"))
