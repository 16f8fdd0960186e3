"""Writes to the needs and projects lists: raise a need, claim it (the project is born).

Every other way in — a visit's or a case's follow-up, the public request, a joint meeting's
decision, the API's `POST /needs/{id}/claim`, a member's offer from /me/ — calls these, so the
rules and the audit are written once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.cobuilding.projects.models import Need, Project
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.queries import units_answered_by
from tongxin.registry.party.models import PartyMember


class AlreadyClaimed(DomainError):
    """Someone claimed the need first (409 in the API, a clear message on the page)."""


def may_run(actor: Actor, community: Area) -> bool:
    """Staff who run co-building in the community (the community, admin)."""
    return scope_for(actor).allows_path(Perm.COBUILD, AREA, community.path)


def may_raise(actor: Actor, place: Area) -> bool:
    """Who may raise a need at a place: co-building staff, and the grid workers and building
    leaders who find it on their rounds (their visit permission over the place)."""
    scope = scope_for(actor)
    return scope.allows_path(Perm.COBUILD, AREA, place.path) or scope.allows_path(Perm.VISIT, AREA, place.path)


@transaction.atomic
def raise_need(
    *,
    actor: Actor,
    community: Area,
    title: str,
    category: str,
    description: str = "",
    place: Area | None = None,
    people_affected: int = 0,
    wanted_by: datetime.date | None = None,
    source: str = Need.Source.STAFF,
    source_id: int | None = None,
    source_label: str = "",
    open_to_claim: bool = True,
) -> Need:
    where = place or community
    if place is not None and not place.path.startswith(community.path):
        raise DomainError({"place": _("The place is not in this community.")})
    if not may_raise(actor, where):
        raise Forbidden(_("You may not raise needs here."))
    need = Need(
        community=community,
        place=place,
        title=title.strip(),
        category=category,
        description=description.strip(),
        people_affected=people_affected,
        wanted_by=wanted_by,
        source=source,
        source_id=source_id,
        source_label=source_label[:100],
        open_to_claim=open_to_claim,
        raised_by=signed_in(actor),
    )
    need.full_clean()
    need.save()
    audit_record(
        actor=actor,
        action="create",
        obj=need,
        changes={"title": [None, need.title], "source": [None, need.source], "community": [None, community.pk]},
    )
    return need


def _check_claimant(actor: Actor, need: Need, unit: ResidentUnit | None, member: PartyMember | None) -> None:
    if (unit is None) == (member is None):
        raise DomainError(_("A project is taken on by one unit or one member."))
    staff = may_run(actor, need.community)
    if unit is not None:
        if unit.area_id != need.community_id and not unit.area.path.startswith(need.community.path):
            raise DomainError({"unit": _("The unit is not in this need's community.")})
        if not staff and not units_answered_by(actor).filter(pk=unit.pk).exists():
            raise Forbidden(_("You may claim needs only for your own unit."))
    if member is not None and not staff and getattr(member, "user_id", None) != getattr(actor, "pk", None):
        raise Forbidden(_("You may offer to take on a need only for yourself."))
    if not staff and not need.open_to_claim:
        raise Forbidden(_("This need is not open to be claimed."))


@transaction.atomic
def claim_need(
    *,
    actor: Actor,
    need: Need,
    unit: ResidentUnit | None = None,
    member: PartyMember | None = None,
    title: str = "",
    description: str = "",
    budget: Decimal | None = None,
    due_on: datetime.date | None = None,
    commitment: Any = None,
    resources: Iterable[Any] = (),
) -> Project:
    """A unit claims a need (认领), or a member offers to take it on (waiting for staff): the
    need's project. Two claims at once: the conditional update lets one through, the other is
    told the need was taken (AlreadyClaimed)."""
    _check_claimant(actor, need, unit, member)
    taken = Need.objects.filter(pk=need.pk, status=Need.Status.OPEN).update(
        status=Need.Status.CLAIMED, updated_at=timezone.now()
    )
    if not taken:
        raise AlreadyClaimed(_("This need has already been claimed."))
    need.status = Need.Status.CLAIMED
    by_member = member is not None and not may_run(actor, need.community)
    project = Project(
        need=need,
        community=need.community,
        unit=unit,
        member=member,
        title=(title or need.title).strip(),
        description=description.strip(),
        state=Project.State.PROPOSED if by_member else Project.State.CLAIMED,
        budget=budget,
        due_on=due_on,
        commitment=commitment,
        claimed_at=timezone.now(),
        claimed_by=signed_in(actor),
    )
    project.full_clean(exclude=["need"])
    try:
        with transaction.atomic():
            project.save()
    except IntegrityError as exc:
        raise AlreadyClaimed(_("This need has already been claimed.")) from exc
    resources = list(resources)
    if resources:
        project.resources.set(resources)
    audit_record(
        actor=actor,
        action="create",
        obj=project,
        changes={
            "need": [None, need.pk],
            "unit": [None, unit.pk if unit else None],
            "member": [None, member.pk if member else None],
            "state": [None, project.state],
        },
    )
    return project
