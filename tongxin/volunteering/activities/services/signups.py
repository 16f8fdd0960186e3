"""Writes of sign-ups: a seat or the waiting list, and cancelling."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, check, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.volunteering.activities.models import Occurrence, SignUp
from tongxin.volunteering.activities.services._common import (
    _waiting_promote,
    may_lead_activity,
    seat_give_back,
    seat_take,
)
from tongxin.volunteering.service.models import Volunteer


def is_own(actor: Actor, volunteer: Volunteer) -> bool:
    """The volunteer record is the actor's own (by account, or through their party member record)."""
    if not getattr(actor, "is_authenticated", False):
        return False
    return Volunteer.objects.filter(Q(user_id=actor.pk) | Q(member__user_id=actor.pk), pk=volunteer.pk).exists()


def _open_for_signup(occ: Occurrence, now: datetime.datetime) -> None:
    if occ.cancelled_at is not None:
        raise DomainError(_("This date of the activity was called off."), code="called_off")
    if occ.starts_at <= now:
        raise DomainError(_("The activity has begun; sign-up is closed."), code="started")


@transaction.atomic
def signup_create(
    *,
    actor: Actor,
    occurrence: Occurrence,
    volunteer: Volunteer,
    now: datetime.datetime | None = None,
    walk_in: bool = False,
) -> SignUp:
    """Sign a volunteer up: a seat if one is free, else the end of the waiting list.

    A volunteer signs themselves up; who runs the activity signs up anyone."""
    now = now or timezone.now()
    occ = Occurrence.objects.select_related("activity", "activity__area").get(pk=occurrence.pk)
    check(is_own(actor, volunteer) or may_lead_activity(actor, occ.activity))
    if not walk_in:
        _open_for_signup(occ, now)
    elif occ.cancelled_at is not None:
        raise DomainError(_("This date of the activity was called off."), code="called_off")
    if not volunteer.is_active:
        raise DomainError(_("%(name)s is no longer an active volunteer.") % {"name": volunteer.name})
    if volunteer.area_id != occ.activity.community_id:
        raise DomainError(_("%(name)s is not a volunteer of this community.") % {"name": volunteer.name})
    existing = SignUp.objects.select_for_update().filter(occurrence=occ, volunteer=volunteer).first()
    if existing is not None and existing.state != SignUp.State.CANCELLED:
        raise DomainError(
            _("%(name)s has already signed up for this date.") % {"name": volunteer.name}, code="duplicate"
        )
    seated = seat_take(occ.pk)
    if walk_in and not seated:
        raise DomainError(_("All seats are taken; ask the leader."), code="full")
    signup = existing or SignUp(occurrence=occ, volunteer=volunteer)
    signup.state = SignUp.State.SEATED if seated else SignUp.State.WAITING
    signup.joined_at, signup.signed_up_by, signup.walk_in = now, signed_in(actor), walk_in
    signup.checked_in_at = signup.checked_out_at = None
    signup.hours = None
    signup.save()
    audit_record(
        actor=actor,
        action="create" if existing is None else "update",
        obj=signup,
        changes={"volunteer": volunteer.name, "date": occ.date.isoformat(), "state": signup.state},
    )
    return signup


@transaction.atomic
def signup_cancel(*, actor: Actor, signup: SignUp, now: datetime.datetime | None = None) -> SignUp:
    """Cancel a sign-up before the start; a freed seat goes to the first on the waiting list.

    The volunteer cancels their own; who runs the activity cancels anyone's."""
    now = now or timezone.now()
    row = SignUp.objects.select_for_update().select_related("occurrence", "volunteer").get(pk=signup.pk)
    check(is_own(actor, row.volunteer) or may_lead_activity(actor, row.occurrence.activity))
    if row.state == SignUp.State.CANCELLED:
        raise DomainError(_("This sign-up is already cancelled."), code="cancelled")
    if row.occurrence.starts_at <= now:
        raise DomainError(_("The activity has begun; the sign-up can no longer be cancelled."), code="started")
    was = row.state
    # Only the request that moves the row out of its state frees the seat.
    if not SignUp.objects.filter(pk=row.pk, state=was).update(state=SignUp.State.CANCELLED):
        raise DomainError(_("This sign-up is already cancelled."), code="cancelled")
    row.state = SignUp.State.CANCELLED
    if was == SignUp.State.SEATED:
        seat_give_back(row.occurrence_id)
        _waiting_promote(row.occurrence)
    audit_record(
        actor=actor,
        action="update",
        obj=row,
        changes={"volunteer": row.volunteer.name, "date": row.occurrence.date.isoformat(), "state": [was, "cancelled"]},
    )
    return row
