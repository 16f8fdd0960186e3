"""Owners' committees on the workbench (registered in OwnersConfig.ready()): the terms ending
within TERM_NOTICE_DAYS (or ended without a new election), for the community's office."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.estates.owners.queries import terms_ending
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    rows = list(terms_ending(user, when.today)[: TOP_ROWS + 1])
    count = len(rows) if len(rows) <= TOP_ROWS else terms_ending(user, when.today).count()
    return [
        Item(
            key="owners.terms_ending",
            label=gettext_lazy("Owners' committees whose term ends within 60 days"),
            count=count,
            url=f"{reverse('owners:estates')}?term=ending",
            urgency=Urgency.SOON,
            order=70,
            rows=[
                Row(
                    label=c.estate.name,
                    url=reverse("owners:estate", args=[c.estate_id]),
                    note=_("term ends %(date)s") % {"date": date_format(c.term_ends, "DATE_FORMAT")},
                    urgency=Urgency.OVERDUE if c.term_ends < when.today else Urgency.SOON,
                    badge=_("Ended") if c.term_ends < when.today else _("Election due"),
                )
                for c in rows[:TOP_ROWS]
            ],
        )
    ]


def register_parts() -> None:
    register(Source(code="owners", applies=lambda scope: scope.has_perm(Perm.ESTATE), items=_items, queries=2))
