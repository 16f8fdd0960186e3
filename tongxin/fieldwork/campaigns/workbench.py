"""Campaigns on the workbench (registered in CampaignsConfig.ready()).

A grid worker or building leader sees, per running campaign, how many of its targets in their
own place are still to check, opening that campaign's targets page (which shows those targets).
The office that runs campaigns sees the running ones ending within ENDING_DAYS or already past
their end, opening the list filtered to exactly those.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.fieldwork.campaigns.queries import campaign_list, pending_by_campaign
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register

# At most this many running campaigns get an item of their own.
MAX_PENDING_ITEMS = 3


def _field_items(user: Any, scope: Scope, when: Today) -> list[Item]:
    items = []
    for row in pending_by_campaign(user)[:MAX_PENDING_ITEMS]:
        late = row["campaign__ends_on"] < when.today
        items.append(
            Item(
                key=f"campaigns.pending.{row['campaign_id']}",
                label=_("%(name)s: targets to check") % {"name": row["campaign__name"]},
                count=row["pending"],
                url=reverse("campaigns:targets", args=[row["campaign_id"]]),
                urgency=Urgency.OVERDUE if late else Urgency.SOON,
                note=_("ends %(date)s") % {"date": date_format(row["campaign__ends_on"], "DATE_FORMAT")},
                order=30,
            )
        )
    return items


def _staff_items(user: Any, scope: Scope, when: Today) -> list[Item]:
    qs = campaign_list(user, ending_from=when.today)
    ending = list(qs[: TOP_ROWS + 1])
    count = len(ending) if len(ending) <= TOP_ROWS else qs.count()
    late = any(c.ends_on < when.today for c in ending)
    return [
        Item(
            key="campaigns.ending",
            label=gettext_lazy("Campaigns ending within 7 days"),
            count=count,
            url=reverse("campaigns:list") + "?ending=soon",
            urgency=Urgency.OVERDUE if late else Urgency.SOON,
            order=55,
            rows=[
                Row(
                    label=c.name,
                    url=reverse("campaigns:campaign", args=[c.pk]),
                    note=_("checked %(k)d / %(t)d, ends %(date)s")
                    % {
                        "k": getattr(c, "checked_count", 0),
                        "t": getattr(c, "target_count", 0),
                        "date": date_format(c.ends_on, "DATE_FORMAT"),
                    },
                    urgency=Urgency.OVERDUE if c.ends_on < when.today else Urgency.SOON,
                    badge=_("Past its end") if c.ends_on < when.today else "",
                )
                for c in ending[:TOP_ROWS]
            ],
        )
    ]


def register_parts() -> None:
    register(
        Source(
            code="campaigns.field",
            applies=lambda scope: scope.has_perm(Perm.VISIT) and not scope.has_perm(Perm.CAMPAIGN),
            items=_field_items,
            queries=1,
        )
    )
    register(
        Source(
            code="campaigns.staff",
            applies=lambda scope: scope.has_perm(Perm.CAMPAIGN),
            items=_staff_items,
            queries=2,
        )
    )
