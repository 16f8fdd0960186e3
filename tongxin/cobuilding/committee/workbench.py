"""The big committee on the workbench (registered in CommitteeConfig.ready()).

For co-building staff (Perm.COBUILD): committee terms and seats ending within TERM_NOTICE_DAYS
(换届提醒; red once ended), counted by the same query as the committee list's `?terms=ending`.
For staff and the subdistrict: the committees behind schedule with their joint meetings, the
rows of the behind-schedule page (as 三会一课 meetings are flagged).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.cobuilding.committee import queries
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register


def _terms_item(user: Any, when: Today) -> Item:
    ending = queries.terms_ending(user, when.today, TOP_ROWS)
    rows = []
    for c in ending.committees:
        late = c.term_ends_on < when.today
        rows.append(
            Row(
                label=c.name,
                url=reverse("committee:committee", args=[c.pk]),
                note=_("term ends %(date)s") % {"date": date_format(c.term_ends_on, "DATE_FORMAT")},
                urgency=Urgency.OVERDUE if late else Urgency.SOON,
                badge=_("Ended") if late else _("换届"),
            )
        )
    for s in ending.seats:
        late = s.ends_on < when.today
        rows.append(
            Row(
                label=f"{s.name} · {s.committee.name}",
                url=reverse("committee:committee", args=[s.committee_id]) + f"#seat-{s.pk}",
                note=_("term ends %(date)s") % {"date": date_format(s.ends_on, "DATE_FORMAT")},
                urgency=Urgency.OVERDUE if late else Urgency.SOON,
                badge=_("Ended") if late else _("Ends soon"),
            )
        )
    return Item(
        key="committee.terms",
        label=gettext_lazy("Committee terms ending (换届)"),
        count=ending.count,
        url=reverse("committee:committees") + "?terms=ending",
        urgency=Urgency.OVERDUE if ending.overdue else Urgency.SOON,
        rows=rows,
        order=47,
    )


def _behind_item(user: Any, when: Today) -> Item:
    qs = queries.behind_committees(user, when.today)
    count = qs.count()
    rows = [
        Row(
            label=c.name,
            url=reverse("committee:committee", args=[c.pk]),
            note=c.community.name,
            urgency=Urgency.OVERDUE,
            badge=_("Behind"),
        )
        for c in (qs[:TOP_ROWS] if count else [])
    ]
    return Item(
        key="committee.behind",
        label=gettext_lazy("Joint meetings behind schedule"),
        count=count,
        url=reverse("committee:behind"),
        urgency=Urgency.OVERDUE,
        rows=rows,
        order=48,
    )


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    items = [_behind_item(user, when)]
    if scope.has_perm(Perm.COBUILD):
        items.insert(0, _terms_item(user, when))
    return items


def _applies(scope: Scope) -> bool:
    return scope.has_perm(Perm.COBUILD) or Role.SUBDISTRICT in scope.roles


def register_sources() -> None:
    # terms: 2 aggregates + 2 row lists; behind: a count and its rows.
    register(Source(code="committee", applies=_applies, items=_items, queries=6))
