"""A council meeting's minutes (会议记录): the text generated from the agenda, the attendance, the
votes and the decisions, and the exports in Word (docxtpl) and PDF (WeasyPrint), laid out like
the paper record offices keep: title, time, place, chair, clerk, expected and present, who came
and who did not, the topics, the votes, the decisions, the signature lines.

The Word and PDF forms are the platform's (`tongxin.platform.web.minutes`), shared with the
joint meetings' minutes; this module states what a council meeting puts into them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tongxin.council.consultation.models import Choice, Vote, VoteMethod, VoteResult
from tongxin.council.consultation.views_meetings.queries import MeetingPage, Quorum, vote_of
from tongxin.platform.web import minutes as generic
from tongxin.platform.web.minutes import minutes_labels

NAME_SEPARATOR = "、"


@dataclass
class ItemMinutes:
    n: int
    title: str
    discussion: str
    vote: Vote | None
    method: str = ""
    result: str = ""
    # choice label → names, for a vote by name
    named: list[tuple[str, str]] = field(default_factory=list)

    @property
    def counts(self) -> str:
        if self.vote is None:
            return ""
        return _("yes %(yes)d, no %(no)d, abstain %(abstain)d") % {
            "yes": self.vote.yes,
            "no": self.vote.no,
            "abstain": self.vote.abstain,
        }


def _when(meeting: Any) -> str:
    local = timezone.localtime(meeting.starts_at)
    return f"{formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M}"


def _names(rows: list[Any]) -> str:
    return NAME_SEPARATOR.join(a.name + (f"（{a.note}）" if a.note else "") for a in rows) or "—"


def _attendance_line(quorum: Quorum | None) -> str:
    if quorum is None:
        return _("Attendance was not taken.")
    if quorum.villagers:
        line = _(
            "%(entitled)d villagers aged 18 and over, %(present)d present; "
            "%(households)d households, %(households_present)d represented."
        ) % {
            "entitled": quorum.entitled,
            "present": quorum.present,
            "households": quorum.households,
            "households_present": quorum.households_present,
        }
    else:
        line = _("%(entitled)d expected, %(present)d present, %(absent)d absent.") % {
            "entitled": quorum.entitled,
            "present": quorum.present,
            "absent": quorum.entitled - quorum.present,
        }
    verdict = (
        _("The meeting was quorate (%(needed)d needed).")
        if quorum.met
        else _("The meeting was not quorate (%(needed)d needed).")
    ) % {"needed": quorum.needed}
    return _("%(attendance)s %(quorum)s") % {"attendance": line, "quorum": verdict}


def items_of(page: MeetingPage) -> list[ItemMinutes]:
    labels = dict(Choice.choices)
    found = []
    for n, item in enumerate(page.items, start=1):
        vote = vote_of(item)
        minutes = ItemMinutes(n=n, title=item.topic.title, discussion=item.discussion, vote=vote)
        if vote is not None:
            minutes.method = vote.get_method_display()
            minutes.result = vote.get_result_display() if vote.result else _("Vote not closed")
            if vote.method == VoteMethod.NAMED:
                by_choice = page.ballots.get(vote.pk, {})
                minutes.named = [
                    (str(labels[c]), NAME_SEPARATOR.join(by_choice.get(c, [])) or "—") for c in Choice.values
                ]
        found.append(minutes)
    return found


def decisions_of(items: list[ItemMinutes]) -> list[str]:
    return [f"{i.title}：{i.vote.question}" for i in items if i.vote is not None and i.vote.result == VoteResult.PASSED]


def minutes_context(page: MeetingPage) -> dict[str, Any]:
    """What every form of the minutes states (no query: the page has read it all)."""
    meeting = page.meeting
    quorum = page.quorum
    items = items_of(page)
    villagers = quorum is not None and quorum.villagers
    return {
        "meeting": meeting,
        "heading": _("Minutes of %(title)s") % {"title": meeting.title},
        "council": meeting.council.name,
        "when": _when(meeting),
        "place": meeting.place or "—",
        "chair": meeting.chaired_by or "—",
        "clerk": meeting.recorded_by_name or "—",
        "quorum": quorum,
        "entitled": "—" if quorum is None else str(quorum.entitled),
        "present": "—" if quorum is None else str(quorum.present),
        "attendance_line": _attendance_line(quorum),
        "villagers": villagers,
        "present_names": "—" if villagers else _names(page.present),
        "absent_names": "—" if villagers else _names(page.absent),
        "items": items,
        "votes": [i for i in items if i.vote is not None],
        "named_votes": [i for i in items if i.named],
        "decisions": decisions_of(items),
        "edited": [p for p in meeting.minutes.splitlines() if p.strip()] if meeting.minutes_edited_at else [],
        "with_votes": True,
        "l": _labels(),
    }


def _labels() -> dict[str, str]:
    return minutes_labels()


def minutes_text(page: MeetingPage) -> str:
    """The minutes as the secretary starts editing them, generated in the language shown."""
    ctx = minutes_context(page)
    lines = [
        ctx["heading"],
        "",
        f"{_('Council')}：{ctx['council']}",
        f"{_('Time')}：{ctx['when']}",
        f"{_('Place')}：{ctx['place']}",
        f"{_('Chaired by')}：{ctx['chair']}",
        f"{_('Minutes taken by')}：{ctx['clerk']}",
        ctx["attendance_line"],
    ]
    if not ctx["villagers"] and ctx["quorum"] is not None:
        lines += [f"{_('Present')}：{ctx['present_names']}", f"{_('Absent')}：{ctx['absent_names']}"]
    lines += ["", f"{_('Topics')}："]
    for item in ctx["items"]:
        lines.append(f"{item.n}. {item.title}")
        if item.discussion:
            lines.append(f"   {_('Discussion')}：{item.discussion}")
        if item.vote is not None:
            lines.append(
                f"   {_('Vote')}（{item.method}）：{item.vote.question}；{item.counts}；{_('Result')}：{item.result}"
            )
            for label, names in item.named:
                lines.append(f"   {label}：{names}")
    if not ctx["items"]:
        lines.append(_("None."))
    lines += ["", f"{_('Decisions')}："]
    lines += [f"{n}. {d}" for n, d in enumerate(ctx["decisions"], start=1)] or [_("None.")]
    return "\n".join(lines)


# --- Word and PDF: the platform's minutes generator ----------------------------------------------


def minutes_docx(page: MeetingPage) -> bytes:
    return generic.minutes_docx(minutes_context(page))


def minutes_pdf(page: MeetingPage) -> bytes:
    return generic.minutes_pdf(minutes_context(page))
