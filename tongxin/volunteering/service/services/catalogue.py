"""Writes of a team's catalogue of services."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, check
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.volunteering.service.models import (
    ServiceOffering,
    VolunteerTeam,
)
from tongxin.volunteering.service.services._common import _runs_service, _text


@transaction.atomic
def offering_save(
    *,
    actor: Actor,
    offering: Any = None,
    team: VolunteerTeam,
    name: str,
    description: str = "",
    case_category: Any = None,
    is_active: bool = True,
) -> Any:
    """Add a service to a team's catalogue, or change one; staff over the team's area do it."""

    check(_runs_service(actor, team.area.path))
    name = _text(name, 100)
    if not name:
        raise DomainError({"name": [_("Enter the name of the service.")]})
    creating = offering is None
    offering = offering or ServiceOffering(team=team)
    offering.name, offering.description = name, _text(description, 2000)
    offering.case_category, offering.is_active = case_category, is_active
    offering.save()
    audit_record(
        actor=actor,
        action="create" if creating else "update",
        obj=offering,
        changes={"team": team.name, "name": name, "active": is_active},
    )
    return offering
