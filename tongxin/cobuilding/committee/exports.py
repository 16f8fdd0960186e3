"""Excel export of a committee's members with a dual identity: the people, numbers masked, audited."""

from __future__ import annotations

from io import BytesIO
from typing import cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tongxin.cobuilding.committee.models import JointCommittee, MemberBranch
from tongxin.cobuilding.committee.queries import branch_of
from tongxin.platform.access.actor import Actor
from tongxin.platform.core.audit import audit_record
from tongxin.registry.party.models import PartyMember

MAX_ROWS = 50_000


def members_workbook(
    *, actor: Actor, committee: JointCommittee, members: QuerySet[PartyMember], branches: list[MemberBranch]
) -> bytes:
    book = Workbook()
    sheet = cast(Worksheet, book.active)
    sheet.title = _("Members")
    sheet.append([_("Name"), _("Branch"), _("Unit"), _("Phone")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for member in members[:MAX_ROWS].iterator(chunk_size=2000):
        branch = branch_of(member, branches)
        sheet.append(
            [
                member.name,
                branch.org.name if branch else member.org.name,
                branch.unit.name if branch and branch.unit else "",
                member.phone_masked,
            ]
        )
        count += 1
    for index, width in enumerate([12, 28, 24, 15], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    audit_record(actor=actor, action="export", obj=committee, changes={"members": count})
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
