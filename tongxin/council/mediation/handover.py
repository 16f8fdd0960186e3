"""Cases handed to a people's mediation committee (handover kind "mediation"): which committees,
who answers.

The committee's office (Perm.MEDIATE over the committee's place) answers for it
(grid/cases/handover_places.py, as for a council): it takes the case
on as a mediation case (services.case_from_handover); closing the mediation returns the case with
its outcome (services.returns.case_returned).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, Subquery

from tongxin.council.mediation.models import Committee
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area


def committee_choices(actor: Actor, case: Any) -> QuerySet[Committee]:
    """The active committees of the case's community or village (one statement: the case page
    lists every kind's targets)."""
    places = [*case.area.ancestor_ids(), case.area_id]
    community = Area.objects.filter(pk__in=places, level__in=COMMUNITY_LEVELS).values("pk")[:1]
    return Committee.objects.filter(area_id__in=Subquery(community), is_active=True).order_by("name")


def register_target() -> None:
    """Register the "mediation" hand-over target (called from the app's ready())."""
    from tongxin.grid.cases.handover_places import register_place_target
    from tongxin.grid.cases.models import CaseHandover

    register_place_target(CaseHandover.Kind.MEDIATION, Committee, Perm.MEDIATE, committee_choices)
