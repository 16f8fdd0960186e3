"""What the writes of programmes share: the actor check, text cleaning, and the seats.

A seat is taken by a conditional UPDATE on `Programme.enrolled`; see the package's docstring.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F

from tongxin.platform.access.actor import Actor, check_at
from tongxin.platform.access.roles import Perm
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Area
from tongxin.volunteering.programmes.models import (
    Enrolment,
    EnrolmentStatus,
    Programme,
)


def _check_runs(actor: Actor, area: Area) -> None:
    """Refuse (`Forbidden`) unless the actor holds SERVICE over the programme's community."""
    check_at(actor, Perm.SERVICE, AREA, area.path)


def _text(value: Any, limit: int) -> str:
    return "".join(c for c in str(value or "") if c >= " " and c != "\x7f").strip()[:limit]


def _take_seat(programme_id: int) -> bool:
    return bool(
        Programme.objects.filter(pk=programme_id, enrolled__lt=F("capacity")).update(enrolled=F("enrolled") + 1)
    )


def _fill_from_waiting(programme: Programme, *, actor: Actor | None) -> list[Enrolment]:
    """Give free seats to those waiting, in order (the caller holds the programme row)."""
    moved: list[Enrolment] = []
    while True:
        first = (
            Enrolment.objects.select_for_update()
            .filter(programme_id=programme.pk, status=EnrolmentStatus.WAITING)
            .order_by("waiting_position", "id")
            .first()
        )
        if first is None or not _take_seat(programme.pk):
            return moved
        first.status, first.waiting_position = EnrolmentStatus.ENROLLED, None
        first.save(update_fields=["status", "waiting_position"])
        audit_record(actor=actor, action="update", obj=first, changes={"status": ["waiting", "enrolled"]})
        moved.append(first)
