"""A joint meeting's minutes (联席会会议记录), in the same Word and PDF form as every meeting's
minutes of the product (`tongxin.platform.web.minutes`): this module states what a joint
meeting puts into it — the committee, the seats present and absent, the guests, the items with
their discussion and decision. Joint meetings do not vote, so the votes section is left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tongxin.cobuilding.committee.models import AgendaItem, Attendance, JointMeeting
from tongxin.platform.web import minutes as generic

NAME_SEPARATOR = "、"


@dataclass
class ItemMinutes:
    n: int
    title: str
    discussion: str
    decision: str
    vote: None = None


def _person(row: Attendance) -> str:
    return row.name + (f"（{row.unit_name}）" if row.unit_name else "") + (f"（{row.note}）" if row.note else "")


def minutes_context(meeting: JointMeeting, agenda: list[AgendaItem], attendance: list[Attendance]) -> dict[str, Any]:
    """What the minutes state (no query: the page has read the agenda and the attendance)."""
    local = timezone.localtime(meeting.starts_at)
    taken = [i for i in agenda if i.status in (AgendaItem.Status.ACCEPTED, AgendaItem.Status.DECIDED)]
    items = [
        ItemMinutes(n=n, title=i.title, discussion=i.discussion, decision=i.decision)
        for n, i in enumerate(taken, start=1)
    ]
    expected = [a for a in attendance if a.seat_id is not None]
    # The members first, in the committee's order, then the guests.
    present = [a for a in expected if a.present] + [a for a in attendance if a.seat_id is None and a.present]
    absent = [a for a in expected if not a.present]
    line = _("%(entitled)d expected, %(present)d present, %(absent)d absent.") % {
        "entitled": len(expected),
        "present": sum(1 for a in expected if a.present),
        "absent": len(absent),
    }
    return {
        "meeting": meeting,
        "heading": _("Minutes of %(title)s") % {"title": meeting.title},
        "council": meeting.committee.name,
        "when": f"{formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M}",
        "place": meeting.place or "—",
        "chair": meeting.chair or "—",
        "clerk": meeting.clerk or "—",
        "entitled": str(len(expected)),
        "present": str(sum(1 for a in expected if a.present)),
        "attendance_line": line,
        "villagers": False,
        "present_names": NAME_SEPARATOR.join(_person(a) for a in present) or "—",
        "absent_names": NAME_SEPARATOR.join(_person(a) for a in absent) or "—",
        "items": items,
        "with_votes": False,
        "votes": [],
        "named_votes": [],
        "decisions": [f"{i.title}：{i.decision}" for i in items if i.decision],
        "edited": [p for p in meeting.summary.splitlines() if p.strip()],
        "l": generic.minutes_labels(),
    }


def minutes_docx(context: dict[str, Any]) -> bytes:
    return generic.minutes_docx(context)


def minutes_pdf(context: dict[str, Any]) -> bytes:
    return generic.minutes_pdf(context)
