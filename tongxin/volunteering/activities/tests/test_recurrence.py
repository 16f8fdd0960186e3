"""Dates of recurring activities: month ends, the National Day holiday, make-up workdays."""

from __future__ import annotations

import datetime

import pytest

from tongxin.platform.calendar import is_official_holiday
from tongxin.platform.core.exceptions import DomainError
from tongxin.volunteering.activities.recurrence import activity_dates, next_dates, rule_normalize

D = datetime.date

# The official calendar is data (tongxin.platform.calendar): asking it reads the stored years.
pytestmark = pytest.mark.django_db


def test_fridays_across_the_month_end_skip_national_day():
    dates = activity_dates(first_date=D(2026, 9, 18), rule="FREQ=WEEKLY;BYDAY=FR", end=D(2026, 10, 23))
    # chinese_calendar 1.11 knows 2026: 09-25 is the Mid-autumn Festival (09-25…09-27) and 10-02
    # falls in the National Day holiday (10-01…10-07); both Fridays are skipped.
    assert dates == [D(2026, 9, 18), D(2026, 10, 9), D(2026, 10, 16), D(2026, 10, 23)]


def test_holidays_kept_when_not_skipping():
    dates = activity_dates(
        first_date=D(2026, 9, 18), rule="FREQ=WEEKLY;BYDAY=FR", end=D(2026, 10, 9), skip_holidays=False
    )
    assert D(2026, 10, 2) in dates


def test_make_up_workday_saturday_is_not_skipped():
    # 2026-10-10 (Saturday) is an official make-up workday (调休上班); 10-03 is National Day.
    dates = activity_dates(first_date=D(2026, 9, 26), rule="FREQ=WEEKLY;BYDAY=SA", end=D(2026, 10, 17))
    # 09-26 is the Mid-autumn Festival (a holiday); ordinary Saturdays (10-17) stay.
    assert dates == [D(2026, 10, 10), D(2026, 10, 17)]
    assert not is_official_holiday(D(2026, 10, 17))  # a weekend, not an official holiday
    assert not is_official_holiday(D(2026, 9, 20))  # the Sunday make-up workday


def test_monthly_on_the_31st_skips_short_months():
    # RFC 5545: a month without a 31st has no date; it does not move to the 30th.
    dates = activity_dates(first_date=D(2026, 1, 31), rule="FREQ=MONTHLY;BYMONTHDAY=31", end=D(2026, 8, 31))
    assert dates == [D(2026, 1, 31), D(2026, 3, 31), D(2026, 5, 31), D(2026, 7, 31), D(2026, 8, 31)]
    last = activity_dates(first_date=D(2026, 1, 31), rule="FREQ=MONTHLY;BYMONTHDAY=-1", end=D(2026, 4, 30))
    assert last == [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)]


def test_count_counts_the_dates_held_and_cancelled_dates_are_left_out():
    dates = activity_dates(
        first_date=D(2026, 9, 18),
        rule="FREQ=WEEKLY;BYDAY=FR",
        count=3,
        cancelled=["2026-10-09"],
        end=D(2026, 12, 31),
    )
    assert dates == [D(2026, 9, 18), D(2026, 10, 16), D(2026, 10, 23)]
    later = activity_dates(
        first_date=D(2026, 9, 18), rule="FREQ=WEEKLY;BYDAY=FR", count=3, start=D(2026, 10, 1), end=D(2026, 12, 31)
    )
    assert later == [D(2026, 10, 9), D(2026, 10, 16)]


def test_until_and_one_off():
    assert activity_dates(
        first_date=D(2026, 9, 18), rule="FREQ=WEEKLY;BYDAY=FR", until=D(2026, 10, 9), end=D(2026, 12, 31)
    ) == [D(2026, 9, 18), D(2026, 10, 9)]
    assert activity_dates(first_date=D(2026, 9, 18), rule="", end=D(2026, 12, 31)) == [D(2026, 9, 18)]
    assert activity_dates(first_date=D(2026, 9, 18), rule="", start=D(2026, 9, 19), end=D(2026, 12, 31)) == []


def test_years_the_calendar_does_not_know_are_not_skipped():
    assert not is_official_holiday(D(2099, 1, 1))
    assert next_dates(first_date=D(2099, 1, 1), rule="FREQ=DAILY", start=D(2099, 1, 1), n=2) == [
        D(2099, 1, 1),
        D(2099, 1, 2),
    ]


def test_preview_gives_the_next_eight():
    dates = next_dates(first_date=D(2026, 9, 18), rule="FREQ=WEEKLY;BYDAY=FR", start=D(2026, 9, 20))
    assert len(dates) == 8 and dates[0] == D(2026, 10, 9) and D(2026, 10, 2) not in dates


@pytest.mark.parametrize(
    "rule,message",
    [
        ("FREQ=SECONDLY", "规则须包含 FREQ=DAILY、WEEKLY、MONTHLY 或 YEARLY"),
        ("FREQ=WEEKLY;BYDAY=XX", "无法识别这条重复规则：invalid 'BYDAY': XX"),
        ("BYDAY=FR", "规则须包含 FREQ=DAILY、WEEKLY、MONTHLY 或 YEARLY"),
        ("FREQ=WEEKLY;COUNT=3", "首次日期、结束日期和次数请填在各自的栏目里"),
        ("FREQ=WEEKLY;UNTIL=20261231", "首次日期、结束日期和次数请填在各自的栏目里"),
        ("DTSTART=20260101;FREQ=WEEKLY", "首次日期、结束日期和次数请填在各自的栏目里"),
        ("FREQ=WEEKLY;;", "规则请写成用“;”连接的 键=值"),
        ("FREQ=WEEKLY;BYDAY=" + "FR," * 100, "重复规则太长"),
        ("\x00", "规则请写成用“;”连接的 键=值"),
    ],
)
def test_bad_rules_are_refused_with_a_message(rule, message):
    with pytest.raises(DomainError) as exc:
        rule_normalize(rule)
    assert message in exc.value.messages[0]


def test_rule_is_normalized():
    assert rule_normalize(" rrule:freq=weekly; byday=fr ") == "FREQ=WEEKLY;BYDAY=FR"
    assert rule_normalize("") == ""
