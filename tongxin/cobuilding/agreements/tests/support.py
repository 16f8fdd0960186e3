"""Agreements for tests, written through the services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tongxin.cobuilding.agreements import services
from tongxin.cobuilding.agreements.models import Agreement


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_cobuild_staff", defaults={"is_superuser": True})[0]


def draft(unit: Any, community: Any, *, year: int | None = None, ends_on: datetime.date | None = None) -> Agreement:
    year = year or timezone.localdate().year
    return services.agreement_save(
        actor=staff(),
        community=community,
        unit=unit,
        year=year,
        title=f"{year}年度{unit.name}共驻共建协议",
        starts_on=datetime.date(year, 1, 1),
        ends_on=ends_on or datetime.date(year, 12, 31),
    )


def signed_agreement(
    unit: Any,
    community: Any,
    *,
    year: int | None = None,
    ends_on: datetime.date | None = None,
    commitments: tuple[tuple[str, str, str], ...] = (("venue_hours", "礼堂开放", "40"), ("money", "资助", "5000")),
) -> Agreement:
    a = draft(unit, community, year=year, ends_on=ends_on)
    for kind, description, quantity in commitments:
        services.commitment_add(actor=staff(), agreement=a, kind=kind, description=description, quantity=quantity)
    return services.agreement_sign(
        actor=staff(),
        agreement=a,
        signed_on=min(timezone.localdate(), a.ends_on),
        community_signatory="王书记",
        unit_signatory="李院长",
    )
