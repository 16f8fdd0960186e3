"""The packages that know official calendars, read into one shape: days off and make-up working days, named.

``chinese-calendar`` first, then the CN calendar of ``holidays``: each ships the years whose State Council notice
its maintainers had typed in when it was released, and either may be first with a new year. A year a package
only estimates (``holidays`` computes festivals for any year, without make-up working days) does not count.
This is the only module that imports either package.
"""

from __future__ import annotations

import functools
import importlib.metadata
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

_ONE_DAY = timedelta(days=1)

# chinese_calendar's short names, written as the notice writes them.
_CHINESE_CALENDAR_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


@dataclass(frozen=True)
class YearDays:
    """One year's official days: ``holidays`` maps each day off to its festival, ``workdays`` each make-up
    working day to the festival it makes up for."""

    year: int
    holidays: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)
    package: str = ""
    package_version: str = ""


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - vendored or renamed
        return ""


# --- chinese-calendar ------------------------------------------------------------------------------------


def _chinese_calendar_name(english: str) -> str:
    chinese = str(chinese_calendar.Holiday(english).chinese)
    return _CHINESE_CALENDAR_NAMES.get(chinese, chinese)


@functools.cache
def from_chinese_calendar(year: int) -> YearDays | None:
    """The year as chinese-calendar has it, or None if it has not got it (it raises for years it lacks)."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return None
    return YearDays(
        year=year,
        holidays={d: _chinese_calendar_name(n) for d, n in chinese_calendar.holidays.items() if d.year == year},
        workdays={d: _chinese_calendar_name(n) for d, n in chinese_calendar.workdays.items() if d.year == year},
        package="chinese-calendar",
        package_version=_version("chinese-calendar"),
    )


# --- holidays (CN) ---------------------------------------------------------------------------------------

_SUBSTITUTED = re.compile(r"休息日（由 (\d{4}-\d{2}-\d{2}) 调休）")
_OBSERVED = re.compile(r"（补假(，推定)?）$")
# The State Council notices that holidays has typed in start with 2001's (its docstring: "Only checked with the
# official General Office of the State Council Notice from 2001 onwards").
_HOLIDAYS_FIRST_NOTICE = 2001


@functools.cache
def _holidays_notice_years() -> range:
    # Imported when first asked: importing holidays takes a second or more (it loads every country's calendar
    # module), which a process whose years are all stored never needs to pay.
    from holidays.countries.china import ChinaStaticHolidays

    # Every notice since 2001 moved at least one day (调休), so the last year with moved days is the last notice.
    return range(_HOLIDAYS_FIRST_NOTICE, max(ChinaStaticHolidays.special_public_holidays) + 1)


def _holidays_days_off(years: list[int]) -> tuple[dict[date, str], dict[date, date]]:
    """holidays' days off in ``years``, named, and for each moved day off the working day it was moved from."""
    import holidays as holidays_package

    raw: dict[date, str] = dict(holidays_package.country_holidays("CN", years=years, language="zh_CN").items())
    moved: dict[date, date] = {}
    named: dict[date, str] = {}
    for day, label in raw.items():
        label = label.split("; ")[0]
        if match := _SUBSTITUTED.fullmatch(label):
            moved[day] = date.fromisoformat(match[1])
            continue
        label = _OBSERVED.sub("", label)
        named[day] = "春节" if label == "农历除夕" else label
    # A moved day off belongs to the festival whose days off it joins: the nearest named day (ties: the later,
    # since a festival's extra days follow it more often than they precede it).
    festivals = dict(named)
    for day in moved:
        nearest = min(festivals, key=lambda d: (abs((d - day).days), -d.toordinal())) if festivals else None
        named[day] = festivals[nearest] if nearest is not None else ""
    return named, moved


def _with_weekends(days_off: dict[date, str], workdays: set[date]) -> dict[date, str]:
    """Add the weekend days the notice counts in a festival's days off ("2月15日至23日放假调休，共9天").

    holidays lists only the days that would otherwise be worked; a weekend day next to a day off (or between
    two of one festival) is part of that festival's run unless it is a make-up working day."""
    result = dict(days_off)
    for day, name in sorted(days_off.items()):
        for step in (_ONE_DAY, -_ONE_DAY):
            other = day + step
            while other.weekday() >= 5 and other not in workdays and other not in result:
                result[other] = name
                other += step
    return result


@functools.cache
def from_holidays(year: int) -> YearDays | None:
    """The year as the ``holidays`` package's CN calendar has it from a notice, or None."""
    if year not in _holidays_notice_years():
        return None
    # A festival's days off and make-up working days may cross the new year (2002's New Year's Day was moved from
    # 29 and 30 December 2001; 2023's started on 31 December 2022): read the neighbouring years too.
    named, moved = _holidays_days_off([y for y in (year - 1, year, year + 1) if y in _holidays_notice_years()])
    workdays = {workday: named[day_off] for day_off, workday in moved.items()}
    holidays = _with_weekends(named, set(workdays))
    return YearDays(
        year=year,
        holidays={d: n for d, n in holidays.items() if d.year == year},
        workdays={d: n for d, n in workdays.items() if d.year == year},
        package="holidays",
        package_version=_version("holidays"),
    )


# In the order they are asked.
SOURCES: tuple[Callable[[int], YearDays | None], ...] = (from_chinese_calendar, from_holidays)


def from_packages(year: int) -> YearDays | None:
    """The year from the first package that has its notice, or None."""
    for source in SOURCES:
        if (found := source(year)) is not None:
            return found
    return None


def known_years() -> list[int]:
    """Every year some package has from a notice, oldest first."""
    years = {d.year for d in chinese_calendar.holidays}
    years.update(_holidays_notice_years())
    return sorted(years)


def clear_caches() -> None:
    from_chinese_calendar.cache_clear()
    from_holidays.cache_clear()


def package_names() -> list[str]:
    """The packages asked, with their versions, for messages (e.g. "chinese-calendar 1.11.0")."""
    return [f"chinese-calendar {_version('chinese-calendar')}", f"holidays {_version('holidays')}"]
