"""The overview figures on the home page: counts in the user's scope, each linking to its rows."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.trees import AREA, ORG
from tongxin.registry.areas.models import Level
from tongxin.registry.areas.queries import areas_visible_to, households_visible_to, lived_in
from tongxin.registry.cobuild.queries import units_visible_to
from tongxin.registry.party.queries import members_on_register, orgs_visible_to
from tongxin.registry.people.queries import residents_visible_to

# Roles that look after several grids: for a grid worker "1 grid" says nothing, and a building
# leader's building holds none.
MANY_GRIDS = frozenset({Role.ADMIN, Role.SUBDISTRICT, Role.COMMUNITY})


def overview_figures(user: Actor) -> list[dict[str, Any]]:
    """The tiles that make sense for the user's roles: places only for who looks after places (a
    branch secretary's tree holds no grid, household or resident), organizations only for who
    sees some."""
    scope = scope_for(user)
    figures: list[dict[str, Any]] = []
    if scope.has_perm(Perm.VIEW):
        has_places = scope.is_admin or bool(scope.prefixes(AREA, Perm.VIEW))
        has_orgs = scope.is_admin or bool(scope.prefixes(ORG, Perm.VIEW))
        if scope.is_admin or scope.roles & MANY_GRIDS:
            grids = areas_visible_to(user).filter(level=Level.GRID).count()
            figures.append({"label": _("Grids"), "value": grids, "url": reverse("areas:tree")})
        if has_places:
            figures += [
                {
                    "label": _("Households"),
                    "value": lived_in(households_visible_to(user)).count(),
                    "url": reverse("households:list") + "?occupied=1",
                },
                {
                    "label": _("Residents"),
                    "value": residents_visible_to(user).count(),
                    "url": reverse("residents:list"),
                },
            ]
        if has_orgs:
            figures += [
                {
                    "label": _("Party organizations"),
                    "value": orgs_visible_to(user).count(),
                    "url": reverse("orgs:tree"),
                },
                {
                    "label": _("Party members"),
                    "value": members_on_register(user).count(),
                    "url": reverse("members:list"),
                },
            ]
    if scope.has_perm(Perm.VIEW_UNITS):
        figures.append(
            {"label": _("Resident units"), "value": units_visible_to(user).count(), "url": reverse("units:list")}
        )
    return figures
