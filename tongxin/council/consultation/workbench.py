"""Consultation on the workbench (registered in ConsultationConfig.ready()).

For those who run the councils (Perm.CONSULT): topics waiting for review, objections waiting for
an answer, topics with tasks overdue, and publicity ending or ended with the next step waiting.
Each figure is the count of the topics list filtered the same way (`queries.WAITING`), and each
row opens its topic.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.council.consultation.queries import waiting_counts, waiting_rows
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Action, Item, Row, Source, Today, Urgency, register

ITEMS: list[tuple[str, Any, str, int]] = [
    # (waiting filter, label, urgency, order)
    ("overdue_tasks", gettext_lazy("Topics with tasks overdue"), Urgency.OVERDUE, 40),
    ("objection", gettext_lazy("Objections waiting for an answer"), Urgency.SOON, 41),
    ("publicity", gettext_lazy("Publicity ending: next step of the topic"), Urgency.SOON, 42),
    ("review", gettext_lazy("Topics waiting for review"), Urgency.SOON, 43),
]


def _list_url(key: str) -> str:
    return reverse("consultation:topics") + f"?waiting={key}"


def _row(key: str, topic: Any, when: Today) -> Row:
    url = reverse("consultation:topic", args=[topic.pk])
    if key == "publicity" and topic.publicity_ends is not None:
        ended = topic.publicity_ends <= when.now
        ends = date_format(timezone.localtime(topic.publicity_ends), "DATE_FORMAT")
        return Row(
            label=topic.title,
            url=url,
            note=(_("publicity ended %(date)s") if ended else _("publicity ends %(date)s")) % {"date": ends},
            urgency=Urgency.SOON if ended else Urgency.NORMAL,
            badge=_("Ended") if ended else _("Ends soon"),
        )
    if key == "overdue_tasks":
        return Row(label=topic.title, url=url, note=topic.area.name, urgency=Urgency.OVERDUE, badge=_("Overdue"))
    if key == "objection":
        return Row(label=topic.title, url=url, note=topic.area.name, urgency=Urgency.SOON, badge=_("Objection"))
    return Row(
        label=topic.title,
        url=url,
        note=_("raised %(date)s") % {"date": date_format(timezone.localtime(topic.created_at), "DATE_FORMAT")},
    )


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    counts = waiting_counts(user, when.now)
    items = []
    for key, label, urgency, order in ITEMS:
        count = counts[key]
        rows = [_row(key, t, when) for t in waiting_rows(user, key, when.now, TOP_ROWS)] if count else []
        items.append(
            Item(
                key=f"consultation.{key}",
                label=label,
                count=count,
                url=_list_url(key),
                urgency=urgency,
                rows=rows,
                order=order,
            )
        )
    return items


def _unit_actions(scope: Scope) -> list[Action]:
    return [
        Action(
            key="consultation.unit_topic",
            label=gettext_lazy("Raise a topic for our unit"),
            url=reverse("consultation:unit_topic_new"),
        )
    ]


def register_sources() -> None:
    register(
        Source(
            code="consultation",
            applies=lambda scope: scope.has_perm(Perm.CONSULT),
            items=_items,
            # the counts, and the first rows of each item that has any
            queries=1 + len(ITEMS),
        )
    )
    # A unit's contact raises topics for the unit (its page says so if it answers for none yet).
    register(
        Source(
            code="consultation.units",
            applies=lambda scope: Role.UNIT_CONTACT in scope.roles,
            items=lambda user, scope, when: [],
            queries=0,
            actions=_unit_actions,
        )
    )
