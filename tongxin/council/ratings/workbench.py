"""Ratings on the workbench (registered in RatingsConfig.ready()), for those who keep them
(Perm.RECOGNISE): rounds waiting for scores, and rounds whose publicity ends soon or has ended
(the results to publish). Each count is the index page filtered the same way (`waiting_q`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.council.ratings.queries import rounds_visible_to, waiting_q
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register

ITEMS: list[tuple[str, Any, str, int]] = [
    ("publicity", gettext_lazy("Rating rounds: publicity ending, results to publish"), Urgency.SOON, 60),
    ("scoring", gettext_lazy("Rating rounds waiting for scores"), Urgency.NORMAL, 61),
]


def _row(key: str, rnd: Any, when: Today) -> Row:
    url = reverse("ratings:round", args=[rnd.pk])
    if key == "publicity" and rnd.publicity_ends is not None:
        ended = rnd.publicity_ends <= when.now
        ends = date_format(timezone.localtime(rnd.publicity_ends), "DATE_FORMAT")
        return Row(
            label=rnd.name,
            url=url,
            note=(_("publicity ended %(date)s") if ended else _("publicity ends %(date)s")) % {"date": ends},
            urgency=Urgency.SOON if ended else Urgency.NORMAL,
            badge=_("Ended") if ended else _("Ends soon"),
        )
    return Row(label=rnd.name, url=url, note=rnd.scheme.community.name, badge=rnd.get_state_display())


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    rounds = rounds_visible_to(user)
    counts = rounds.aggregate(**{key: Count("pk", filter=waiting_q(key, when.now)) for key, *_rest in ITEMS})
    items = []
    for key, label, urgency, order in ITEMS:
        count = counts[key] or 0
        rows = []
        if count:
            found = (
                rounds.filter(waiting_q(key, when.now))
                .select_related("scheme__community")
                .order_by("publicity_ends" if key == "publicity" else "period_end", "id")[:TOP_ROWS]
            )
            rows = [_row(key, r, when) for r in found]
        items.append(
            Item(
                key=f"ratings.{key}",
                label=label,
                count=count,
                url=reverse("ratings:index") + f"?waiting={key}",
                urgency=urgency if count else Urgency.CLEAR,
                rows=rows,
                order=order,
            )
        )
    return items


def register_sources() -> None:
    register(
        Source(
            code="ratings",
            applies=lambda scope: scope.has_perm(Perm.RECOGNISE),
            items=_items,
            queries=1 + len(ITEMS),
        )
    )
