"""Dates of the joint committee: the agenda deadline, the meeting periods, the behind-schedule rule.

Pure functions of dates, so the rules are tested with hand-picked days and used by the services,
the pages, the workbench and the daily task alike.
"""

from __future__ import annotations

import datetime

from tongxin.cobuilding.committee.models import TERM_NOTICE_DAYS

QUARTERLY = "quarterly"
HALF_YEARLY = "half_yearly"


def agenda_closes_on(meeting_day: datetime.date, agenda_days: int) -> datetime.date:
    """The last day an item may be proposed: `agenda_days` days before the meeting's day.

    A meeting on 30 June with 15 agenda days takes proposals up to and including 15 June; from
    16 June members are told the agenda is closed (so the office has two weeks to prepare)."""
    return meeting_day - datetime.timedelta(days=agenda_days)


def agenda_open(meeting_day: datetime.date, agenda_days: int, today: datetime.date) -> bool:
    return today <= agenda_closes_on(meeting_day, agenda_days)


def period_start(day: datetime.date, frequency: str) -> datetime.date:
    """The first day of the calendar period (quarter or half-year) that holds `day`."""
    months = 6 if frequency == HALF_YEARLY else 3
    month = (day.month - 1) // months * months + 1
    return datetime.date(day.year, month, 1)


def previous_period_start(day: datetime.date, frequency: str) -> datetime.date:
    """The first day of the period before the one that holds `day`."""
    current = period_start(day, frequency)
    return period_start(current - datetime.timedelta(days=1), frequency)


def behind_since(today: datetime.date, frequency: str) -> datetime.date:
    """The behind-schedule rule (as 三会一课 are flagged per period), precisely:

    A committee is behind schedule on `today` when it held no joint meeting from the first day of
    the previous calendar period (quarter, or half-year: January–June, July–December) up to
    today — that is, the period that has ended went by without a meeting, and none has been held
    in the current one yet to make it up. A committee whose term began after that first day is
    not judged on that period (a new committee is not behind before its first full period).
    Only held meetings count; planned and cancelled ones do not.

    Quarterly, on 2 July 2026: behind unless a meeting was held on or after 1 April 2026.
    Returns that first day: held meetings on or after it keep the committee on time."""
    return previous_period_start(today, frequency)


def is_behind(
    *, today: datetime.date, frequency: str, term_starts_on: datetime.date, last_held: datetime.date | None
) -> bool:
    since = behind_since(today, frequency)
    if term_starts_on > since:
        return False
    return last_held is None or last_held < since


def term_notice_until(today: datetime.date) -> datetime.date:
    """Terms ending on or before this day are due for the reminder (换届提醒)."""
    return today + datetime.timedelta(days=TERM_NOTICE_DAYS)
