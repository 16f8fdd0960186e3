"""Meeting minutes (会议记录) as a paper office keeps them, in Word (docxtpl) and PDF (WeasyPrint):
title, the body that met, time, place, chair, clerk, expected and present, who came and who did
not, the items with their discussion, the votes (optional), the decisions, the edited record and
the signature lines.

Each capability builds the context of its own meeting (council meetings, joint meetings) and
hands it here, so every minutes document of the product looks the same and the generator is
written once. The context keys: heading, council (the body), when, place, chair, clerk,
entitled, present, attendance_line, villagers (no name lists), present_names, absent_names,
items (objects with n, title, discussion, and for votes vote/method/result/named), with_votes,
votes, named_votes, decisions (strings), edited (paragraphs), l (labels: `minutes_labels()`).

The Word template is built with python-docx when first asked for and kept in memory: its
labels are template variables, so one template serves both languages and nothing binary is
committed.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

PDF_TEMPLATE = "includes/minutes_pdf.html"


def minutes_labels() -> dict[str, str]:
    """The labels of the minutes form, in the language shown."""
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


# --- Word ---------------------------------------------------------------------------------------


@functools.cache
def docx_template() -> bytes:
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

    doc.add_paragraph("{%p if with_votes %}")
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
    doc.add_paragraph("{%p endif %}")

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


def minutes_docx(context: dict[str, Any]) -> bytes:
    """The minutes as a Word document from a minutes context (see the module's docstring)."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(docx_template()))
    # Autoescape: names and notes are typed by people and go into XML.
    template.render({"with_votes": True, **context}, autoescape=True)
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


def minutes_pdf(context: dict[str, Any]) -> bytes:
    """The minutes as a PDF (A4, CJK fonts) from a minutes context."""
    html = render_to_string(PDF_TEMPLATE, {"with_votes": True, **context})
    pdf: bytes = _weasyprint_html()(string=html).write_pdf()
    return pdf
