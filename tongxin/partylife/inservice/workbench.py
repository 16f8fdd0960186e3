"""Members' own reports-in waiting for confirmation, on the workbench of whoever may confirm them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.partylife.inservice.queries import may_write_report, waiting_reports
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    qs = waiting_reports(user).select_related("member", "member__org", "community").order_by("created_at", "id")
    rows = [r for r in qs[: TOP_ROWS * 4] if may_write_report(user, r)]
    count = len(rows) if len(rows) < TOP_ROWS * 4 else qs.count()
    return [
        Item(
            key="inservice.waiting",
            label=gettext_lazy("Reports-in to confirm (双报到)"),
            count=count,
            url=reverse("inservice:list") + "?waiting=1",
            urgency=Urgency.SOON if count else Urgency.CLEAR,
            rows=[
                Row(
                    label=r.member.name,
                    url=reverse("inservice:detail", args=[r.pk]),
                    note=_("to %(community)s") % {"community": r.community.name},
                )
                for r in rows[:TOP_ROWS]
            ],
            order=55,
        )
    ]


def register_sources() -> None:
    register(
        Source(
            code="inservice.waiting",
            applies=lambda scope: scope.has_perm(Perm.PARTY_WORK),
            items=_items,
            queries=2,
        )
    )
