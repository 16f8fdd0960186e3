"""Deadlines on the 2026 official calendar.

The test database holds the years the packages carry (migration calendar 0002), so these go through the stored
calendar. Every date below was checked with chinese_calendar 1.11.0 (is_workday / get_holiday_detail) before being
asserted; the comment next to it says what the official calendar says about it. Office hours are the
defaults, 08:30–17:30, unless a test overrides them.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tongxin.platform import calendar
from tongxin.platform.calendar import (
    add_working_days,
    add_working_hours,
    calendar_years_missing,
    deadline,
    is_official_holiday,
    is_working_day,
    working_hours_between,
)

SH = ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.django_db


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


@pytest.fixture(autouse=True)
def fresh_calendar():
    # The day cache and the once-per-year warning are process-wide; start and end every test clean.
    calendar.clear_caches()
    yield
    calendar.clear_caches()


# --- the calendar itself -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day,working",
    [
        (date(2026, 1, 1), False),  # Thu, New Year's Day
        (date(2026, 1, 2), False),  # Fri, New Year's Day holiday
        (date(2026, 1, 3), False),  # Sat, New Year's Day holiday
        (date(2026, 1, 4), True),  # Sun, make-up working day for New Year's Day
        (date(2026, 2, 14), True),  # Sat, make-up working day for Spring Festival
        (date(2026, 2, 15), False),  # Sun, first day of the Spring Festival holiday (15th–23rd)
        (date(2026, 2, 23), False),  # Mon, last day of the Spring Festival holiday
        (date(2026, 2, 24), True),  # Tue, first working day after Spring Festival
        (date(2026, 4, 3), True),  # Fri before Tomb-sweeping Day (Apr 4–6 off)
        (date(2026, 4, 6), False),  # Mon, Tomb-sweeping Day holiday
        (date(2026, 9, 30), True),  # Wed before National Day
        (date(2026, 10, 1), False),  # Thu, National Day (Oct 1–7 off)
        (date(2026, 10, 7), False),  # Wed, last day of the National Day holiday
        (date(2026, 10, 8), True),  # Thu, first working day after National Day
        (date(2026, 10, 10), True),  # Sat, make-up working day for National Day
        (date(2026, 10, 11), False),  # Sun, ordinary weekend day
        (date(2026, 3, 7), False),  # Sat, ordinary weekend day
        (date(2026, 3, 9), True),  # Mon, ordinary working day
    ],
)
def test_official_calendar_2026(day, working):
    assert is_working_day(day) is working


def test_is_working_day_refuses_a_datetime():
    # Its date would depend on the datetime's zone: the caller must take the Shanghai date.
    with pytest.raises(TypeError, match="takes a date, not a datetime"):
        is_working_day(sh(2026, 3, 9, 10))


@pytest.mark.parametrize(
    "day,holiday",
    [
        (date(2026, 10, 1), True),  # Thu, National Day
        (date(2026, 9, 25), True),  # Fri, Mid-autumn Festival
        (date(2026, 10, 10), False),  # Sat, make-up working day for National Day
        (date(2026, 10, 11), False),  # Sun, ordinary weekend day: off, but not an official holiday
        (date(2026, 3, 9), False),  # Mon, ordinary working day
    ],
)
def test_official_holidays_2026(day, holiday):
    assert is_official_holiday(day) is holiday


def test_is_official_holiday_refuses_a_datetime():
    with pytest.raises(TypeError):
        is_official_holiday(sh(2026, 10, 1, 10))


# --- working hours -----------------------------------------------------------------------------------------


def test_friday_evening_before_a_holiday_hours():
    # Fri 2026-04-03 20:00, after office hours; Sat–Mon Apr 4–6 are Tomb-sweeping Day off; Tue Apr 7 works.
    # 4 working hours from 08:30 on Tuesday: 12:30.
    assert add_working_hours(sh(2026, 4, 3, 20), 4) == sh(2026, 4, 7, 12, 30)


def test_evening_before_national_day_hours():
    # Wed 2026-09-30 20:00; Oct 1–7 off; Thu Oct 8 is the next working day.
    assert add_working_hours(sh(2026, 9, 30, 20), 4) == sh(2026, 10, 8, 12, 30)


def test_evening_before_new_year_lands_on_the_make_up_sunday():
    # Wed 2025-12-31 20:00; Jan 1–3 off; Sun 2026-01-04 is a make-up working day, so it counts.
    assert add_working_hours(sh(2025, 12, 31, 20), 4) == sh(2026, 1, 4, 12, 30)


def test_hours_across_the_make_up_saturday_before_spring_festival():
    # Fri 2026-02-13 16:30: 1 h left on Friday, Sat Feb 14 is a make-up working day: 3 more h → 11:30.
    assert add_working_hours(sh(2026, 2, 13, 16, 30), 4) == sh(2026, 2, 14, 11, 30)
    # Sat Feb 14 15:30: 2 h on Saturday, then Feb 15–23 off, then 2 h on Tue Feb 24 → 10:30.
    assert add_working_hours(sh(2026, 2, 14, 15, 30), 4) == sh(2026, 2, 24, 10, 30)


def test_hours_across_an_ordinary_weekend():
    # Fri 2026-03-06 16:30: 1 h on Friday, Mar 7–8 an ordinary weekend, 1 h on Mon Mar 9 → 09:30.
    assert add_working_hours(sh(2026, 3, 6, 16, 30), 2) == sh(2026, 3, 9, 9, 30)
    # Reported on Saturday: the clock starts at Monday's opening.
    assert add_working_hours(sh(2026, 3, 7, 10), 2) == sh(2026, 3, 9, 10, 30)


@pytest.mark.parametrize(
    "start,hours,due",
    [
        (sh(2026, 3, 10, 10, 15), 3, sh(2026, 3, 10, 13, 15)),  # inside office hours, same day
        (sh(2026, 3, 10, 6), 3, sh(2026, 3, 10, 11, 30)),  # before opening: counted from 08:30
        (sh(2026, 3, 10, 18), 3, sh(2026, 3, 11, 11, 30)),  # after closing: counted from next 08:30
        (sh(2026, 3, 10, 17, 30), 1, sh(2026, 3, 11, 9, 30)),  # exactly at closing: nothing left today
        (sh(2026, 3, 10, 8, 30), 9, sh(2026, 3, 10, 17, 30)),  # a whole day ends at closing, not next morning
        (sh(2026, 3, 10, 10), 9, sh(2026, 3, 11, 10)),  # a whole day's worth spills into tomorrow
        (sh(2026, 3, 10, 10), 18, sh(2026, 3, 12, 10)),  # two days' worth
    ],
)
def test_start_inside_before_after_office_hours(start, hours, due):
    # Tue 2026-03-10 to Thu 03-12 are ordinary working days.
    assert add_working_hours(start, hours) == due


def test_fractional_hours():
    # Tue 2026-03-10 17:00: half an hour today, one hour on Wed Mar 11 → 09:30.
    assert add_working_hours(sh(2026, 3, 10, 17), 1.5) == sh(2026, 3, 11, 9, 30)
    assert add_working_hours(sh(2026, 3, 10, 17), 0.25) == sh(2026, 3, 10, 17, 15)


def test_zero_hours_is_the_start_itself():
    start = sh(2026, 10, 3, 20)  # a National Day holiday evening
    assert add_working_hours(start, 0) == start


@pytest.mark.parametrize("hours", [-1, float("nan"), float("inf")])
def test_invalid_hours_are_refused(hours):
    with pytest.raises(ValueError, match="hours must be a finite number >= 0"):
        add_working_hours(sh(2026, 3, 10, 10), hours)


# --- working days ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "days,due",
    [
        (1, sh(2026, 10, 8, 17, 30)),  # Thu, first working day after Oct 1–7
        (2, sh(2026, 10, 9, 17, 30)),  # Fri
        (3, sh(2026, 10, 10, 17, 30)),  # Sat, make-up working day
        (4, sh(2026, 10, 12, 17, 30)),  # Mon, Sun Oct 11 is off
    ],
)
def test_evening_before_national_day_days(days, due):
    # Wed 2026-09-30 20:00, the evening before National Day.
    assert add_working_days(sh(2026, 9, 30, 20), days) == due


def test_days_across_spring_festival_and_its_make_up_saturday():
    # Fri 2026-02-13: Sat Feb 14 is a make-up working day, Feb 15–23 off, Tue Feb 24 works.
    assert add_working_days(sh(2026, 2, 13, 10), 1) == sh(2026, 2, 14, 17, 30)
    assert add_working_days(sh(2026, 2, 13, 10), 2) == sh(2026, 2, 24, 17, 30)


def test_days_from_new_years_eve():
    # Wed 2025-12-31: Jan 1–3 off, Sun 2026-01-04 make-up working day, Mon Jan 5 works.
    assert add_working_days(sh(2025, 12, 31, 20), 1) == sh(2026, 1, 4, 17, 30)
    assert add_working_days(sh(2025, 12, 31, 20), 2) == sh(2026, 1, 5, 17, 30)


def test_the_start_day_never_counts_whatever_the_hour():
    # Wed 2026-03-11 is a working day, reported before opening, during office hours or after closing:
    # "1 working day" is always the end of Thu 03-12 (counting starts from the next working day).
    for hour in (7, 9, 17, 22):
        assert add_working_days(sh(2026, 3, 11, hour), 1) == sh(2026, 3, 12, 17, 30)


def test_days_over_a_weekend():
    # Fri 2026-03-06 → Mon 03-09 (ordinary weekend between); reported on Saturday → Monday as well.
    assert add_working_days(sh(2026, 3, 6, 10), 1) == sh(2026, 3, 9, 17, 30)
    assert add_working_days(sh(2026, 3, 7, 10), 1) == sh(2026, 3, 9, 17, 30)


@pytest.mark.parametrize(
    "start,due",
    [
        (sh(2026, 3, 11, 9), sh(2026, 3, 11, 17, 30)),  # working day, during office hours: today
        (sh(2026, 3, 11, 7), sh(2026, 3, 11, 17, 30)),  # working day, before opening: today
        (sh(2026, 10, 10, 12), sh(2026, 10, 10, 17, 30)),  # make-up Saturday: today
        (sh(2026, 10, 3, 12), sh(2026, 10, 8, 17, 30)),  # National Day holiday: next working day
        (sh(2026, 3, 7, 12), sh(2026, 3, 9, 17, 30)),  # ordinary Saturday: Monday
        # After closing on a working day, today's end is already past: the next working day instead.
        (sh(2026, 9, 30, 20), sh(2026, 10, 8, 17, 30)),
    ],
)
def test_zero_days(start, due):
    assert add_working_days(start, 0) == due


def test_invalid_days_are_refused():
    with pytest.raises(ValueError, match="days must be >= 0, not -1"):
        add_working_days(sh(2026, 3, 10, 10), -1)
    with pytest.raises(TypeError, match="days must be an int, not float"):
        add_working_days(sh(2026, 3, 10, 10), 1.5)  # type: ignore[arg-type]  # the wrong type is the test


# --- time zones --------------------------------------------------------------------------------------------


def test_a_utc_start_is_read_in_shanghai():
    # 2026-09-30 12:00 UTC is 20:00 in Shanghai, the evening before National Day.
    due = add_working_hours(datetime(2026, 9, 30, 12, tzinfo=UTC), 4)
    assert due == sh(2026, 10, 8, 12, 30)
    assert due.tzinfo == SH
    assert due.astimezone(UTC) == datetime(2026, 10, 8, 4, 30, tzinfo=UTC)


def test_the_start_day_is_the_shanghai_day():
    # 2026-09-30 17:00 UTC is 2026-10-01 01:00 in Shanghai: National Day, not a Wednesday afternoon.
    # Read in UTC it would still be before Wednesday's closing and wrongly give Sep 30 17:30.
    assert add_working_days(datetime(2026, 9, 30, 17, tzinfo=UTC), 0) == sh(2026, 10, 8, 17, 30)


@pytest.mark.parametrize(
    "call",
    [
        lambda naive, aware: add_working_hours(naive, 4),
        lambda naive, aware: add_working_days(naive, 1),
        lambda naive, aware: working_hours_between(naive, aware),
        lambda naive, aware: working_hours_between(aware, naive),
        lambda naive, aware: deadline(naive, 1, "days"),
    ],
)
def test_naive_datetimes_are_refused(call):
    with pytest.raises(ValueError, match="naive"):
        call(datetime(2026, 3, 10, 10), sh(2026, 3, 11, 10))


# --- working hours between ---------------------------------------------------------------------------------


def test_working_hours_between_over_national_day():
    # Wed 2026-09-30 16:30–17:30 (1 h), Oct 1–7 off, Thu Oct 8 08:30–09:30 (1 h).
    assert working_hours_between(sh(2026, 9, 30, 16, 30), sh(2026, 10, 8, 9, 30)) == 2.0


def test_working_hours_between_over_spring_festival():
    # Fri Feb 13 + make-up Sat Feb 14 + Tue Feb 24, 9 h each; Feb 15–23 off.
    assert working_hours_between(sh(2026, 2, 13, 8, 30), sh(2026, 2, 24, 17, 30)) == 27.0


def test_working_hours_between_edges():
    start = sh(2026, 3, 10, 10)
    assert working_hours_between(start, start) == 0.0
    assert working_hours_between(start, start - timedelta(hours=5)) == 0.0  # end before start
    assert working_hours_between(sh(2026, 3, 10, 18), sh(2026, 3, 11, 8)) == 0.0  # overnight
    assert working_hours_between(sh(2026, 3, 7, 0), sh(2026, 3, 9, 0)) == 0.0  # a weekend
    # UTC inputs: 02:00–06:15 UTC is 10:00–14:15 in Shanghai.
    assert working_hours_between(datetime(2026, 3, 10, 2, tzinfo=UTC), datetime(2026, 3, 10, 6, 15, tzinfo=UTC)) == 4.25


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    start=st.datetimes(
        min_value=datetime(2026, 1, 1),
        max_value=datetime(2026, 11, 30),
        timezones=st.sampled_from([SH, UTC]),
    ),
    half_hours=st.integers(min_value=0, max_value=200),
)
def test_working_hours_between_inverts_add_working_hours(start, half_hours):
    # Up to 100 h (about 11 working days) from at most Nov 30: never leaves the 2026 calendar.
    hours = half_hours / 2
    due = add_working_hours(start, hours)
    assert due >= start
    assert working_hours_between(start, due) == pytest.approx(hours, abs=1e-9)


# --- deadline() --------------------------------------------------------------------------------------------


def test_deadline_dispatches_on_the_unit():
    start = sh(2026, 4, 3, 20)  # Friday evening before Tomb-sweeping Day (Apr 4–6 off)
    assert deadline(start, 4, "hours") == sh(2026, 4, 7, 12, 30)
    assert deadline(start, 1, "days") == sh(2026, 4, 7, 17, 30)
    with pytest.raises(ValueError, match="unit"):
        deadline(start, 1, "weeks")


# --- office hours from settings ----------------------------------------------------------------------------


def test_office_hours_come_from_settings(settings):
    settings.CASE_WORKDAY_START = "09:00"
    settings.CASE_WORKDAY_END = "18:00"
    # Tue 2026-03-10 20:00 → Wed 03-11 from 09:00: 4 h → 13:00; 1 working day → Wed 18:00.
    assert add_working_hours(sh(2026, 3, 10, 20), 4) == sh(2026, 3, 11, 13)
    assert add_working_days(sh(2026, 3, 10, 20), 1) == sh(2026, 3, 11, 18)
    assert working_hours_between(sh(2026, 3, 11, 0), sh(2026, 3, 12, 0)) == 9.0


@pytest.mark.parametrize(
    "opening,closing,message",
    [
        ("8:30", "17:30", "CASE_WORKDAY_START must be a time written"),
        ("08h30", "17:30", "CASE_WORKDAY_START must be a time written"),
        ("08:30", "24:00", "CASE_WORKDAY_END must be a time written"),
        (830, "17:30", "CASE_WORKDAY_START must be a time written"),
        ("17:30", "08:30", r"CASE_WORKDAY_START \(17:30\) must be before CASE_WORKDAY_END \(08:30\)"),
        ("09:00", "09:00", r"CASE_WORKDAY_START \(09:00\) must be before CASE_WORKDAY_END \(09:00\)"),
    ],
)
def test_bad_office_hours_are_improperly_configured(settings, opening, closing, message):
    settings.CASE_WORKDAY_START = opening
    settings.CASE_WORKDAY_END = closing
    with pytest.raises(ImproperlyConfigured, match=message):
        add_working_hours(sh(2026, 3, 10, 10), 1)


# --- years nobody has -------------------------------------------------------------------------------------


def test_2027_falls_back_to_monday_to_friday_with_one_warning(caplog):
    caplog.set_level(logging.WARNING, logger="tongxin.platform.calendar")
    assert calendar_years_missing([2026, 2027]) == [2027]
    # 2003 is not in chinese-calendar (2004 on) but holidays' CN calendar has its notice; 2000's neither has.
    assert calendar_years_missing([2027, 2003, 2000, 2027]) == [2000, 2027]

    assert is_working_day(date(2027, 1, 1)) is True  # a Friday: nobody can tell it is a holiday
    assert is_working_day(date(2027, 1, 2)) is False  # Saturday
    assert is_working_day(date(2027, 1, 4)) is True  # Monday
    # Thu 2026-12-31 17:00: half an hour on Dec 31 (a working day), half an hour on Fri 2027-01-01.
    assert add_working_hours(sh(2026, 12, 31, 17), 1) == sh(2027, 1, 1, 9)
    # Fri 2027-01-08 → Mon 01-11, Monday–Friday.
    assert add_working_days(sh(2027, 1, 8, 10), 1) == sh(2027, 1, 11, 17, 30)

    assert is_official_holiday(date(2027, 1, 1)) is False  # no holidays known: none are skipped

    warnings = [r for r in caplog.records if r.name == "tongxin.platform.calendar"]
    assert len(warnings) == 1
    assert warnings[0].levelno == logging.WARNING
    assert "2027" in warnings[0].getMessage()
