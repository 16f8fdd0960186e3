"""Helpers for meeting tests: a meeting of an organization with its attendance, a small photo."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tongxin.partylife.meetings.files import check_upload
from tongxin.partylife.meetings.models import MeetingKind
from tongxin.partylife.meetings.services import AttendanceEntry, meeting_save
from tongxin.platform.calendar import SHANGHAI


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def png_upload(name: str = "photo.png", size: tuple[int, int] = (8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 16, 46)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_meeting(
    org: Any,
    *,
    kind: str = MeetingKind.GENERAL,
    starts_at: datetime.datetime | None = None,
    statuses: dict[Any, str] | None = None,
    actor: Any = None,
    with_photo: bool = False,
    **fields: Any,
) -> Any:
    """A meeting through the service (so every rule applies), attendance as {member: status}."""
    data = {"kind": kind, "starts_at": starts_at or at(2026, 1, 9), "title": "", "lecturer": "", **fields}
    if kind == MeetingKind.LECTURE:
        data.setdefault("title", "学习党章")
        data["title"] = data["title"] or "学习党章"
        data["lecturer"] = data["lecturer"] or "王书记"
    entries = [
        AttendanceEntry(member.pk, status, "出差" if status == "excused" else "")
        for member, status in (statuses or {}).items()
    ]
    files = [check_upload(png_upload())] if with_photo else []
    return meeting_save(actor=actor or recorder(), org=org, fields=data, attendance=entries, files=files)


def recorder() -> Any:
    """A platform admin to record meetings with: the service checks who records."""
    from tongxin.platform.access.models import User

    user, created = User.objects.get_or_create(username="t_recorder", defaults={"is_superuser": True})
    return user


def member(org: Any, name: str, *, status: str = "full", kind: str = "direct") -> Any:
    from tongxin.platform.core.people import pinyin_of
    from tongxin.registry.party.models import PartyMember

    m = PartyMember(org=org, name=name, status=status, kind=kind)
    m.name_pinyin, m.name_initials = pinyin_of(name)
    m.save()
    return m


def matrix_meeting(w: Any) -> Any:
    """A general meeting of the world's branch 1 a week ago, 赵党员 present (permission matrix)."""
    from django.utils import timezone

    return make_meeting(
        w.branch1, starts_at=timezone.now() - datetime.timedelta(days=7), statuses={w.member1: "present"}
    )


def matrix_file(w: Any) -> tuple[int, int]:
    meeting = make_meeting(
        w.branch1,
        starts_at=at(2025, 12, 5),
        statuses={w.member1: "present"},
        with_photo=True,
    )
    return meeting.pk, meeting.files.get().pk
