"""Errands on the workbench and in the figures (registered in ErrandsConfig.ready()).

The office (Perm.FRONT_DESK) and the subdistrict see the open errands due within two working days
or overdue, the most urgent first; the count is the list filtered to `?due=soon`. The figures:
errands received in the period, and handed back by their deadline of those handed back in it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.frontdesk.errands.queries import errand_list, on_time_by_community, received_by_community
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.web import indicators as ind
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    due = errand_list(user, due="soon", today=when.today)
    rows = list(due[:TOP_ROWS])
    count = due.count()
    overdue = any(e.due_on < when.today for e in rows)
    return [
        Item(
            key="errands.due",
            label=gettext_lazy("Errands due within 2 working days or overdue"),
            count=count,
            url=f"{reverse('errands:list')}?due=soon",
            urgency=Urgency.OVERDUE if overdue else Urgency.SOON,
            order=45,
            rows=[
                Row(
                    label=f"{e.person_name} · {e.get_kind_display()}",
                    url=reverse("errands:errand", args=[e.pk]),
                    note=_("deadline %(date)s") % {"date": e.due_on.isoformat()},
                    urgency=Urgency.OVERDUE if e.due_on < when.today else Urgency.SOON,
                    badge=_("Overdue") if e.due_on < when.today else _("Due soon"),
                )
                for e in rows
            ],
        )
    ]


def _reads(scope: Scope) -> bool:
    return scope.has_perm(Perm.FRONT_DESK) or Role.SUBDISTRICT in scope.roles


def _received(place: Any, start: datetime.date, end: datetime.date) -> ind.Values:
    return ind.Values(by_path={r["community__path"]: int(r["n"]) for r in received_by_community(place, start, end)})


def _on_time(place: Any, start: datetime.date, end: datetime.date) -> ind.Values:
    rows = on_time_by_community(place, start, end)
    return ind.Values(by_path={r["community__path"]: ind.Ratio(r["part"], r["whole"]) for r in rows}, zero=ind.Ratio())


def _href(node: Any, start: datetime.date, end: datetime.date) -> str:
    return f"{reverse('errands:list')}?node={node.pk}&from={start:%Y-%m-%d}&to={end:%Y-%m-%d}"


def register_parts() -> None:
    register(Source(code="errands", applies=_reads, items=_items, queries=2))
    ind.register(
        ind.Indicator(
            key="errands.received",
            group=gettext_lazy("Front desk"),
            label=gettext_lazy("Errands received"),
            kind=ind.Kind.COUNT,
            compute=_received,
            may_read=_reads,
            href=_href,
            definition=gettext_lazy("Errands the front desk received for residents in the period (全程代办)."),
            order=31,
        )
    )
    ind.register(
        ind.Indicator(
            key="errands.on_time",
            group=gettext_lazy("Front desk"),
            label=gettext_lazy("Errands handed back on time"),
            kind=ind.Kind.RATIO,
            compute=_on_time,
            may_read=_reads,
            href=_href,
            definition=gettext_lazy(
                "Errands handed back in the period on or before their deadline, of all those handed back in it."
            ),
            order=32,
        )
    )
