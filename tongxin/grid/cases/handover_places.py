"""Hand-over targets kept by a place (a consultation council, a mediation committee…): whoever holds
a permission over the target's place answers for it, and the community staff over it are told.

A capability registering such a target gives its model (with an `area` foreign key), the
permission, and how to find the targets for a case; the rest is the same for every such kind:

    register_place_target(CaseHandover.Kind.MEDIATION, Committee, Perm.MEDIATE, committee_choices)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from tongxin.grid.cases.handover import TargetKind, register
from tongxin.grid.cases.models import Case
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.trees import AREA


def register_place_target(
    kind: str, model: type[models.Model], perm: str, choices: Callable[[Any, Case], QuerySet[Any]]
) -> None:
    def answers_for(user: Actor, target: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return scope_for(user).allows_path(perm, AREA, target.area.path)

    def answered_by_q(user: Actor) -> Q | None:
        if not getattr(user, "is_authenticated", False):
            return None
        scope = scope_for(user)
        target_type = ContentType.objects.get_for_model(model)
        if scope.is_admin:
            return Q(target_type=target_type)
        prefixes = scope.prefixes(AREA, perm)
        if not prefixes:
            return None
        where = Q(pk__in=[])
        for path in prefixes:
            where |= Q(area__path__startswith=path)
        return Q(target_type=target_type, target_id__in=model._default_manager.filter(where).values("pk"))

    def recipients(target: Any) -> list[Any]:
        """The community staff over the target's place are told of a new handover."""
        nodes = [*target.area.ancestor_ids(), target.area_id]
        ids = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id__in=nodes).values("user_id")
        return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))

    register(
        TargetKind(
            kind=kind,
            model=model,
            choices=choices,
            answers_for=answers_for,
            answered_by_q=answered_by_q,
            recipients=recipients,
        )
    )
