"""The Chinese official calendar and deadline arithmetic on it.

Case limits are written as "accept within N working hours" or "resolve within N working days". Working days
are the official ones: public holidays are off and the make-up working days (调休, often a Saturday or a
Sunday) are on, so plain Monday–Friday arithmetic would be wrong several times a year. The calendar is data
(:mod:`tongxin.platform.calendar.models`): years loaded from the packages that have them (chinese-calendar,
then the CN calendar of holidays) and years the office enters from the State Council's notice when no package
has them yet; :mod:`tongxin.platform.calendar.days` reads it. For a year nobody has we fall back to
Monday–Friday rather than crash, log it, and let a system check name the year (:func:`calendar_years_missing`).

Every instant is handled in Asia/Shanghai: the official calendar and the office hours are China's, whatever
``settings.TIME_ZONE`` or the caller's time zone says.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tongxin.platform.calendar.days import (
    calendar_years_missing,
    clear_caches,
    is_official_holiday,
    is_working_day,
)

__all__ = [
    "SHANGHAI",
    "UNITS",
    "add_working_days",
    "add_working_hours",
    "calendar_years_missing",
    "clear_caches",
    "deadline",
    "is_official_holiday",
    "is_working_day",
    "office_hours",
    "working_hours_between",
]

# China has had no daylight saving time since 1991, so combining a date with a wall-clock time below never
# lands in a gap or a fold, and adding a timedelta to a Shanghai datetime is exact.
SHANGHAI = ZoneInfo("Asia/Shanghai")

UNITS = ("hours", "days")

_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
_ONE_DAY = timedelta(days=1)
_ONE_HOUR = timedelta(hours=1)


# --- office hours ----------------------------------------------------------------------------------------


def _parse_hhmm(name: str, value: object) -> time:
    if not isinstance(value, str) or not (match := _HHMM.fullmatch(value)):
        raise ImproperlyConfigured(f'{name} must be a time written "HH:MM" (e.g. "08:30"), not {value!r}.')
    return time(int(match[1]), int(match[2]))


def office_hours() -> tuple[time, time]:
    """Opening and closing time of a working day, from settings (read on each call so tests can override)."""
    opening = _parse_hhmm("CASE_WORKDAY_START", settings.CASE_WORKDAY_START)
    closing = _parse_hhmm("CASE_WORKDAY_END", settings.CASE_WORKDAY_END)
    if opening >= closing:
        # An empty or inverted working day would make every deadline loop forever.
        raise ImproperlyConfigured(
            f"CASE_WORKDAY_START ({opening:%H:%M}) must be before CASE_WORKDAY_END ({closing:%H:%M})."
        )
    return opening, closing


# --- helpers ---------------------------------------------------------------------------------------------


def _to_shanghai(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        # A naive datetime is a bug upstream (USE_TZ is on): guessing its zone would hide it.
        raise ValueError(f"{name} must be an aware datetime, got naive {value!r}")
    return value.astimezone(SHANGHAI)


def _at(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=SHANGHAI)


# --- deadlines -------------------------------------------------------------------------------------------


def add_working_hours(start: datetime, hours: int | float) -> datetime:
    """The earliest instant at which ``hours`` office hours on working days have elapsed since ``start``.

    Time outside office hours and on days off does not count, so a case reported at 20:00 on the Friday
    before a holiday with 4 working hours is due at 12:30 (with 08:30 opening) on the next working day.
    A deadline that uses up a day exactly ends at that day's closing time, not at the next opening.
    ``hours=0`` returns ``start`` itself (in Asia/Shanghai): no work is owed, so no time has to pass.
    """
    local_start = _to_shanghai(start, "start")
    if isinstance(hours, bool) or not isinstance(hours, int | float):
        raise TypeError(f"hours must be a number, not {type(hours).__name__}")
    if not math.isfinite(hours) or hours < 0:
        raise ValueError(f"hours must be a finite number >= 0, not {hours!r}")

    remaining = timedelta(hours=hours)
    if not remaining:
        return local_start
    opening, closing = office_hours()
    day = local_start.date()
    while True:
        if is_working_day(day):
            # On the start day the clock starts at the report time if that is within office hours;
            # on every later day local_start is in the past and the clock starts at opening time.
            begin = max(local_start, _at(day, opening))
            available = _at(day, closing) - begin
            if available > timedelta(0):
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        day += _ONE_DAY


def add_working_days(start: datetime, days: int) -> datetime:
    """Closing time of the ``days``-th working day after the day of ``start`` (Asia/Shanghai).

    The start day itself never counts, whatever the hour: in the 12345 hotline practice "within N working
    days" is counted from the next working day, so that a case reported at 08:00 and one reported at 17:00
    get the same deadline and nobody loses a day to the time of the call.

    ``days=0`` means "by the end of today's office hours": closing time of the start day if it is a working
    day and ``start`` is before its closing time, otherwise closing time of the next working day (a deadline
    already past when the case is reported would make it overdue on arrival).
    """
    local_start = _to_shanghai(start, "start")
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"days must be an int, not {type(days).__name__}")
    if days < 0:
        raise ValueError(f"days must be >= 0, not {days!r}")

    _, closing = office_hours()
    day = local_start.date()
    if days == 0:
        if is_working_day(day) and local_start < _at(day, closing):
            return _at(day, closing)
        days = 1
    counted = 0
    while counted < days:
        day += _ONE_DAY
        if is_working_day(day):
            counted += 1
    return _at(day, closing)


def working_hours_between(start: datetime, end: datetime) -> float:
    """Office hours on working days elapsed from ``start`` to ``end``, in hours (0 if ``end <= start``).

    The inverse of :func:`add_working_hours`: ``working_hours_between(s, add_working_hours(s, h)) == h``.
    Used for "time to close" figures and to warn before a deadline.
    """
    local_start = _to_shanghai(start, "start")
    local_end = _to_shanghai(end, "end")
    if local_end <= local_start:
        return 0.0

    opening, closing = office_hours()
    total = timedelta(0)
    day = local_start.date()
    while day <= local_end.date():
        if is_working_day(day):
            begin = max(local_start, _at(day, opening))
            finish = min(local_end, _at(day, closing))
            if finish > begin:
                total += finish - begin
        day += _ONE_DAY
    # Summing timedeltas keeps microsecond precision; convert to float hours once, at the end.
    return total / _ONE_HOUR


def deadline(start: datetime, amount: int, unit: str) -> datetime:
    """The deadline ``amount`` working ``unit`` ("hours" or "days") after ``start``."""
    if unit == "hours":
        return add_working_hours(start, amount)
    if unit == "days":
        return add_working_days(start, amount)
    raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
