"""Excel export of the resident list: the rows the user sees, numbers masked, audited."""

from __future__ import annotations

from io import BytesIO
from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tongxin.platform.access.actor import Actor
from tongxin.platform.core.audit import audit_record
from tongxin.registry.people.models import Resident

MAX_ROWS = 100_000


def residents_workbook(*, actor: Actor, residents: QuerySet[Resident], filters: dict[str, Any]) -> bytes:
    """Write the (already scoped) residents to an .xlsx; the export is recorded in the audit trail."""
    book = Workbook(write_only=False)
    sheet = cast(Worksheet, book.active)  # a new workbook's one sheet
    sheet.title = _("Residents")
    headers = [
        _("Name"),
        _("Grid"),
        _("Building / entrance"),
        _("Door number"),
        _("Relation to head"),
        _("Gender"),
        _("Birth date"),
        _("ID number"),
        _("Phone"),
        _("Care categories"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    # Chunks keep the prefetch of care categories to a bounded IN list on any database.
    for resident in residents[:MAX_ROWS].iterator(chunk_size=2000):
        household = resident.household
        sheet.append(
            [
                resident.name,
                household.grid.name if household.grid else "",
                household.area.name,
                household.number,
                resident.get_relation_display(),
                resident.get_gender_display(),
                resident.birth_date,
                resident.id_number_masked,
                resident.phone_masked,
                "、".join(str(c) for c in resident.care_categories.all()),
            ]
        )
        count += 1
    for index, width in enumerate([10, 12, 14, 10, 10, 6, 12, 22, 15, 24], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    audit_record(
        actor=actor,
        action="export",
        object_type="people.resident",
        object_repr=_("Resident list"),
        changes={"rows": count, **{k: v for k, v in filters.items() if v}},
    )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
