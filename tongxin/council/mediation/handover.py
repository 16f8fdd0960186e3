"""Cases handed to a people's mediation committee (handover kind "mediation"): which committees,
who answers.

The committee's office (Perm.MEDIATE over the committee's place) answers for it: it takes the case
on as a mediation case (services.case_from_handover); closing the mediation returns the case with
its outcome (services.returns.case_returned).
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet, Subquery

from tongxin.council.mediation.models import Committee
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area


def committee_choices(actor: Actor, case: Any) -> QuerySet[Committee]:
    """The active committees of the case's community or village (one statement: the case page
    lists every kind's targets)."""
    places = [*case.area.ancestor_ids(), case.area_id]
    community = Area.objects.filter(pk__in=places, level__in=COMMUNITY_LEVELS).values("pk")[:1]
    return Committee.objects.filter(area_id__in=Subquery(community), is_active=True).order_by("name")


def committee_answers_for(user: Actor, committee: Committee) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return scope_for(user).allows_path(Perm.MEDIATE, AREA, committee.area.path)


def committee_answered_by_q(user: Actor) -> Q | None:
    if not getattr(user, "is_authenticated", False):
        return None
    scope = scope_for(user)
    kind = ContentType.objects.get_for_model(Committee)
    if scope.is_admin:
        return Q(target_type=kind)
    prefixes = scope.prefixes(AREA, Perm.MEDIATE)
    if not prefixes:
        return None
    where = Q(pk__in=[])
    for path in prefixes:
        where |= Q(area__path__startswith=path)
    return Q(target_type=kind, target_id__in=Committee.objects.filter(where).values("pk"))


def committee_recipients(committee: Committee) -> list[Any]:
    """The community staff over the committee's place are told of a new handover."""
    from tongxin.platform.access.models import RoleAssignment, User

    nodes = [*committee.area.ancestor_ids(), committee.area_id]
    ids = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id__in=nodes).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def register_target() -> None:
    """Register the "mediation" hand-over target (called from the app's ready())."""
    from tongxin.grid.cases.handover import TargetKind, register
    from tongxin.grid.cases.models import CaseHandover

    register(
        TargetKind(
            kind=CaseHandover.Kind.MEDIATION,
            model=Committee,
            choices=committee_choices,
            answers_for=committee_answers_for,
            answered_by_q=committee_answered_by_q,
            recipients=committee_recipients,
        )
    )
