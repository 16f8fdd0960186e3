"""Bookings on the unit contact's workbench and portal (registered in ResourcesConfig.ready()).

The contact approves or refuses the bookings of their unit's venues from the portal (buttons a
thumb can hit on a phone), and records who came after a booking was used: the hours then count
toward the unit's agreement.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.cobuilding.resources.queries import to_record, waiting_for_units
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.workbench import TOP_ROWS, Item, Row, Source, Today, Urgency, register
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.portal_parts import register_portal_part
from tongxin.registry.cobuild.queries import units_answered_by

# A portal shows this many of each; the rest wait for the next visit (a unit has a venue or two).
PORTAL_ROWS = 20


def _items(user: Any, scope: Scope, when: Today) -> list[Item]:
    units = list(units_answered_by(user)[:20])
    rows = list(waiting_for_units(units)[: TOP_ROWS + 1]) if units else []
    count = len(rows) if len(rows) <= TOP_ROWS else waiting_for_units(units).count()
    portal = reverse("portal:portal")
    return [
        Item(
            key="resources.bookings",
            label=gettext_lazy("Bookings of your venues to approve"),
            count=count,
            url=portal,
            urgency=Urgency.SOON,
            order=30,
            rows=[
                Row(
                    label=f"{b.resource.name} · {b.user_group}",
                    url=portal,
                    note=date_format(timezone.localtime(b.starts_at), "DATETIME_FORMAT"),
                    urgency=Urgency.SOON,
                    badge=_("To approve"),
                )
                for b in rows[:TOP_ROWS]
            ],
        )
    ]


def _portal(user: Any, units: list[ResidentUnit]) -> dict[str, Any] | None:
    waiting = list(waiting_for_units(units)[:PORTAL_ROWS])
    used = list(to_record(units, timezone.now())[:PORTAL_ROWS])
    if not waiting and not used:
        return None
    return {"waiting": waiting, "used": used}


def register_parts() -> None:
    register(
        Source(
            code="resources",
            applies=lambda scope: Role.UNIT_CONTACT in scope.roles,
            items=_items,
            queries=3,
        )
    )
    register_portal_part("resources.bookings", "resources/portal_part.html", _portal, order=20)
