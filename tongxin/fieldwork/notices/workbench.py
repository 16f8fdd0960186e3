"""Notices on the workbench (registered in NoticesConfig.ready()): a grid worker's (or building
leader's) households still to take a notice to, counted with the query of the to-deliver list it
opens (`queries.to_deliver`), its first rows naming the households."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from tongxin.fieldwork.notices.queries import to_deliver, to_deliver_rows
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register


def _applies(scope: Scope) -> bool:
    # Those who walk the doors; the community office follows the notice page instead.
    return bool(scope.roles & {Role.GRID_WORKER, Role.BUILDING_LEADER}) and scope.has_perm(Perm.VISIT)


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    rows = list(to_deliver_rows(user)[: TOP_ROWS + 1])
    count = len(rows) if len(rows) <= TOP_ROWS else to_deliver(user).count()
    url = reverse("notices:deliver")
    return [
        Item(
            key="notices.to_deliver",
            label=gettext_lazy("Households to take a notice to"),
            count=count,
            url=url,
            urgency=Urgency.SOON,
            order=30,
            rows=[
                Row(
                    label=f"{d.household.area.name} {d.household.number}",
                    url=f"{url}?notice={d.notice_id}",
                    note=d.notice.title,
                )
                for d in rows[:TOP_ROWS]
            ],
        )
    ]


def register_parts() -> None:
    register(Source(code="notices", applies=_applies, items=_items, queries=2))
