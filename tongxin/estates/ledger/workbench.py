"""The ledgers on the workbench and on the community's public page (registered in
LedgerConfig.ready()).

The community's office sees the entries waiting for the committee's approval, the months ready
to publish, and the owners' questions waiting for an answer; each count is the list it opens.
The public page lists the community's estates with a published ledger.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.estates.ledger.queries import drafts, estates_with_published_ledger, months_ready, questions_waiting
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import Scope
from tongxin.platform.core.money import format_yuan
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register
from tongxin.registry.areas.models import Area
from tongxin.registry.areas.public_parts import register_public_part


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    waiting = list(drafts(user)[: TOP_ROWS + 1])
    waiting_count = len(waiting) if len(waiting) <= TOP_ROWS else drafts(user).count()
    ready = months_ready(user, when.today)
    asked = list(questions_waiting(user)[: TOP_ROWS + 1])
    asked_count = len(asked) if len(asked) <= TOP_ROWS else questions_waiting(user).count()
    return [
        Item(
            key="ledger.drafts",
            label=gettext_lazy("Ledger entries waiting for the committee's approval"),
            count=waiting_count,
            url=reverse("ledger:drafts"),
            urgency=Urgency.NORMAL,
            order=71,
            rows=[
                Row(
                    label=f"{e.estate.name} · {e.category.name}",
                    url=reverse("ledger:entry", args=[e.pk]),
                    note=f"{e.occurred_on:%Y-%m-%d} {format_yuan(e.amount)}",
                    badge=_("Draft"),
                )
                for e in waiting[:TOP_ROWS]
            ],
        ),
        Item(
            key="ledger.months_ready",
            label=gettext_lazy("Ledger months ready to publish to the owners"),
            count=len(ready),
            url=reverse("ledger:ready"),
            urgency=Urgency.SOON,
            order=72,
            rows=[
                Row(
                    label=f"{r.estate.name} · {r.month:%Y-%m}",
                    url=f"{reverse('ledger:ledger', args=[r.estate.pk])}?month={r.month:%Y-%m}",
                    badge=_("Publish"),
                    urgency=Urgency.SOON,
                )
                for r in ready[:TOP_ROWS]
            ],
        ),
        Item(
            key="ledger.questions",
            label=gettext_lazy("Owners' questions on the ledger waiting for an answer"),
            count=asked_count,
            url=reverse("ledger:questions"),
            urgency=Urgency.SOON,
            order=73,
            rows=[
                Row(
                    label=f"{q.entry.estate.name} · {q.asker}",
                    url=reverse("ledger:entry", args=[q.entry_id]),
                    note=q.text[:40],
                    badge=_("Answer"),
                    urgency=Urgency.SOON,
                )
                for q in asked[:TOP_ROWS]
            ],
        ),
    ]


def _public_part(community: Area) -> dict[str, Any] | None:
    estates = list(estates_with_published_ledger(community.path))
    return {"estates": estates} if estates else None


def register_parts() -> None:
    register(Source(code="ledger", applies=lambda scope: scope.has_perm(Perm.ESTATE), items=_items, queries=7))
    register_public_part("ledger.estates", "ledger/public_part.html", _public_part, order=60)
