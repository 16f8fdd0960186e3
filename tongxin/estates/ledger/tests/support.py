"""Ledgers for tests, written through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from tongxin.estates.ledger import services
from tongxin.estates.ledger.models import Category, Entry
from tongxin.estates.owners.models import Committee
from tongxin.estates.owners.tests.support import committee, estate, staff
from tongxin.registry.areas.models import Estate

__all__ = ["committee", "estate", "staff", "category", "approved", "draft", "published_estate"]


def category(e: Estate, code: str) -> Category:
    services.categories_ensure(e)
    return Category.objects.get(estate=e, code=code)


def draft(e: Estate, code: str, amount: str, day: datetime.date, description: str = "") -> Entry:
    return services.entry_save(
        actor=staff(),
        estate=e,
        category=category(e, code),
        occurred_on=day,
        amount=amount,
        description=description or f"{code} {amount}",
    )


def approved(e: Estate, c: Committee, code: str, amount: str, day: datetime.date, description: str = "") -> Entry:
    entry = draft(e, code, amount, day, description)
    return services.entry_approve(actor=staff(), entry=entry, member=c.members.order_by("id")[0])


def published_estate(community: Any, month: datetime.date, *, name: str = "和平小区") -> tuple[Estate, Entry]:
    """An estate with a committee, a month of two approved entries (停车费 1000.00, 保洁 300.00),
    published; returns the estate and its parking entry."""
    e = estate(community, name)
    c = committee(e)
    parking = approved(e, c, "parking", "1000.00", month.replace(day=5), "三月停车费")
    approved(e, c, "cleaning", "300.00", month.replace(day=10), "保洁工资")
    services.month_publish(actor=staff(), estate=e, month=month)
    return e, parking


ZERO = Decimal("0.00")
