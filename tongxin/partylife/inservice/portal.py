"""The unit's portal part (/unit/): the unit's members who reported in (双报到) and their
confirmed hours this year — one query whatever the unit's size."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from tongxin.partylife.inservice.models import ReportIn
from tongxin.partylife.inservice.queries import _hours_of_report
from tongxin.platform.access.actor import Actor
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.portal_parts import register_portal_part

ROWS = 200


def members_reported_in(units: list[ResidentUnit], year: int) -> list[ReportIn]:
    """Active confirmed reports-in of the members of the units' Party organizations (subtrees),
    each with `hours`: the confirmed hours of the year."""
    paths = [u.org.path for u in units if u.org_id is not None and u.org is not None]
    if not paths:
        return []
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(member__org__path__startswith=path)
    return list(
        ReportIn.objects.filter(q, active=True, confirmed_at__isnull=False)
        .select_related("member", "community")
        .annotate(hours=_hours_of_report(year, confirmed=True))
        .order_by("-hours", "member__name_pinyin", "id")[:ROWS]
    )


def build(user: Actor, units: list[ResidentUnit]) -> dict[str, Any] | None:
    if not any(u.org_id for u in units):
        return None  # a unit without a Party organization has no members to list
    year = timezone.localdate().year
    rows = members_reported_in(units, year)
    return {"rows": rows, "year": year, "total": sum((getattr(r, "hours") for r in rows), start=0)}  # noqa: B009  (an annotation)


def register_portal() -> None:
    register_portal_part("inservice.members", "inservice/_portal_members.html", build, order=60)
