"""Dues months: stored as the integer YYYYMM (202503 is March 2025), readable in the table and
sortable; `index` turns one into a count of months so that spans can be computed (also in SQL)."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR = 2000
LAST_YEAR = 2099


def is_valid(month: int) -> bool:
    return FIRST_YEAR * 100 + 1 <= month <= LAST_YEAR * 100 + 12 and 1 <= month % 100 <= 12


def parse(text: str) -> int | None:
    """'2025-03' → 202503; None for anything else (including month 13 or the year 1999)."""
    match = MONTH_RE.match((text or "").strip())
    if not match:
        return None
    month = int(match.group(1)) * 100 + int(match.group(2))
    return month if is_valid(month) else None


def label(month: int) -> str:
    return f"{month // 100:04d}-{month % 100:02d}"


def of(day: datetime.date) -> int:
    return day.year * 100 + day.month


def current() -> int:
    """This month in the project's time zone (Asia/Shanghai): dues fall due by the local calendar."""
    return of(timezone.localdate())


def index(month: int) -> int:
    return (month // 100) * 12 + month % 100 - 1


def from_index(idx: int) -> int:
    return (idx // 12) * 100 + idx % 12 + 1


def add(month: int, n: int) -> int:
    return from_index(index(month) + n)


def year_months(year: int) -> list[int]:
    return [year * 100 + m for m in range(1, 13)]


def first_day(month: int) -> datetime.date:
    return datetime.date(month // 100, month % 100, 1)
