"""The packages, read into one shape: chinese-calendar first, then the CN calendar of holidays."""

from __future__ import annotations

from datetime import date, timedelta

from tongxin.platform.calendar import sources

D = date


def _working(days: sources.YearDays, day: date) -> bool:
    return day in days.workdays or (day not in days.holidays and day.weekday() < 5)


def test_chinese_calendar_2026():
    y = sources.from_chinese_calendar(2026)
    assert y is not None and y.package == "chinese-calendar" and y.package_version
    # 春节: 15–23 February off; 14 and 28 February (Saturdays) worked.
    assert all(y.holidays[D(2026, 2, d)] == "春节" for d in range(15, 24))
    assert y.workdays[D(2026, 2, 14)] == "春节" and y.workdays[D(2026, 2, 28)] == "春节"
    # The notice's names, not the package's short ones (清明 → 清明节).
    assert y.holidays[D(2026, 4, 5)] == "清明节"
    assert not set(y.holidays) & set(y.workdays)


def test_holidays_2026_the_notice_with_its_weekends_and_moved_days():
    y = sources.from_holidays(2026)
    assert y is not None and y.package == "holidays"
    # holidays lists only the weekdays off; the notice's run (15–23 February) includes the weekends inside it.
    assert [y.holidays.get(D(2026, 2, d)) for d in range(15, 24)] == ["春节"] * 9
    assert set(y.workdays) == {
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    }
    assert y.workdays[D(2026, 2, 14)] == "春节"


def test_both_packages_count_the_same_working_days_2004_to_2026():
    differ = []
    for year in range(2004, 2027):
        a, b = sources.from_chinese_calendar(year), sources.from_holidays(year)
        assert a is not None and b is not None, year
        day = D(year, 1, 1)
        while day.year == year:
            if _working(a, day) != _working(b, day):
                differ.append(day)
            day += timedelta(days=1)
    # The one day the two disagree on (the 2006 notice moved Saturday 31 December 2005); chinese-calendar wins.
    assert differ == [D(2005, 12, 31)]


def test_a_make_up_day_in_the_year_before_belongs_to_that_year():
    # The 2002 notice moved New Year's days off from Saturday 29 and Sunday 30 December 2001.
    y2001, y2002 = sources.from_holidays(2001), sources.from_holidays(2002)
    assert y2001.workdays[D(2001, 12, 29)] == "元旦" and y2001.workdays[D(2001, 12, 30)] == "元旦"
    assert all(day.year == 2002 for day in y2002.workdays)


def test_holidays_fills_the_years_before_chinese_calendar():
    assert sources.from_chinese_calendar(2003) is None
    found = sources.from_packages(2003)
    assert found is not None and found.package == "holidays"
    assert sources.from_packages(2026).package == "chinese-calendar"


def test_no_package_has_2027():
    # holidays would estimate festivals for any year; an estimate without a notice does not count.
    assert sources.from_chinese_calendar(2027) is None
    assert sources.from_holidays(2027) is None
    assert sources.from_packages(2027) is None
    assert 2027 not in sources.known_years() and {2001, 2026} <= set(sources.known_years())
