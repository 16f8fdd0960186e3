"""Cases handed to a consultation council (handover kind "council"): which councils, who answers.

Those who run the councils (Perm.CONSULT over the council's place) answer for a council: they
take the case on by making it a topic (services.cases.topic_from_handover); the topic carried out
returns the case with its outcome.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet, Subquery

from tongxin.council.consultation.models import Council
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area


def council_choices(actor: Actor, case: Any) -> QuerySet[Council]:
    """The active councils of the case's community or village (its estates' and buildings' too),
    and of the places above the case's (a subdistrict's council)."""
    places = [*case.area.ancestor_ids(), case.area_id]
    # The community's path in the same statement: the case page lists every kind's targets.
    community = Area.objects.filter(pk__in=places, level__in=COMMUNITY_LEVELS).values("path")[:1]
    where = Q(area_id__in=places) | Q(area__path__startswith=Subquery(community))
    return Council.objects.filter(where, is_active=True).order_by("area__path", "name")


def council_answers_for(user: Actor, council: Council) -> bool:
    """Whoever runs the councils over the council's place (Perm.CONSULT)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return scope_for(user).allows_path(Perm.CONSULT, AREA, council.area.path)


def council_answered_by_q(user: Actor) -> Q | None:
    if not getattr(user, "is_authenticated", False):
        return None
    scope = scope_for(user)
    councils = ContentType.objects.get_for_model(Council)
    if scope.is_admin:
        return Q(target_type=councils)
    prefixes = scope.prefixes(AREA, Perm.CONSULT)
    if not prefixes:
        return None
    where = Q(pk__in=[])
    for path in prefixes:
        where |= Q(area__path__startswith=path)
    return Q(target_type=councils, target_id__in=Council.objects.filter(where).values("pk"))


def council_recipients(council: Council) -> list[Any]:
    """The community staff over the council's place are told of a new handover."""
    from tongxin.platform.access.models import RoleAssignment, User

    nodes = [*council.area.ancestor_ids(), council.area_id]
    ids = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id__in=nodes).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def register_target() -> None:
    """Register the "council" hand-over target (called from the app's ready())."""
    from tongxin.grid.cases.handover import TargetKind, register
    from tongxin.grid.cases.models import CaseHandover

    register(
        TargetKind(
            kind=CaseHandover.Kind.COUNCIL,
            model=Council,
            choices=council_choices,
            answers_for=council_answers_for,
            answered_by_q=council_answered_by_q,
            recipients=council_recipients,
        )
    )
