"""What the writes of volunteer service share: who runs the service or leads a team, the community of a place."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.volunteering.service import queries
from tongxin.volunteering.service.models import (
    VolunteerTeam,
)


def _runs_service(actor: Actor, path: str) -> bool:
    """Staff with SERVICE over the place (the community, or above)."""
    return scope_for(actor).allows_path(Perm.SERVICE, AREA, path)


def _leads(actor: Actor, team: VolunteerTeam) -> bool:
    """The team's leader, or staff with SERVICE over the team's area."""
    return queries.may_lead(actor, team)


def _text(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def community_of(area: Area) -> Area:
    """The community (or village) an area lies in: itself, or its ancestor at that level."""
    if area.level in COMMUNITY_LEVELS:
        return area
    found = Area.objects.filter(pk__in=area.ancestor_ids(), level__in=COMMUNITY_LEVELS).first()
    if found is None:
        raise DomainError(_("Choose a community, or a place inside one."), code="not_in_community")
    return found
