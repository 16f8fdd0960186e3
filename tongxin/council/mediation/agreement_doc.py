"""The written agreement (人民调解协议书) as the paper form for signing: the parties' basic details,
the main facts and points in dispute, the obligations agreed, how and when they are performed
(人民调解法 art. 29), the note on judicial confirmation (art. 33), and the signature lines of the
parties, the mediators and the committee's seal. Word (docxtpl, a template built in memory with
python-docx) and PDF (WeasyPrint with Noto CJK).

The full ID and phone numbers are printed only for the case's mediators and Perm.MEDIATE holders
(who print it for signing); anyone else who may read the case gets the masked forms.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _

from tongxin.council.mediation import rules
from tongxin.council.mediation.models import Agreement, Party

NAME_SEPARATOR = "、"


def _date(day: Any) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day else "—"


def _party(p: Party, full: bool) -> dict[str, str]:
    return {
        "role": str(p.get_role_display()),
        "name": p.name,
        "id_number": (p.id_number_plain() if full else p.id_number_masked) or "—",
        "phone": (p.phone_plain() if full else p.phone_masked) or "—",
        "address": p.address or "—",
    }


def agreement_context(agreement: Agreement, *, full: bool) -> dict[str, Any]:
    case = agreement.case
    parties = list(case.parties.order_by("role", "id"))
    mediators = list(case.mediators.order_by("name_pinyin", "id"))
    return {
        "heading": _("People's Mediation Agreement"),
        "committee": case.committee.name,
        "number": _("No. %(code)s") % {"code": case.code},
        "parties": [_party(p, full) for p in parties],
        "facts": agreement.facts,
        "obligations": agreement.obligations,
        "performance": agreement.performance,
        "perform_by": _date(agreement.perform_by),
        "made_on": _date(agreement.made_on),
        "confirm_note": _(
            "This agreement is legally binding once signed and sealed; the parties shall perform it. "
            "The parties may jointly apply to the people's court for judicial confirmation within %(days)d days "
            "of its taking effect (People's Mediation Law, art. 33)."
        )
        % {"days": rules.confirm_days()},
        "copies": _("This agreement is made in %(n)d copies: one for each party and one kept by the committee.")
        % {"n": len(parties) + 1},
        "mediators": NAME_SEPARATOR.join(m.name for m in mediators) or "—",
        "l": {
            "parties": _("Parties"),
            "role": _("Role"),
            "name": _("Name"),
            "id_number": _("ID number"),
            "phone": _("Phone"),
            "address": _("Address"),
            "facts": _("Main facts and points in dispute"),
            "obligations": _("Obligations agreed"),
            "performance": _("How and when they are performed"),
            "perform_by": _("Performed by"),
            "party_sign": _("Parties (signature or fingerprint)"),
            "mediator_sign": _("Mediators (signature)"),
            "seal": _("Committee (seal)"),
            "date": _("Date"),
            "blank": "________________",
        },
    }


@functools.cache
def _docx_template() -> bytes:
    from docx import Document
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
        for theme in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        style.font.color.rgb = RGBColor(0, 0, 0)
    title_ppr = doc.styles["Title"].element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    doc.add_paragraph("{{ heading }}", style="Title").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{{ committee }}　{{ number }}").alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_paragraph("{{ l.parties }}", style="Heading 2")
    table = doc.add_table(rows=4, cols=5)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, ("role", "name", "id_number", "phone", "address"), strict=True):
        cell.text = f"{{{{ l.{label} }}}}"
    table.rows[1].cells[0].text = "{%tr for p in parties %}"
    for cell, key in zip(table.rows[2].cells, ("role", "name", "id_number", "phone", "address"), strict=True):
        cell.text = f"{{{{ p.{key} }}}}"
    table.rows[3].cells[0].text = "{%tr endfor %}"

    for label, value in (("facts", "facts"), ("obligations", "obligations"), ("performance", "performance")):
        doc.add_paragraph(f"{{{{ l.{label} }}}}", style="Heading 2")
        doc.add_paragraph(f"{{{{ {value} }}}}")
    doc.add_paragraph("{{ l.perform_by }}：{{ perform_by }}")
    doc.add_paragraph("{{ confirm_note }}")
    doc.add_paragraph("{{ copies }}")
    doc.add_paragraph("")
    signatures = doc.add_table(rows=3, cols=2)
    signatures.rows[0].cells[0].text = "{{ l.party_sign }}：{{ l.blank }}"
    signatures.rows[0].cells[1].text = "{{ l.party_sign }}：{{ l.blank }}"
    signatures.rows[1].cells[0].text = "{{ l.mediator_sign }}：{{ mediators }}"
    signatures.rows[1].cells[1].text = "{{ l.seal }}："
    signatures.rows[2].cells[1].text = "{{ l.date }}：{{ made_on }}"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def agreement_docx(agreement: Agreement, *, full: bool) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(_docx_template()))
    template.render(agreement_context(agreement, full=full), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _weasyprint_html() -> Any:
    """WeasyPrint's HTML class without its import-time change to Pillow's truncated-image flag
    (the scan check in this process must keep refusing cut-off photos)."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = before
    return HTML


def agreement_pdf(agreement: Agreement, *, full: bool) -> bytes:
    html = render_to_string("mediation/agreement_pdf.html", agreement_context(agreement, full=full))
    return _weasyprint_html()(string=html).write_pdf()
