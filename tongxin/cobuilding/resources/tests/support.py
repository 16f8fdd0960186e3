"""Shared resources for tests, written through the services."""

from __future__ import annotations

import datetime
from typing import Any

from tongxin.cobuilding.agreements.tests.support import staff
from tongxin.cobuilding.resources import services
from tongxin.cobuilding.resources.models import Resource


def hall(
    unit: Any, community: Any, *, commitment: Any = None, capacity: int = 50, weekdays: str = "1234567"
) -> Resource:
    """A unit's hall open 08:00–21:00, bookable."""
    return services.resource_save(
        actor=staff(),
        community=community,
        unit=unit,
        kind="venue",
        name=f"{unit.name}礼堂",
        availability="每天 8:00–21:00",
        bookable=True,
        capacity=capacity,
        opens_at=datetime.time(8),
        closes_at=datetime.time(21),
        open_weekdays=weekdays,
        commitment=commitment,
    )
