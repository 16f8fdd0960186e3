"""A member's offer to take on a need (from /me/), confirmed or declined by staff.

`claim_need(member=…)` by the member makes the need's project in the state `proposed`; staff of
the community then confirm it (the project is `claimed`, the member takes it on) or decline it
with a reason (the project is cancelled and the need is open again for a unit or another
member). Both are conditional updates: two staff deciding at once, the second is told it was
already decided.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.cobuilding.projects.models import Need, Project
from tongxin.cobuilding.projects.services import may_run
from tongxin.platform.access.actor import Actor
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden

REASON_MAX = 200


class AlreadyDecided(DomainError):
    """Someone decided on the offer first."""


def offers_waiting() -> QuerySet[Project]:
    """Members' offers waiting for staff (scope them with `visible_to`)."""
    return Project.objects.filter(state=Project.State.PROPOSED, member__isnull=False)


def _check(actor: Actor, project: Project) -> None:
    if not may_run(actor, project.community):
        raise Forbidden(_("Only the community's co-building staff decide on a member's offer."))
    if project.member_id is None:
        raise DomainError(_("This project was not offered by a member."))


@transaction.atomic
def confirm_offer(*, actor: Actor, project: Project) -> Project:
    """The member takes the need on: the project is claimed."""
    _check(actor, project)
    moved = Project.objects.filter(pk=project.pk, state=Project.State.PROPOSED).update(
        state=Project.State.CLAIMED, updated_at=timezone.now()
    )
    if not moved:
        raise AlreadyDecided(_("This offer has already been decided."))
    project.state = Project.State.CLAIMED
    audit_record(
        actor=actor, action="update", obj=project, changes={"state": [Project.State.PROPOSED, Project.State.CLAIMED]}
    )
    return project


@transaction.atomic
def decline_offer(*, actor: Actor, project: Project, reason: str) -> Project:
    """Not this time: the project is cancelled with the reason, the need is open again."""
    _check(actor, project)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": _("Say why the offer is declined: the member reads it.")})
    if len(reason) > REASON_MAX:
        raise DomainError({"reason": _("Keep the reason under %(n)d characters.") % {"n": REASON_MAX}})
    now = timezone.now()
    moved = Project.objects.filter(pk=project.pk, state=Project.State.PROPOSED).update(
        state=Project.State.CANCELLED, cancelled_reason=reason, updated_at=now
    )
    if not moved:
        raise AlreadyDecided(_("This offer has already been decided."))
    Need.objects.filter(pk=project.need_id, status=Need.Status.CLAIMED).update(status=Need.Status.OPEN, updated_at=now)
    project.state = Project.State.CANCELLED
    project.cancelled_reason = reason
    audit_record(
        actor=actor,
        action="update",
        obj=project,
        changes={"state": [Project.State.PROPOSED, Project.State.CANCELLED], "cancelled_reason": [None, reason]},
    )
    return project
