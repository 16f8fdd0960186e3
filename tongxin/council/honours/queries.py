"""Scoped reads of honours: who reads which awards and entries, the workbench's waiting rows.

Awards and the wall are read by those who hold Perm.RECOGNISE over the place (the community
office, the admin) and by subdistrict officers below them; a Party branch's secretary sees the
open members' awards over the branch's place, to nominate its members.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from tongxin.council.honours.models import (
    Award,
    AwardState,
    Deed,
    Nomination,
    NominationObjection,
    NominationState,
    NomineeKind,
    ObjectionStatus,
)
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.models import PATH_STEP
from tongxin.platform.core.trees import AREA, ORG
from tongxin.registry.party.models import Organization, PartyMember

# How soon before its end a publicity shows on the workbench.
PUBLICITY_SOON = datetime.timedelta(days=2)


def _prefix_q(lookup: str, prefixes: list[str]) -> Q:
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= Q(**{f"{lookup}__startswith": prefix})
    return q


def reader_prefixes(user: Any) -> list[str] | None:
    """Area prefixes the user reads honours under; None for the admin (everywhere)."""
    scope = scope_for(user)
    if scope.user_id is None:
        return []
    if scope.is_admin:
        return None
    found = set(scope.prefixes(AREA, Perm.RECOGNISE))
    found |= {path for role, tree, path in scope.grants if role == Role.SUBDISTRICT and tree == AREA}
    return sorted(found)


def can_read(user: Any) -> bool:
    prefixes = reader_prefixes(user)
    return prefixes is None or bool(prefixes)


def manager_prefixes(user: Any) -> list[str] | None:
    scope = scope_for(user)
    if scope.is_admin:
        return None
    return scope.prefixes(AREA, Perm.RECOGNISE) if scope.user_id is not None else []


def _under(qs: QuerySet[Any], lookup: str, prefixes: list[str] | None) -> QuerySet[Any]:
    return qs if prefixes is None else qs.filter(_prefix_q(lookup, prefixes))


def awards_visible_to(user: Any) -> QuerySet[Award]:
    return _under(Award.objects.select_related("area"), "area__path", reader_prefixes(user))


def deeds_visible_to(user: Any) -> QuerySet[Deed]:
    return _under(Deed.objects.select_related("area"), "area__path", reader_prefixes(user))


def nominations_visible_to(user: Any) -> QuerySet[Nomination]:
    return _under(Nomination.objects.select_related("award", "award__area"), "award__area__path", reader_prefixes(user))


def objections_visible_to(user: Any) -> QuerySet[NominationObjection]:
    return _under(
        NominationObjection.objects.select_related("nomination__award__area"),
        "nomination__award__area__path",
        reader_prefixes(user),
    )


def may_manage(user: Any, path: str) -> bool:
    return scope_for(user).allows_path(Perm.RECOGNISE, AREA, path)


def with_counts(qs: QuerySet[Award]) -> QuerySet[Award]:
    return qs.annotate(
        n_nominations=Count("nominations"),
        n_waiting=Count("nominations", filter=Q(nominations__state=NominationState.SUBMITTED)),
        n_accepted=Count(
            "nominations", filter=Q(nominations__state__in=(NominationState.ACCEPTED, NominationState.WINNER))
        ),
    )


# --- a Party branch nominating its members ----------------------------------------------------


def branch_members(user: Any) -> QuerySet[PartyMember]:
    """Current members of the organizations where the user does the branch's member work."""
    scope = scope_for(user)
    if scope.user_id is None:
        return PartyMember.objects.none()
    qs = PartyMember.objects.filter(left_on__isnull=True).select_related("org", "resident__household__area")
    if scope.is_admin:
        return qs
    return qs.filter(_prefix_q("org__path", scope.prefixes(ORG, Perm.PARTY_WORK)))


def branch_awards(user: Any) -> QuerySet[Award]:
    """Open members' awards given over the places of the user's branches."""
    scope = scope_for(user)
    prefixes = [] if scope.user_id is None else scope.prefixes(ORG, Perm.PARTY_WORK)
    base = Award.objects.filter(state=AwardState.OPEN, nominee_kind=NomineeKind.PARTY_MEMBER).select_related("area")
    if scope.is_admin:
        return base
    area_paths = set(
        Organization.objects.filter(_prefix_q("path", prefixes), area__isnull=False).values_list(
            "area__path", flat=True
        )
    )
    ancestors = {p[:n] for p in area_paths for n in range(PATH_STEP, len(p) + 1, PATH_STEP)}
    return base.filter(area__path__in=sorted(ancestors))


# --- the workbench ------------------------------------------------------------------------------


def waiting_review(user: Any) -> QuerySet[Nomination]:
    qs = Nomination.objects.filter(state=NominationState.SUBMITTED, award__state=AwardState.OPEN)
    return _under(qs.select_related("award"), "award__area__path", manager_prefixes(user)).order_by("created_at", "pk")


def publicity_ending(user: Any, now: datetime.datetime) -> QuerySet[Award]:
    qs = Award.objects.filter(state=AwardState.PUBLICITY, publicity_ends__lte=now + PUBLICITY_SOON)
    return _under(qs, "area__path", manager_prefixes(user)).order_by("publicity_ends", "pk")


def open_objections(user: Any) -> QuerySet[NominationObjection]:
    qs = NominationObjection.objects.filter(status=ObjectionStatus.OPEN).select_related("nomination__award")
    return _under(qs, "nomination__award__area__path", manager_prefixes(user)).order_by("created_at", "pk")
