"""Writes of organizational life: recording a meeting with its attendance, a member's note."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.partylife.meetings.files import CheckedFile, max_files
from tongxin.partylife.meetings.models import Attendance, Meeting, MeetingFile, MeetingKind
from tongxin.partylife.meetings.queries import is_voting, roster
from tongxin.platform.access.actor import Actor, check, signed_in
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import allowed
from tongxin.platform.core.audit import audit_record, diff, stored
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.registry.party.models import Organization, PartyMember

MEETING_FIELDS = [
    "kind",
    "starts_at",
    "place",
    "host",
    "recorder",
    "title",
    "lecturer",
    "topics",
    "minutes",
    "takes_vote",
]
# Dates a meeting may carry: the register starts long after 1990, and a meeting is planned at
# most a year ahead (a typo such as 0202 or 2206 is refused instead of stored).
EARLIEST_YEAR = 1990
PLAN_AHEAD = datetime.timedelta(days=366)


@dataclass(frozen=True)
class AttendanceEntry:
    """One roster line as the secretary filled it in; status "" means not counted."""

    member_id: int
    status: str
    reason: str = ""
    rating: str = ""


def _check(
    *,
    org: Organization,
    fields: dict[str, Any],
    entries: Sequence[AttendanceEntry],
    members: dict[int, PartyMember],
    noted: set[int],
    at: datetime.datetime,
) -> None:
    """Every rule at once, so the form shows all problems and nothing is written on refusal."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    starts_at = fields.get("starts_at")
    kind = fields.get("kind")
    if kind not in MeetingKind.values:
        refuse("kind", _("Choose the kind of meeting."))
    if not isinstance(starts_at, datetime.datetime) or timezone.is_naive(starts_at):
        refuse("starts_at", _("Enter the date and time of the meeting."))
        held = False
    else:
        held = starts_at <= at
        if starts_at.year < EARLIEST_YEAR or starts_at > at + PLAN_AHEAD:
            refuse("starts_at", _("A meeting is recorded from 1990 on and planned at most a year ahead."))
        elif org.founded_on and starts_at.date() < org.founded_on:
            refuse("starts_at", _("The organization was founded after this date."))
        if not held and (fields.get("minutes") or "").strip():
            refuse("minutes", _("Minutes are recorded once the meeting has taken place; its date is in the future."))
    if kind == MeetingKind.LECTURE:
        if not (fields.get("lecturer") or "").strip():
            refuse("lecturer", _("A Party lecture names its lecturer."))
        if not (fields.get("title") or "").strip():
            refuse("title", _("A Party lecture has a title."))
    if fields.get("takes_vote") and kind != MeetingKind.GENERAL:
        refuse("takes_vote", _("Only a branch general meeting votes."))
    seen: set[int] = set()
    for entry in entries:
        member = members.get(entry.member_id)
        if member is None:
            refuse("attendance", _("Someone on the list is not a member of this organization."))
            continue
        if entry.member_id in seen:
            refuse("attendance", _("%(name)s is on the list twice.") % {"name": member.name})
        seen.add(entry.member_id)
        if entry.status and entry.status not in Attendance.Status.values:
            refuse("attendance", _("Choose present, excused or absent for %(name)s.") % {"name": member.name})
        if entry.status and not held:
            refuse("attendance", _("Attendance is taken once the meeting has taken place; its date is in the future."))
        if entry.status == Attendance.Status.EXCUSED and not entry.reason.strip():
            refuse("attendance", _("Give the reason %(name)s was excused.") % {"name": member.name})
        if entry.rating:
            if kind != MeetingKind.REVIEW:
                refuse("attendance", _("Ratings are given at the democratic review of members only."))
            elif entry.rating not in Attendance.Rating.values:
                refuse("attendance", _("Choose a rating for %(name)s.") % {"name": member.name})
        if not entry.status and entry.member_id in noted:
            refuse(
                "attendance",
                _("%(name)s has written a study note on this meeting and stays on its list.") % {"name": member.name},
            )
    if errors:
        # One message per problem, even when many members share it.
        raise DomainError({k: list(dict.fromkeys(v)) for k, v in errors.items()})


def _records(actor: Actor, org: Organization) -> bool:
    """The organization's secretary, or a role with MEETINGS above it (三会一课 are theirs to record)."""
    return allowed(actor, Organization, org, Perm.MEETINGS)


@transaction.atomic
def meeting_save(
    *,
    actor: Actor,
    org: Organization,
    fields: dict[str, Any],
    attendance: Sequence[AttendanceEntry] = (),
    files: Sequence[CheckedFile] = (),
    meeting: Meeting | None = None,
    at: datetime.datetime | None = None,
) -> Meeting:
    """Create or update a meeting of `org` with its attendance and new files, or refuse whole."""
    check(_records(actor, org))
    at = at or timezone.now()
    if meeting is not None and meeting.org_id != org.pk:
        raise DomainError(_("A meeting stays with the organization that held it."))
    existing: dict[int, Attendance] = {}
    if meeting is not None:
        existing = {a.member_id: a for a in meeting.attendances.select_for_update() if a.member_id is not None}
    members = {m.pk: m for m in roster(org)}
    # Whoever is on the meeting's list already stays eligible, even if they left the roster since.
    missing = set(existing) - set(members)
    if missing:
        members.update({m.pk: m for m in PartyMember.objects.filter(pk__in=missing)})
    noted = {pk for pk, a in existing.items() if a.study_note or a.read_at}
    _check(org=org, fields=fields, entries=attendance, members=members, noted=noted, at=at)
    old_files = meeting.files.count() if meeting is not None else 0
    if old_files + len(files) > max_files():
        raise DomainError({"files": [_("A meeting keeps at most %(n)s files.") % {"n": max_files()}]})

    data = {k: fields.get(k) for k in MEETING_FIELDS}
    for key in ("place", "host", "recorder", "title", "lecturer", "topics", "minutes"):
        data[key] = (data[key] or "").strip()
    data["takes_vote"] = bool(data["takes_vote"])
    if meeting is None:
        meeting = Meeting(org=org, created_by=signed_in(actor), **data)
        meeting.full_clean(exclude=["org"])
        meeting.save()
        before: dict[str, Any] = {}
        action = "create"
    else:
        before = stored(meeting, MEETING_FIELDS)
        for key, value in data.items():
            setattr(meeting, key, value)
        meeting.full_clean(exclude=["org"])
        meeting.save()
        action = "update"

    counts = _write_attendance(meeting, attendance, existing, members)
    for checked in files:
        MeetingFile.objects.create(
            meeting=meeting,
            file=checked.upload,
            name=checked.name,
            content_type=checked.content_type,
            extension=checked.extension,
            size=checked.size,
            uploaded_by=signed_in(actor),
        )
    changes = diff(before, data) if before else {k: v for k, v in data.items() if k not in ("minutes", "topics")}
    for status, n in counts.items():
        changes[f"attendance_{status}"] = n
    if files:
        changes["files"] = [f.name for f in files]
    audit_record(actor=actor, action=action, obj=meeting, changes=changes)
    return meeting


def _write_attendance(
    meeting: Meeting,
    entries: Sequence[AttendanceEntry],
    existing: dict[int, Attendance],
    members: dict[int, PartyMember],
) -> dict[str, int]:
    """Bring the meeting's rows in line with the list; returns how many of each status now."""
    wanted = {e.member_id: e for e in entries if e.status}
    gone = [a.pk for pk, a in existing.items() if pk not in wanted]
    if gone:
        Attendance.objects.filter(pk__in=gone).delete()
    new_rows, changed = [], []
    for member_id, entry in wanted.items():
        reason = entry.reason.strip() if entry.status == Attendance.Status.EXCUSED else ""
        row = existing.get(member_id)
        if row is None:
            member = members[member_id]
            new_rows.append(
                Attendance(
                    meeting=meeting,
                    member=member,
                    member_name=member.name,
                    voting=is_voting(member),
                    status=entry.status,
                    reason=reason[:200],
                    rating=entry.rating,
                )
            )
        elif (row.status, row.reason, row.rating) != (entry.status, reason, entry.rating):
            row.status, row.reason, row.rating = entry.status, reason[:200], entry.rating
            changed.append(row)
    Attendance.objects.bulk_create(new_rows)
    if changed:
        Attendance.objects.bulk_update(changed, ["status", "reason", "rating"])
    counts: dict[str, int] = {}
    for entry in wanted.values():
        counts[entry.status] = counts.get(entry.status, 0) + 1
    return counts


@transaction.atomic
def meeting_delete(*, actor: Actor, meeting: Meeting) -> None:
    check(_records(actor, meeting.org))
    if Attendance.objects.filter(meeting=meeting).exclude(study_note="").exists():
        raise DomainError(_("Members have written study notes on this meeting; it cannot be removed."))
    names = [f.file.name for f in meeting.files.all()]
    audit_record(actor=actor, action="delete", obj=meeting, changes={"org": meeting.org.name})
    meeting.delete()
    transaction.on_commit(lambda: _remove_stored(names))


def _remove_stored(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


@transaction.atomic
def meeting_file_delete(*, actor: Actor, meeting_file: MeetingFile) -> None:
    check(_records(actor, meeting_file.meeting.org))
    name = meeting_file.file.name
    audit_record(actor=actor, action="update", obj=meeting_file.meeting, changes={"file_removed": meeting_file.name})
    meeting_file.delete()
    transaction.on_commit(lambda: _remove_stored([name]))


@transaction.atomic
def attendance_note(*, actor: Actor, attendance: Attendance, note: str | None = None) -> Attendance:
    """The member marks the meeting read (学习), optionally with a study note (学习心得)."""
    member = attendance.member
    if member is None or member.user_id is None or member.user_id != getattr(actor, "pk", None):
        raise Forbidden(_("Only the member may mark their own meeting."))
    if attendance.meeting.starts_at > timezone.now():
        raise DomainError(_("The meeting has not taken place yet."))
    now = timezone.now()
    fields = []
    if attendance.read_at is None:
        attendance.read_at = now
        fields.append("read_at")
    if note is not None:
        text = note.strip()
        if len(text) > 4000:
            raise DomainError({"note": [_("A study note has at most 4,000 characters.")]})
        if text != attendance.study_note:
            attendance.study_note = text
            attendance.study_note_at = now if text else None
            fields += ["study_note", "study_note_at"]
    if fields:
        attendance.save(update_fields=fields)
    return attendance
