"""What planning, sign-up and attendance share: who runs an activity, and the seats.

Seats are counted on the occurrence row and moved only by conditional UPDATEs
(`taken < capacity`); see the package's docstring.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.trees import AREA
from tongxin.volunteering.activities.models import MAX_CAPACITY, Activity, Occurrence, SignUp


def may_lead_activity(user: Actor, activity: Activity) -> bool:
    """Staff with SERVICE over the activity's area, or the leader of one of its teams."""
    if not getattr(user, "is_authenticated", False):
        return False
    if scope_for(user).allows_path(Perm.SERVICE, AREA, activity.area.path):
        return True
    return activity.teams.filter(leader__user_id=user.pk).exists()


def seat_take(occurrence_id: int) -> bool:
    """Take one seat if one is free: one conditional UPDATE, True when it took a seat."""
    unlimited = Occurrence.objects.filter(pk=occurrence_id, capacity__isnull=True)
    limited = Occurrence.objects.filter(pk=occurrence_id, taken__lt=F("capacity"))
    return bool(unlimited.update(taken=F("taken") + 1) or limited.update(taken=F("taken") + 1))


def seat_give_back(occurrence_id: int) -> None:
    Occurrence.objects.filter(pk=occurrence_id, taken__gt=0).update(taken=F("taken") - 1)


def _waiting_promote(occ: Occurrence) -> list[SignUp]:
    """Seat the waiting list in order while seats are free; notify who moved up."""
    promoted: list[SignUp] = []
    waiting = list(
        SignUp.objects.filter(occurrence=occ, state=SignUp.State.WAITING)
        .order_by("joined_at", "id")
        .values_list("pk", flat=True)[:MAX_CAPACITY]
    )
    for pk in waiting:
        if not seat_take(occ.pk):
            break
        if SignUp.objects.filter(pk=pk, state=SignUp.State.WAITING).update(state=SignUp.State.SEATED):
            promoted.append(SignUp.objects.select_related("volunteer").get(pk=pk))
        else:
            # Cancelled (or moved up by someone else) a moment ago: the seat goes back.
            seat_give_back(occ.pk)
    if promoted:
        _notify_promoted(occ, promoted)
    return promoted


def _notify_promoted(occ: Occurrence, promoted: list[SignUp]) -> None:
    from tongxin.platform.access.models import User
    from tongxin.platform.inbox.services import notify

    ids = [s.volunteer.user_id for s in promoted if s.volunteer.user_id]
    if not ids:
        return
    recipients = list(User.objects.filter(pk__in=ids))
    activity = Activity.objects.only("title").get(pk=occ.activity_id)
    title = _("You have a seat: %(title)s on %(date)s") % {"title": activity.title, "date": occ.date.isoformat()}
    url = reverse("activities:occurrence", args=[occ.pk])
    transaction.on_commit(lambda: notify(recipients=recipients, kind="status", title=title[:100], url=url))
