"""Estates, committees and members for tests, written through the services."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tongxin.estates.owners import services
from tongxin.estates.owners.models import Committee
from tongxin.registry.areas.models import Estate


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_estates_staff", defaults={"is_superuser": True})[0]


def estate(community: Any, name: str = "和平小区", *, has_property_company: bool = False) -> Estate:
    return Estate.objects.create(community=community, name=name, has_property_company=has_property_company)


def committee(
    estate: Estate, *, members: int = 5, starts: datetime.date | None = None, ends: datetime.date | None = None
) -> Committee:
    today = timezone.localdate()
    starts = starts or today.replace(year=today.year - 2, month=1, day=1)
    c = services.committee_save(
        actor=staff(),
        estate=estate,
        elected_on=starts - datetime.timedelta(days=10),
        term_starts=starts,
        term_ends=ends or starts.replace(year=starts.year + 5) - datetime.timedelta(days=1),
    )
    posts = ["chair", "vice_chair"] + ["member"] * max(members - 2, 0)
    names = ["王主任", "李副主任", "张委员", "刘委员", "陈委员", "杨委员", "赵委员"]
    for i in range(members):
        services.member_save(
            actor=staff(), committee=c, name=names[i % len(names)], post=posts[i], phone="1380013800" + str(i)
        )
    return c
