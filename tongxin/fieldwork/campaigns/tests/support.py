"""Campaigns for tests, written through the services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tongxin.fieldwork.campaigns import services
from tongxin.fieldwork.campaigns.models import Campaign


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_campaign_staff", defaults={"is_superuser": True})[0]


def campaign(
    place: Any,
    *,
    kind: str = "safety",
    start: bool = True,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    **extra: Any,
) -> Campaign:
    """A campaign over the place (every household, for the default kind), started unless told."""
    today = timezone.localdate()
    c = services.campaign_create(
        actor=staff(),
        place=place,
        kind=kind,
        starts_on=starts_on or today - datetime.timedelta(days=3),
        ends_on=ends_on or today + datetime.timedelta(days=20),
        **extra,
    )
    if start:
        c = services.campaign_start(actor=staff(), campaign=c)
    return c


def grate(community: Any, grid: Any, name: str, building: Any = None) -> Any:
    return services.point_save(
        actor=staff(),
        community=community,
        kind="rain_grate",
        name=name,
        latitude="30.500000",
        longitude="114.300000",
        grid=grid,
        building=building,
    )
