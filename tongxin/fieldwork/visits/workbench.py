"""Households due a visit on the workbench of who visits them (registered in VisitsConfig.ready()).

The count is the to-visit list's (`due_list(..., only_due=True)`, the page `/visits/` shows by
default); each row opens the visit form for that household. Three queries: the cadence table,
the count and the first rows.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.fieldwork.visits.queries import day_number, due_list
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register

VISITORS = frozenset({Role.GRID_WORKER, Role.BUILDING_LEADER})


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    households = due_list(user, today=when.today, only_due=True)
    count = households.count()
    rows = []
    if count:
        for h in households[:TOP_ROWS]:
            last = h.last_visit  # type: ignore[attr-defined]
            if last is None:
                note, badge, urgency = _("never visited"), _("Never visited"), Urgency.OVERDUE
            else:
                note = _("last visited %(date)s") % {"date": date_format(last, "DATE_FORMAT")}
                late = h.due_key < day_number(when.today)  # type: ignore[attr-defined]
                badge, urgency = (_("Overdue"), Urgency.OVERDUE) if late else (_("Due"), Urgency.SOON)
            place = f"{h.area.name} {h.number}"
            if h.grid is not None and h.grid_id != h.area_id:
                note = f"{h.grid.name} · {note}"
            rows.append(
                Row(label=place, url=reverse("visits:record", args=[h.pk]), note=note, urgency=urgency, badge=badge)
            )
    return [
        Item(
            key="visits.due",
            label=gettext_lazy("Households due a visit"),
            count=count,
            url=reverse("visits:due"),
            urgency=Urgency.SOON,
            rows=rows,
            order=20,
        )
    ]


def register_sources() -> None:
    register(
        Source(
            code="visits",
            # Grid workers and building leaders go door to door (大走访); the office reads coverage.
            applies=lambda scope: not scope.is_admin and bool(scope.roles & VISITORS),
            items=_items,
            queries=3,
        )
    )
