"""Member development on the workbench (registered in DevelopmentConfig.ready()): the candidates
whose next step is due or overdue (`steps_due`, the pipeline's `?due=on`), each a link to the
candidate's page. One query."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.partylife.development.queries import steps_due
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    due = steps_due(user, today=when.today)
    overdue = any(d.level == "overdue" for _c, d in due)
    return [
        Item(
            key="development.due",
            label=gettext_lazy("Development steps due"),
            count=len(due),
            url=reverse("development:pipeline") + "?due=on",
            urgency=Urgency.OVERDUE if overdue else Urgency.SOON,
            rows=[
                Row(
                    label=f"{c.name} · {c.get_stage_display()}",
                    url=reverse("development:detail", args=[c.pk]),
                    note=f"{c.org.name} · {d.text}",
                    urgency=Urgency.OVERDUE if d.level == "overdue" else Urgency.SOON,
                    badge=_("Overdue") if d.level == "overdue" else _("Due"),
                )
                for c, d in due[:TOP_ROWS]
            ],
            order=50,
        )
    ]


def register_sources() -> None:
    register(
        Source(
            code="development",
            # The branch's member work (发展党员) is for who holds PARTY_WORK: a branch or community.
            applies=lambda scope: scope.has_perm(Perm.PARTY_WORK),
            items=_items,
            queries=1,
        )
    )
