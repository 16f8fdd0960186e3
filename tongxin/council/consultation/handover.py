"""Cases handed to a consultation council (handover kind "council"): which councils, who answers.

Those who run the councils (Perm.CONSULT over the council's place) answer for a council
(grid/cases/handover_places.py, as for a mediation committee): they
take the case on by making it a topic (services.cases.topic_from_handover); the topic carried out
returns the case with its outcome.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet, Subquery

from tongxin.council.consultation.models import Council
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area


def council_choices(actor: Actor, case: Any) -> QuerySet[Council]:
    """The active councils of the case's community or village (its estates' and buildings' too),
    and of the places above the case's (a subdistrict's council)."""
    places = [*case.area.ancestor_ids(), case.area_id]
    # The community's path in the same statement: the case page lists every kind's targets.
    community = Area.objects.filter(pk__in=places, level__in=COMMUNITY_LEVELS).values("path")[:1]
    where = Q(area_id__in=places) | Q(area__path__startswith=Subquery(community))
    return Council.objects.filter(where, is_active=True).order_by("area__path", "name")


def register_target() -> None:
    """Register the "council" hand-over target (called from the app's ready())."""
    from tongxin.grid.cases.handover_places import register_place_target
    from tongxin.grid.cases.models import CaseHandover

    register_place_target(CaseHandover.Kind.COUNCIL, Council, Perm.CONSULT, council_choices)
