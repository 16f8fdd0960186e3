"""Helpers for points tests: meetings attended, cases reported, posts held, points by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from tongxin.partylife.meetings.tests.support import make_meeting
from tongxin.partylife.points.models import PointEntry, Post, PostHolding
from tongxin.platform.calendar import SHANGHAI


def at(y: int, m: int, d: int, hh: int = 9) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, tzinfo=SHANGHAI)


def meetings(org: Any, member: Any, statuses: list[str], year: int = 2025) -> None:
    """One meeting a month from January, with `member` marked as each status in turn."""
    for i, status in enumerate(statuses):
        make_meeting(org, starts_at=at(year, i + 1, 10), statuses={member: status})


def cases(world: Any, user: Any, n: int, year: int = 2025) -> None:
    """`n` cases reported by `user` (made through the service, then credited to the user)."""
    from tongxin.grid.cases.models import Case, CaseCategory
    from tongxin.grid.cases.services import case_report

    category, _ = CaseCategory.objects.get_or_create(code="t_points", defaults={"name_zh": "楼道堆物"})
    ids = [
        case_report(
            actor=None,
            category=category,
            description=f"楼道堆物{i}",
            area=world.building1,
            source="public",
            at=at(year, 1 + i % 12, 3),
        ).pk
        for i in range(n)
    ]
    Case.objects.filter(pk__in=ids).update(reporter=user)


def post_held(org: Any, member: Any, from_on: datetime.date, to_on: datetime.date | None, title: str = "示范岗") -> Any:
    post = Post.objects.create(org=org, kind="model", title=title)
    PostHolding.objects.create(post=post, member=member, from_on=from_on, to_on=to_on)
    return post


def entry(member: Any, on: datetime.date, points: str, reason: str = "其他") -> Any:
    return PointEntry.objects.create(member=member, on=on, points=Decimal(points), reason=reason)
