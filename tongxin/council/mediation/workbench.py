"""Mediation on the workbench (registered in MediationConfig.ready()).

For the committee's office (Perm.MEDIATE): cases handed over from the grid waiting to be taken
on, cases past the month they are settled in, follow-up visits due, and the 30 days to apply for
judicial confirmation (司法确认, art. 33) about to end. Each count is the list's `?waiting=`
filter (`queries.WAITING`), each row opens its case.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.council.mediation import rules
from tongxin.council.mediation.queries import waiting_counts, waiting_rows
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register

ITEMS: list[tuple[str, Any, str, int]] = [
    ("overdue", gettext_lazy("Mediation cases past their month"), Urgency.OVERDUE, 44),
    ("followup", gettext_lazy("Mediation follow-up visits due"), Urgency.SOON, 45),
    ("confirm", gettext_lazy("Judicial confirmation windows closing"), Urgency.SOON, 46),
]


def _row(key: str, case: Any) -> Row:
    url = reverse("mediation:case", args=[case.pk])
    if key == "overdue":
        note = _("to settle by %(date)s") % {"date": date_format(case.due_on, "DATE_FORMAT")}
        return Row(label=case.title, url=url, note=note, urgency=Urgency.OVERDUE, badge=_("Overdue"))
    if key == "followup":
        due = rules.followup_due(case.agreement.perform_by)
        note = _("visit due %(date)s") % {"date": date_format(due, "DATE_FORMAT")}
        return Row(label=case.title, url=url, note=note, urgency=Urgency.SOON, badge=_("Visit"))
    ends = rules.confirm_ends(case.agreement.made_on)
    note = _("confirmation window ends %(date)s") % {"date": date_format(ends, "DATE_FORMAT")}
    return Row(label=case.title, url=url, note=note, urgency=Urgency.SOON, badge=_("Ends soon"))


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    counts = waiting_counts(user, when.today)
    items = []
    for key, label, urgency, order in ITEMS:
        count = counts[key]
        rows = [_row(key, c) for c in waiting_rows(user, key, when.today, TOP_ROWS)] if count else []
        items.append(
            Item(
                key=f"mediation.{key}",
                label=label,
                count=count,
                url=reverse("mediation:cases") + f"?waiting={key}",
                urgency=urgency,
                rows=rows,
                order=order,
            )
        )
    return items


def register_sources() -> None:
    register(
        Source(
            code="mediation",
            applies=lambda scope: scope.has_perm(Perm.MEDIATE),
            items=_items,
            queries=1 + len(ITEMS),
        )
    )
