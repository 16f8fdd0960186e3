"""Helpers for development tests: candidates taken through the steps by the services."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tongxin.partylife.development import services
from tongxin.partylife.development.models import Candidate
from tongxin.partylife.meetings.models import Meeting, MeetingKind
from tongxin.partylife.meetings.tests.support import member
from tongxin.platform.calendar import SHANGHAI

D = datetime.date
TODAY = D(2026, 12, 1)
APPLIED = D(2024, 1, 10)
BORN = D(1995, 5, 5)


def meeting(org: Any, day: datetime.date, kind: str = MeetingKind.GENERAL) -> Meeting:
    starts = datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=SHANGHAI)
    return Meeting.objects.create(org=org, kind=kind, starts_at=starts, takes_vote=True, title="表决")


def full_members(org: Any, n: int = 2, prefix: str = "介绍人") -> list[Any]:
    return [member(org, f"{prefix}{i}") for i in range(n)]


def pdf_upload(name: str = "申请书.pdf", size: int = 200) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n" + b"0" * max(0, size - 9)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx_upload(name: str = "志愿书.docx") -> SimpleUploadedFile:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def applicant(
    actor: Any,
    org: Any,
    *,
    name: str = "孙申请",
    applied_on: datetime.date = APPLIED,
    birth_date: datetime.date | None = BORN,
    today: datetime.date = TODAY,
    **extra: Any,
) -> Candidate:
    return services.candidate_create(
        actor=actor, org=org, name=name, applied_on=applied_on, birth_date=birth_date, today=today, **extra
    )


def step(actor: Any, candidate: Candidate, action: str, today: datetime.date = TODAY, **values: Any) -> Candidate:
    return services.candidate_step(actor=actor, candidate=candidate, action=action, values=values, today=today)


def to_stage(actor: Any, org: Any, stage: str, *, name: str = "孙申请", people: list[Any] | None = None) -> Candidate:
    """A candidate of `org` taken to `stage` on fixed dates (activist 2024-03-01, admitted 2025-04-01)."""
    people = people or full_members(org, 2, prefix=f"{name}联系")
    c = applicant(actor, org, name=name, talked_on=D(2024, 1, 20))
    if stage == "applicant":
        return c
    c = step(actor, c, "activist", activist_on=D(2024, 3, 1), contact1=people[0], contact2=people[1])
    if stage == "activist":
        return c
    c = step(actor, c, "target", target_on=D(2025, 3, 1))
    if stage == "target":
        return c
    vote = meeting(org, D(2025, 4, 1))
    c = step(
        actor,
        c,
        "admit",
        admitted_on=D(2025, 4, 1),
        introducer1=people[0],
        introducer2=people[1],
        admission_meeting=vote,
    )
    if stage == "probationary":
        return c
    confirm = meeting(org, D(2026, 4, 1))
    return step(actor, c, "confirm", confirmed_on=D(2026, 4, 1), confirmation_meeting=confirm)
