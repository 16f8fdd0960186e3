"""Transfers on the workbench (registered in TransfersConfig.ready()): those still under way
(`transfer_list(state="pending")`, the list's `?state=pending`), the letters past their validity
first. Two queries: the count with the overdue among them, and the first rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.partylife.transfers.queries import PENDING_FILTER, transfer_list
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    pending = transfer_list(user, today=when.today, state=PENDING_FILTER)
    counts = pending.aggregate(n=Count("pk"), late=Count("pk", filter=Q(overdue=True)))
    rows = []
    if counts["n"]:
        for t in pending.order_by("-overdue", "due_on", "initiated_on", "id")[:TOP_ROWS]:
            rows.append(
                Row(
                    label=f"{t.name} · {t.get_direction_display()}",
                    url=reverse("transfers:detail", args=[t.pk]),
                    note=t.get_state_display(),
                    urgency=Urgency.OVERDUE if t.overdue else Urgency.NORMAL,  # type: ignore[attr-defined]
                    badge=_("Letter expired") if t.overdue else "",  # type: ignore[attr-defined]
                )
            )
    note = ""
    if counts["late"]:
        note = _("%(n)s letter(s) past their validity") % {"n": counts["late"]}
    return [
        Item(
            key="transfers.pending",
            label=gettext_lazy("Transfers under way"),
            count=counts["n"],
            url=reverse("transfers:list") + f"?state={PENDING_FILTER}",
            urgency=Urgency.OVERDUE if counts["late"] else Urgency.NORMAL,
            note=note,
            rows=rows,
            order=55,
        )
    ]


def register_sources() -> None:
    register(
        Source(
            code="transfers",
            applies=lambda scope: scope.has_perm(Perm.PARTY_WORK),
            items=_items,
            queries=2,
        )
    )
