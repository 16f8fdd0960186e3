"""A hand-made 2027 for the tests.

TEST DATA, made up for these tests: it is NOT the State Council General Office's notice on the 2027 holidays,
which neither package carried when this was written (chinese-calendar 1.11.0, holidays 0.109). The weekdays are
real: 2027-01-01 is a Friday, 2027-02-05 a Friday, 2027-10-01 a Thursday.
"""

from __future__ import annotations

from datetime import date

import pytest

from tongxin.platform import calendar
from tongxin.platform.calendar.services import HolidayRange, MakeUpWorkday

D = date

TEST_2027_HOLIDAYS = [
    HolidayRange(name="元旦", first=D(2027, 1, 1), last=D(2027, 1, 3)),  # Fri–Sun
    HolidayRange(name="春节", first=D(2027, 2, 5), last=D(2027, 2, 13)),  # Fri–Sat, 9 days
    HolidayRange(name="国庆节", first=D(2027, 10, 1), last=D(2027, 10, 7)),  # Thu–Wed
]
TEST_2027_WORKDAYS = [
    MakeUpWorkday(day=D(2027, 2, 14), name="春节"),  # Sun
    MakeUpWorkday(day=D(2027, 2, 20), name="春节"),  # Sat
    MakeUpWorkday(day=D(2027, 9, 26), name="国庆节"),  # Sat
    MakeUpWorkday(day=D(2027, 10, 10), name="国庆节"),  # Sun
]

# The same, as the office types it into the form.
TEST_2027_FORM = {
    "year": "2027",
    "notice": "测试数据（非国务院办公厅通知）",
    "holiday_0_name": "元旦",
    "holiday_0_first": "2027-01-01",
    "holiday_0_last": "2027-01-03",
    "holiday_1_name": "春节",
    "holiday_1_first": "2027-02-05",
    "holiday_1_last": "2027-02-13",
    "holiday_6_name": "国庆节",
    "holiday_6_first": "2027-10-01",
    "holiday_6_last": "2027-10-07",
    "workday_0_day": "2027-02-14",
    "workday_0_name": "春节",
    "workday_1_day": "2027-02-20",
    "workday_1_name": "春节",
    "workday_2_day": "2027-09-26",
    "workday_2_name": "国庆节",
    "workday_3_day": "2027-10-10",
    "workday_3_name": "国庆节",
}


@pytest.fixture
def fresh_calendar():
    """The calendar's snapshot is per process: a test that writes a year starts and ends with none, so the next
    test reads its own (rolled-back) database.

    The years the migration stored are gone when a browser test ran before in the same process
    (a live server's test empties the tables after it): stored again here, as a deployment has them."""
    from django.core.management import call_command

    from tongxin.platform.calendar.models import OfficialYear

    if not OfficialYear.objects.exists():
        call_command("load_official_calendar", verbosity=0)
    calendar.clear_caches()
    yield
    calendar.clear_caches()
