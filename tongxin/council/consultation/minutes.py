"""A council meeting's minutes (会议记录): the text generated from the agenda, the attendance, the
votes and the decisions, and the exports in Word (docxtpl) and PDF (WeasyPrint), laid out like
the paper record offices keep: title, time, place, chair, clerk, expected and present, who came
and who did not, the topics, the votes, the decisions, the signature lines.

The Word template is built with python-docx when first asked for and kept in memory: its
labels are template variables, so one template serves both languages and nothing binary is
committed.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tongxin.council.consultation.models import Choice, Vote, VoteMethod, VoteResult
from tongxin.council.consultation.views_meetings.queries import MeetingPage, Quorum, vote_of

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
        "l": _labels(),
    }


def _labels() -> dict[str, str]:
    return {
        "time": _("Time"),
        "place": _("Place"),
        "chair": _("Chaired by"),
        "clerk": _("Minutes taken by"),
        "entitled": _("Expected"),
        "present": _("Attended"),
        "present_names": _("Present"),
        "absent_names": _("Absent"),
        "agenda": _("Topics"),
        "discussion": _("Discussion"),
        "votes": _("Votes"),
        "topic": _("Agenda item"),
        "method": _("Method"),
        "yes": _("Yes"),
        "no": _("No"),
        "abstain": _("Abstain"),
        "result": _("Result"),
        "no_votes": _("No vote was taken."),
        "by_name": _("Votes by name"),
        "decisions": _("Decisions"),
        "no_decisions": _("None."),
        "record": _("Record of the meeting"),
        "chair_sign": _("Chair (signature)"),
        "clerk_sign": _("Clerk (signature)"),
        "date": _("Date"),
        "date_blank": _("____ (year) __ (month) __ (day)"),
    }


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


# --- Word ---------------------------------------------------------------------------------------


@functools.cache
def _docx_template() -> bytes:
    """The 会议记录 form as a docxtpl template: A4, 宋体, a facts table, sections, signature lines."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(22)
    for name, size in (("Normal", 12), ("Title", 20), ("Heading 2", 14)):
        style = doc.styles[name]
        style.font.name = "SimSun" if name != "Heading 2" else "SimHei"
        style.font.size = Pt(size)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), "宋体" if name != "Heading 2" else "黑体")
        # A theme font would win over the named one in Word.
        for theme in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        # Word's default title and headings are blue with a rule: a paper record is black and plain.
        style.font.color.rgb = RGBColor(0, 0, 0)
    doc.styles["Title"].font.bold = True
    title_ppr = doc.styles["Title"].element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)

    title = doc.add_paragraph("{{ heading }}", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph("{{ council }}")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER

    facts = doc.add_table(rows=5, cols=4)
    facts.style = "Table Grid"
    facts.alignment = WD_TABLE_ALIGNMENT.CENTER
    pairs = [
        ("time", "when", "place", "place"),
        ("chair", "chair", "clerk", "clerk"),
        ("entitled", "entitled", "present", "present"),
    ]
    for row, (l1, v1, l2, v2) in zip(facts.rows, pairs, strict=False):
        for cell, text in zip(
            row.cells, (f"{{{{ l.{l1} }}}}", f"{{{{ {v1} }}}}", f"{{{{ l.{l2} }}}}", f"{{{{ {v2} }}}}"), strict=True
        ):
            cell.text = text
    for row, (label, value) in zip(
        facts.rows[3:], (("present_names", "present_names"), ("absent_names", "absent_names")), strict=True
    ):
        row.cells[0].text = f"{{{{ l.{label} }}}}"
        merged = row.cells[1].merge(row.cells[3])
        merged.text = f"{{{{ {value} }}}}"
    for row in facts.rows:
        row.cells[0].width = Mm(28)
    doc.add_paragraph("{{ attendance_line }}")

    doc.add_paragraph("{{ l.agenda }}", style="Heading 2")
    doc.add_paragraph("{%p for item in items %}")
    doc.add_paragraph("{{ item.n }}. {{ item.title }}")
    doc.add_paragraph("{%p if item.discussion %}")
    doc.add_paragraph("{{ l.discussion }}：{{ item.discussion }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("{{ l.votes }}", style="Heading 2")
    votes = doc.add_table(rows=4, cols=6)
    votes.style = "Table Grid"
    for cell, label in zip(votes.rows[0].cells, ("topic", "method", "yes", "no", "abstain", "result"), strict=True):
        cell.text = f"{{{{ l.{label} }}}}"
    votes.rows[1].cells[0].text = "{%tr for v in votes %}"
    for cell, value in zip(
        votes.rows[2].cells,
        (
            "{{ v.n }}. {{ v.title }}",
            "{{ v.method }}",
            "{{ v.vote.yes }}",
            "{{ v.vote.no }}",
            "{{ v.vote.abstain }}",
            "{{ v.result }}",
        ),
        strict=True,
    ):
        cell.text = value
    votes.rows[3].cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("{%p if not votes %}")
    doc.add_paragraph("{{ l.no_votes }}")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if named_votes %}")
    doc.add_paragraph("{{ l.by_name }}：")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p for v in named_votes %}")
    doc.add_paragraph("{%p for label, names in v.named %}")
    doc.add_paragraph("{{ v.n }}. {{ label }}：{{ names }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endfor %}")

    doc.add_paragraph("{{ l.decisions }}", style="Heading 2")
    doc.add_paragraph("{%p for d in decisions %}")
    doc.add_paragraph("{{ loop.index }}. {{ d }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p if not decisions %}")
    doc.add_paragraph("{{ l.no_decisions }}")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("{%p if edited %}")
    doc.add_paragraph("{{ l.record }}", style="Heading 2")
    doc.add_paragraph("{%p for para in edited %}")
    doc.add_paragraph("{{ para }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")

    doc.add_paragraph("")
    signatures = doc.add_table(rows=2, cols=2)
    signatures.rows[0].cells[0].text = "{{ l.chair_sign }}：________________"
    signatures.rows[0].cells[1].text = "{{ l.clerk_sign }}：________________"
    signatures.rows[1].cells[1].text = "{{ l.date }}：{{ l.date_blank }}"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def minutes_docx(page: MeetingPage) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(_docx_template()))
    # Autoescape: names and notes are typed by people and go into XML.
    template.render(minutes_context(page), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------


def _weasyprint_html() -> Any:
    """WeasyPrint's HTML class, without its import-time side effect on the whole process.

    Importing weasyprint sets Pillow's `ImageFile.LOAD_TRUNCATED_IMAGES = True` globally, which
    would let the case photo checks accept cut-off uploads in the same process (as the volunteer
    certificate does, in a layer this one may not import); the minutes load no image."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = before
    return HTML


def minutes_pdf(page: MeetingPage) -> bytes:
    html = render_to_string("consultation/meeting_minutes_pdf.html", minutes_context(page))
    return _weasyprint_html()(string=html).write_pdf()
