"""Agreements on the workbench and on the unit's portal (registered in AgreementsConfig.ready()).

Staff who run co-building see the signed agreements ending within RENEWAL_NOTICE_DAYS (most
urgent first) and the drafts not signed yet; each count is the list filtered to those rows. A
unit's contact sees, on the portal, this year's agreement: each commitment promised, delivered
and remaining, with a button to report a delivery.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.cobuilding.agreements.models import Commitment
from tongxin.cobuilding.agreements.queries import drafts, ending_soon, progress_rows, running_for
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.portal_parts import register_portal_part


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    ending = list(ending_soon(user, when.today)[: TOP_ROWS + 1])
    ending_count = len(ending) if len(ending) <= TOP_ROWS else ending_soon(user, when.today).count()
    draft_rows = list(drafts(user)[: TOP_ROWS + 1])
    draft_count = len(draft_rows) if len(draft_rows) <= TOP_ROWS else drafts(user).count()
    base = reverse("agreements:list")
    return [
        Item(
            key="agreements.ending",
            label=gettext_lazy("Co-building agreements ending within 30 days"),
            count=ending_count,
            url=f"{base}?ending=soon",
            urgency=Urgency.SOON,
            order=60,
            rows=[
                Row(
                    label=a.unit.name,
                    url=reverse("agreements:agreement", args=[a.pk]),
                    note=_("ends %(date)s") % {"date": date_format(a.ends_on, "DATE_FORMAT")},
                    urgency=Urgency.SOON,
                    badge=_("Renew"),
                )
                for a in ending[:TOP_ROWS]
            ],
        ),
        Item(
            key="agreements.drafts",
            label=gettext_lazy("Co-building agreements not signed yet"),
            count=draft_count,
            url=f"{base}?status=draft",
            urgency=Urgency.NORMAL,
            order=61,
            rows=[
                Row(label=a.unit.name, url=reverse("agreements:agreement", args=[a.pk]), note=a.title, badge=_("Draft"))
                for a in draft_rows[:TOP_ROWS]
            ],
        ),
    ]


def _portal(user: Any, units: list[ResidentUnit]) -> dict[str, Any] | None:
    from django.utils import timezone

    agreements = list(running_for(units, timezone.localdate()))
    if not agreements:
        return None
    commitments = progress_rows(Commitment.objects.filter(agreement__in=[a.pk for a in agreements]))
    for a in agreements:
        a.progress = [c for c in commitments if c.agreement_id == a.pk]  # type: ignore[attr-defined]
    return {"agreements": agreements}


def register_parts() -> None:
    register(
        Source(
            code="agreements",
            applies=lambda scope: scope.has_perm(Perm.COBUILD),
            items=_items,
            queries=4,
        )
    )
    register_portal_part("agreements.mine", "agreements/portal_part.html", _portal, order=40)
