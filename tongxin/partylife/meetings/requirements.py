"""Which meetings each kind of organization owes, and how often (configuration with defaults)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tongxin.partylife.meetings.models import DEFAULT_REQUIREMENTS, MeetingRequirement, Period
from tongxin.platform.access.actor import Actor, check
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record


def ensure_defaults(model: Any = MeetingRequirement) -> int:
    """Create the national defaults where no row exists yet; never overwrites an admin's choice.

    Takes the model so the data migration can pass its historical one. Returns rows created.
    """
    created = 0
    for org_kind, meeting_kind, period, min_members in DEFAULT_REQUIREMENTS:
        _, made = model.objects.get_or_create(
            org_kind=org_kind,
            meeting_kind=meeting_kind,
            defaults={"period": period, "min_members": min_members},
        )
        created += int(made)
    return created


def active_requirements() -> list[MeetingRequirement]:
    """The rows that require something; the defaults are restored if the table was emptied.

    Rows are switched off by setting their period to "not required", never deleted, so an
    empty table can only mean it was never seeded (or a test flushed it).
    """
    rows = list(MeetingRequirement.objects.all())
    if not rows:
        ensure_defaults()
        rows = list(MeetingRequirement.objects.all())
    return [r for r in rows if r.period != Period.NONE]


@transaction.atomic
def requirement_set(
    *, actor: Actor, org_kind: str, meeting_kind: str, period: str, min_members: int
) -> MeetingRequirement | None:
    """Set how often one kind of organization must hold one kind of meeting (audited); admins only."""
    check(scope_for(actor).is_admin)
    row = MeetingRequirement.objects.select_for_update().filter(org_kind=org_kind, meeting_kind=meeting_kind).first()
    if row is None:
        if period == Period.NONE:
            return None
        row = MeetingRequirement(org_kind=org_kind, meeting_kind=meeting_kind, period=Period.NONE)
    before = {"period": row.period, "min_members": row.min_members}
    if before == {"period": period, "min_members": min_members}:
        return row
    row.period, row.min_members = period, min_members
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="update",
        obj=row,
        changes={
            "period": [before["period"], period],
            "min_members": [before["min_members"], min_members],
        },
    )
    return row
