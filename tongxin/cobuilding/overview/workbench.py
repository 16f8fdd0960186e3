"""Members' offers to take on a need, on the workbench of co-building staff (Perm.COBUILD)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.cobuilding.projects.offers import offers_waiting
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import Scope, visible_to
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    qs = visible_to(offers_waiting(), user, perm=Perm.COBUILD)
    count = qs.count()
    rows = []
    if count:
        for p in qs.select_related("member").order_by("claimed_at", "id")[:TOP_ROWS]:
            rows.append(Row(label=p.title, url=reverse("cobuilding:offers"), note=p.member.name if p.member else ""))
    return [
        Item(
            key="cobuilding.offers",
            label=gettext_lazy("Members' offers to take on a need"),
            count=count,
            url=reverse("cobuilding:offers"),
            urgency=Urgency.SOON if count else Urgency.CLEAR,
            note=_("confirm or decline") if count else "",
            rows=rows,
            order=60,
        )
    ]


def register_sources() -> None:
    register(
        Source(
            code="cobuilding.offers",
            applies=lambda scope: scope.has_perm(Perm.COBUILD),
            items=_items,
            queries=2,
        )
    )
