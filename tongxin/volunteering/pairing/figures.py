"""Pairing figures for any node and period, computed in the database (three queries)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q

from tongxin.registry.areas.models import Area
from tongxin.volunteering.pairing.models import Beneficiary, Pairing, PairingVisit

STALE_DAYS = 30


def pairing_figures(area: Area, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """For the beneficiaries living under `area`, between `start` and `end` (both included):

    - beneficiaries: looked after at some time in the period;
    - pairings_open: open at the end of the period;
    - pairings_closed: closed within the period;
    - visits: visits in the period;
    - helped: distinct beneficiaries visited in the period;
    - not_visited: pairings open at the end with no visit in the 30 days up to the end.
    """
    under = area.path
    beneficiaries = (
        Beneficiary.objects.filter(area__path__startswith=under, since__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .count()
    )
    recent = PairingVisit.objects.filter(
        pairing=OuterRef("pk"), visited_on__gt=end - datetime.timedelta(days=STALE_DAYS), visited_on__lte=end
    )
    open_at_end = Q(started_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    pairings = (
        Pairing.objects.filter(beneficiary__area__path__startswith=under)
        .annotate(recent=Exists(recent))
        .aggregate(
            open=Count("pk", filter=open_at_end),
            closed=Count("pk", filter=Q(closed_on__gte=start, closed_on__lte=end)),
            stale=Count("pk", filter=open_at_end & Q(recent=False)),
        )
    )
    visits = PairingVisit.objects.filter(
        pairing__beneficiary__area__path__startswith=under, visited_on__gte=start, visited_on__lte=end
    ).aggregate(visits=Count("pk"), helped=Count("pairing__beneficiary", distinct=True))
    return {
        "beneficiaries": beneficiaries,
        "pairings_open": pairings["open"] or 0,
        "pairings_closed": pairings["closed"] or 0,
        "visits": visits["visits"] or 0,
        "helped": visits["helped"] or 0,
        "not_visited": pairings["stale"] or 0,
    }
