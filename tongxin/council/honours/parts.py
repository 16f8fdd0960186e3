"""A resident's and a household's honours on their registry pages (registered in
tongxin.registry.people.page_parts and tongxin.registry.areas.page_parts from HonoursConfig.ready()).

The honours conferred (winners) and those in publicity (accepted), every year, one query each;
a resident's page shows the honours of their household too (十佳孝老爱亲和谐家庭 is a family's).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from tongxin.council.honours.models import Nomination, NominationState
from tongxin.registry.areas.models import Household
from tongxin.registry.areas.page_parts import register_household_part
from tongxin.registry.people.models import Resident
from tongxin.registry.people.page_parts import register_resident_part

SHOWN = (NominationState.ACCEPTED, NominationState.WINNER)


def _part(who: Q, url: str) -> dict[str, Any] | None:
    rows = list(
        Nomination.objects.filter(who, state__in=SHOWN)
        .select_related("award", "award__area")
        .order_by("-award__year", "award__name", "pk")
    )
    return {"honours": rows, "url": url} if rows else None


def resident_part(resident: Resident) -> dict[str, Any] | None:
    who = Q(resident=resident) | Q(household_id=resident.household_id)
    return _part(who, reverse("honours:nominee", args=["resident", resident.pk]))


def household_part(household: Household) -> dict[str, Any] | None:
    return _part(Q(household=household), reverse("honours:nominee", args=["household", household.pk]))


def register_parts() -> None:
    register_resident_part("honours/_registry_part.html", resident_part)
    register_household_part("honours/_registry_part.html", household_part)
