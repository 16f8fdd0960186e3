"""The unit portal's part "next joint meeting: propose an item" (registered in ready()).

The planned joint meetings of the committees in the contact's units' communities, with the day
the agenda closes and a button to propose while it is open: 1 query whatever the number of units."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from tongxin.cobuilding.committee import rules
from tongxin.cobuilding.committee.models import JointMeeting
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.portal_parts import register_portal_part

MAX_MEETINGS = 3


def build(user: Any, units: list[ResidentUnit]) -> dict[str, Any] | None:
    # A unit's area and the areas above it: a unit may sit in a grid of the community.
    paths = {p for u in units for p in (*u.area.ancestor_paths(), u.area.path)}
    condition = Q(committee__community__path__in=sorted(paths))
    now = timezone.now()
    meetings = list(
        JointMeeting.objects.filter(condition, status=JointMeeting.Status.PLANNED, starts_at__gte=now)
        .select_related("committee")
        .order_by("starts_at", "id")[:MAX_MEETINGS]
    )
    if not meetings:
        return None
    today = timezone.localdate()
    found = []
    for m in meetings:
        closes = rules.agenda_closes_on(timezone.localdate(m.starts_at), m.committee.agenda_days)
        found.append({"meeting": m, "closes": closes, "open": today <= closes})
    return {"meetings": found}


def register_parts() -> None:
    register_portal_part("committee.next_meeting", "committee/_portal_next_meeting.html", build, order=20)
