"""Which days are worked: the stored official calendar, read once per process and kept current.

A year's calendar is, in this order: the year stored in the database (loaded from a package by
``load_official_calendar`` or entered by the office from the State Council's notice), the year from a package
that has it (a package upgraded since the last load), or, for a year nobody has, Monday to Friday — logged once
per year, and named by the system check (``tongxin.W002``) before the year starts.

Counting working days is hot (every case's deadlines), so the stored days are read in one query into a
per-process snapshot; each process asks at most every ``_RECHECK_SECONDS`` whether a year changed (one query on
the small years table) and the process that writes a year drops its snapshot at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tongxin.platform.calendar import sources

logger = logging.getLogger("tongxin.platform.calendar")

# How stale another process's edit may be here: a year is entered once a year, weeks before it starts.
_RECHECK_SECONDS = 60.0


@dataclass(frozen=True)
class YearCalendar:
    holidays: dict[date, str]
    workdays: frozenset[date]
    # "stored" (the database has it), or the package it came from live.
    origin: str


@dataclass(frozen=True)
class _Snapshot:
    years: dict[int, YearCalendar]
    stamp: tuple[Any, ...]
    checked_at: float


_snapshot: _Snapshot | None = None
_lock = threading.Lock()

# Years already reported as falling back to Monday–Friday: one log line per year and process is enough.
_warned_years: set[int] = set()


def _stamp() -> tuple[Any, ...]:
    from django.db.models import Count, Max

    from tongxin.platform.calendar.models import OfficialYear

    row = OfficialYear.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return (row["n"], row["last"])


def _load() -> _Snapshot:
    from tongxin.platform.calendar.models import OfficialDay, OfficialYear

    stamp = _stamp()
    holidays: dict[int, dict[date, str]] = {}
    workdays: dict[int, set[date]] = {}
    stored_years = set(OfficialYear.objects.values_list("year", flat=True))
    for year, day, kind, name in OfficialDay.objects.values_list("calendar_year__year", "date", "kind", "name"):
        if kind == OfficialDay.Kind.WORKDAY:
            workdays.setdefault(year, set()).add(day)
        else:
            holidays.setdefault(year, {})[day] = name
    years = {
        year: YearCalendar(holidays=holidays.get(year, {}), workdays=frozenset(workdays.get(year, ())), origin="stored")
        for year in stored_years
    }
    return _Snapshot(years=years, stamp=stamp, checked_at=time.monotonic())


def _current() -> _Snapshot:
    global _snapshot
    snapshot = _snapshot
    if snapshot is not None and time.monotonic() - snapshot.checked_at < _RECHECK_SECONDS:
        return snapshot
    with _lock:
        snapshot = _snapshot
        if snapshot is not None and time.monotonic() - snapshot.checked_at < _RECHECK_SECONDS:
            return snapshot
        if snapshot is not None and _stamp() == snapshot.stamp:
            snapshot = _Snapshot(years=snapshot.years, stamp=snapshot.stamp, checked_at=time.monotonic())
        else:
            snapshot = _load()
        _snapshot = snapshot
        return snapshot


def year_calendar(year: int) -> YearCalendar | None:
    """The official calendar of ``year``, or None if neither the database nor a package has it."""
    stored = _current().years.get(year)
    if stored is not None:
        return stored
    found = sources.from_packages(year)
    if found is None:
        return None
    return YearCalendar(holidays=found.holidays, workdays=frozenset(found.workdays), origin=found.package)


def _warn_fallback(year: int) -> None:
    with _lock:
        if year in _warned_years:
            return
        _warned_years.add(year)
    logger.warning(
        "The official calendar has no %d (not stored, not in %s): counting Monday-Friday as working days. "
        "Enter the year from the State Council's notice on the official calendar page.",
        year,
        ", ".join(sources.package_names()),
    )


def is_working_day(day: date) -> bool:
    """Whether ``day`` is an official working day in mainland China (make-up weekend days included)."""
    if isinstance(day, datetime):
        # A datetime's date depends on its time zone; callers must pick the Shanghai date themselves
        # instead of silently getting the date of whatever zone the value happens to carry.
        raise TypeError("is_working_day() takes a date, not a datetime")
    calendar = year_calendar(day.year)
    if calendar is None:
        _warn_fallback(day.year)
        return day.weekday() < 5
    if day in calendar.workdays:
        return True
    return day not in calendar.holidays and day.weekday() < 5


def is_official_holiday(day: date) -> bool:
    """Whether ``day`` is an official day off (法定节假日): not a plain weekend, never a make-up working day.

    For a year the official calendar does not have, no day is an official holiday: the same Monday–Friday
    fallback as :func:`is_working_day`, logged once per year.
    """
    if isinstance(day, datetime):
        raise TypeError("is_official_holiday() takes a date, not a datetime")
    calendar = year_calendar(day.year)
    if calendar is None:
        _warn_fallback(day.year)
        return False
    return day in calendar.holidays


def calendar_years_missing(years: Iterable[int]) -> list[int]:
    """The years among ``years`` that the official calendar does not have, sorted, without duplicates.

    Meant for a system check on the current and next year, so that the office enters the year (or the packages
    get updated) before deadlines start falling back to Monday–Friday.
    """
    return sorted({year for year in years if year_calendar(year) is None})


def clear_caches() -> None:
    """Forget the snapshot, the packages' years and the already-logged years (after a write; in tests)."""
    global _snapshot
    with _lock:
        _snapshot = None
        _warned_years.clear()
    sources.clear_caches()
