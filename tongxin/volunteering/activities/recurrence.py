"""Dates of a recurring activity: an RFC 5545 RRULE read by python-dateutil, less official
public holidays (tongxin.platform.calendar) and the dates called off.

Rules worth knowing (tested in tests/test_recurrence.py):

- ``FREQ=MONTHLY;BYMONTHDAY=31`` gives only the months that have a 31st (RFC 5545 skips a
  month where the day does not exist; it does not move to the 30th). For "the last day of every
  month" write ``BYMONTHDAY=-1``.
- Skipping holidays skips the official days off (法定节假日, e.g. the National Day week), not
  ordinary weekends, and never an official make-up workday (调休上班日): a Saturday activity
  takes place on a make-up Saturday.
- `count` counts the dates the activity takes place: a skipped holiday does not use one up.
- The official calendar knows the years the State Council has announced; a date in a later
  year is not skipped (nothing is known to be a holiday yet).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from dateutil.rrule import rrule, rrulestr
from django.utils.translation import gettext as _

from tongxin.platform.calendar import is_official_holiday
from tongxin.platform.core.exceptions import DomainError

HORIZON_WEEKS = 12
# A rule that yields more dates than this within the horizon is refused (a daily rule over
# 12 weeks gives 84).
MAX_DATES = 400
ALLOWED_FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def rule_normalize(text: str) -> str:
    """The rule as stored: upper case, no spaces, no ``RRULE:`` prefix; DomainError if unusable."""
    rule = "".join(str(text or "").split()).upper()
    if rule.startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    if not rule:
        return ""
    if len(rule) > 200:
        raise DomainError(_("The recurrence rule is too long."), code="rrule")
    parts: dict[str, str] = {}
    for part in rule.split(";"):
        key, sep, value = part.partition("=")
        if not sep or not key or not value:
            raise DomainError(_("Write the rule as KEY=VALUE parts joined by ';', e.g. FREQ=WEEKLY;BYDAY=FR."))
        parts[key] = value
    if parts.get("FREQ") not in ALLOWED_FREQS:
        raise DomainError(_("The rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY."), code="rrule")
    if {"DTSTART", "UNTIL", "COUNT"} & parts.keys():
        raise DomainError(
            _("Give the first date, the last date and the number of times in their own fields, not in the rule."),
            code="rrule",
        )
    try:
        rrulestr(rule, dtstart=datetime.datetime(2026, 1, 1))  # noqa: DTZ001  (dates only, no zone)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise DomainError(_("This recurrence rule cannot be read: %(error)s") % {"error": exc}, code="rrule") from exc
    return rule


def _rule(rule: str, first: datetime.date) -> rrule:
    return rrulestr(rule, dtstart=datetime.datetime.combine(first, datetime.time()))  # type: ignore[return-value]


def activity_dates(
    *,
    first_date: datetime.date,
    rule: str,
    until: datetime.date | None = None,
    count: int | None = None,
    skip_holidays: bool = True,
    cancelled: Iterable[str] = (),
    start: datetime.date | None = None,
    end: datetime.date,
) -> list[datetime.date]:
    """The dates the activity takes place from `start` (default: the first date) to `end`."""
    start = max(start or first_date, first_date)
    last = min(end, until) if until else end
    skipped = set(cancelled)
    if not rule:
        held = [first_date] if start <= first_date <= last and first_date.isoformat() not in skipped else []
        return held
    found: list[datetime.date] = []
    held_before_start = 0
    for moment in _rule(rule, first_date):
        day = moment.date()
        if day > last:
            break
        if skip_holidays and is_official_holiday(day):
            continue
        if day.isoformat() in skipped:
            continue
        if count is not None and held_before_start + len(found) >= count:
            break
        if day < start:
            held_before_start += 1
            continue
        found.append(day)
        if len(found) > MAX_DATES:
            break
    return found


def next_dates(
    *,
    first_date: datetime.date,
    rule: str,
    until: datetime.date | None = None,
    count: int | None = None,
    skip_holidays: bool = True,
    cancelled: Iterable[str] = (),
    start: datetime.date,
    n: int = 8,
) -> list[datetime.date]:
    """The next `n` dates from `start` (the form's preview), looking at most two years ahead."""
    dates = activity_dates(
        first_date=first_date,
        rule=rule,
        until=until,
        count=count,
        skip_holidays=skip_holidays,
        cancelled=cancelled,
        start=start,
        end=start + datetime.timedelta(days=731),
    )
    return dates[:n]


def rule_from_picker(kind: str, weekdays: list[str], monthday: int | None, advanced: str) -> str:
    """The RRULE the form's picker stands for: once, weekly on days, monthly on a day, or typed."""
    if kind == "once":
        return ""
    if kind == "weekly":
        days = [d for d in WEEKDAYS if d in set(weekdays)]
        if not days:
            raise DomainError(_("Choose at least one day of the week."), code="weekdays")
        return "FREQ=WEEKLY;BYDAY=" + ",".join(days)
    if kind == "monthly":
        if monthday is None or not (1 <= monthday <= 31 or monthday == -1):
            raise DomainError(_("Choose a day of the month from 1 to 31, or the last day."), code="monthday")
        return f"FREQ=MONTHLY;BYMONTHDAY={monthday}"
    return rule_normalize(advanced)
