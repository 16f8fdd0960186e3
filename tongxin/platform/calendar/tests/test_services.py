"""The calendar as data: years loaded from the packages, a year entered by the office, deadlines over it."""

from __future__ import annotations

import datetime
import logging
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tongxin.grid.cases.models import CaseCategory
from tongxin.grid.cases.services import case_report
from tongxin.platform import calendar
from tongxin.platform.calendar import days
from tongxin.platform.calendar.models import OfficialDay, OfficialYear
from tongxin.platform.calendar.services import (
    HolidayRange,
    MakeUpWorkday,
    official_year_enter,
    official_years_load,
)
from tongxin.platform.calendar.tests.support import TEST_2027_HOLIDAYS, TEST_2027_WORKDAYS, fresh_calendar  # noqa: F401
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.models import AuditEvent

SH = ZoneInfo("Asia/Shanghai")
D = datetime.date

pytestmark = pytest.mark.usefixtures("fresh_calendar")


def enter_2027(actor, **kwargs):
    return official_year_enter(
        actor=actor,
        year=2027,
        notice=kwargs.pop("notice", "测试数据（非国务院办公厅通知）"),
        holidays=kwargs.pop("holidays", TEST_2027_HOLIDAYS),
        workdays=kwargs.pop("workdays", TEST_2027_WORKDAYS),
    )


# --- loading from the packages -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_migration_stored_the_packages_years():
    years = dict(OfficialYear.objects.values_list("year", "package"))
    assert years[2026] == "chinese-calendar" and years[2004] == "chinese-calendar"
    assert years[2001] == years[2002] == years[2003] == "holidays"
    assert 2027 not in years
    spring = OfficialDay.objects.filter(calendar_year__year=2026, name="春节")
    assert spring.filter(kind="holiday").count() == 9 and spring.filter(kind="workday").count() == 2


@pytest.mark.django_db
def test_load_adds_what_is_missing_and_keeps_the_rest():
    OfficialYear.objects.filter(year=2026).delete()
    result = official_years_load(years=[2025, 2026, 2027])
    assert result == {"added": [2026], "updated": [], "kept": [2025], "entered": []}
    stored = OfficialYear.objects.get(year=2026)
    assert (stored.source, stored.package) == ("package", "chinese-calendar")
    assert AuditEvent.objects.filter(object_type="calendar.officialyear", object_id=str(stored.pk)).exists()
    # A changed package year (as after an upgrade that corrects it) is loaded again.
    OfficialDay.objects.filter(date=D(2026, 2, 28)).delete()
    assert official_years_load(years=[2026])["updated"] == [2026]
    assert OfficialDay.objects.filter(date=D(2026, 2, 28), kind="workday").exists()


@pytest.mark.django_db
def test_load_leaves_a_year_the_office_entered(admin_user):
    # The office corrected 2026 by hand (as for a later notice changing a year): a load does not undo it.
    official_year_enter(
        actor=admin_user,
        year=2026,
        notice="测试数据",
        holidays=[HolidayRange(name="春节", first=D(2026, 2, 15), last=D(2026, 2, 24))],
        workdays=[],
    )
    assert official_years_load(years=[2026])["entered"] == [2026]
    assert OfficialYear.objects.get(year=2026).source == "notice"
    assert calendar.is_working_day(D(2026, 2, 24)) is False
    assert calendar.is_working_day(D(2026, 2, 14)) is False  # no longer a make-up day: a plain Saturday


@pytest.mark.django_db
def test_the_command_loads(capsys):
    OfficialYear.objects.filter(year__in=[2024, 2025]).delete()
    call_command("load_official_calendar", "2024", "2025", "2026")
    out = capsys.readouterr().out
    assert "added: 2024, 2025" in out and "already stored: 2026" in out


# --- entering a year from the notice -----------------------------------------------------------------------


@pytest.mark.django_db
def test_2027_entered_by_hand_counts(admin_user, caplog):
    caplog.set_level(logging.WARNING, logger="tongxin.platform.calendar")
    assert calendar.calendar_years_missing([2026, 2027]) == [2027]
    assert calendar.is_working_day(D(2027, 2, 8)) is True  # Monday: Monday–Friday fallback

    official = enter_2027(admin_user)

    assert (official.source, official.entered_by, official.entered_by_name) == ("notice", admin_user, "t_admin")
    assert calendar.calendar_years_missing([2026, 2027]) == []
    assert calendar.is_working_day(D(2027, 2, 5)) is False  # Fri, first day of 春节 (test data)
    assert calendar.is_working_day(D(2027, 2, 8)) is False  # Mon inside 春节
    assert calendar.is_working_day(D(2027, 2, 14)) is True  # Sun, make-up working day
    assert calendar.is_working_day(D(2027, 2, 15)) is True
    assert calendar.is_official_holiday(D(2027, 10, 1)) is True
    assert calendar.is_official_holiday(D(2027, 10, 10)) is False
    event = AuditEvent.objects.get(object_type="calendar.officialyear", object_id=str(official.pk))
    assert (event.action, event.actor_id) == ("create", admin_user.pk)
    assert "2027-02-14 春节" in event.changes["workdays"][1]


@pytest.mark.django_db
def test_a_case_deadline_over_the_2027_spring_festival(world, grid_worker, admin_user):
    category = CaseCategory.objects.create(
        code="t_leak", name_zh="屋顶漏水", accept_limit=4, accept_unit="hours", resolve_limit=3, resolve_unit="days"
    )
    thursday = datetime.datetime(2027, 2, 4, 10, tzinfo=SH)  # the day before 春节 (test data)

    def report():
        return case_report(
            actor=grid_worker, category=category, description="顶楼漏水", area=world.building1, at=thursday
        )

    # Without 2027: Monday to Friday, so Fri 5, Mon 8, Tue 9 February.
    assert report().resolve_due == datetime.datetime(2027, 2, 9, 17, 30, tzinfo=SH)
    enter_2027(admin_user)
    case = report()
    # With it: 5–13 February off; Sun 14 (make-up), Mon 15, Tue 16.
    assert case.resolve_due == datetime.datetime(2027, 2, 16, 17, 30, tzinfo=SH)
    assert case.accept_due == datetime.datetime(2027, 2, 4, 14, tzinfo=SH)


@pytest.mark.django_db
def test_entering_again_replaces_the_year(admin_user):
    enter_2027(admin_user)
    official = enter_2027(
        admin_user,
        notice="国办发明电〔2026〕99号（测试）",
        holidays=[HolidayRange(name="春节", first=D(2027, 2, 6), last=D(2027, 2, 12))],
        workdays=[],
    )
    assert official.days.count() == 7
    assert calendar.is_working_day(D(2027, 2, 5)) is True
    assert calendar.is_working_day(D(2027, 2, 14)) is False  # a plain Sunday again
    assert AuditEvent.objects.filter(object_id=str(official.pk), action="update").count() == 1


@pytest.mark.django_db
def test_only_the_platform_admin_enters_a_year(street_officer, secretary):
    for actor in (street_officer, secretary):
        with pytest.raises(Forbidden):
            enter_2027(actor)
    assert not OfficialYear.objects.filter(year=2027).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "holidays,workdays,field,message",
    [
        ([HolidayRange("春节", D(2026, 12, 31), D(2027, 1, 2), row=1)], [], "holiday_1_first", "不在 2027 年"),
        ([HolidayRange("春节", D(2027, 2, 13), D(2027, 2, 5), row=1)], [], "holiday_1_last", "早于"),
        (
            [HolidayRange("春节", D(2027, 2, 5), D(2027, 2, 13), row=1)],
            [MakeUpWorkday(D(2027, 2, 6), "春节", row=0)],
            "workday_0_day",
            "既是",
        ),
        (
            [HolidayRange("春节", D(2027, 2, 5), D(2027, 2, 13), row=1)],
            [MakeUpWorkday(D(2027, 2, 17), "春节", row=2)],
            "workday_2_day",
            "周六或周日",
        ),
        (
            [
                HolidayRange("春节", D(2027, 2, 5), D(2027, 2, 13), row=1),
                HolidayRange("元宵", D(2027, 2, 13), D(2027, 2, 14), row=7),
            ],
            [],
            "holiday_7_first",
            "已是",
        ),
        ([], [], "__all__", "至少"),
    ],
)
def test_a_wrong_year_is_refused_whole_and_said_in_chinese(admin_user, holidays, workdays, field, message):
    with pytest.raises(DomainError) as refused:
        enter_2027(admin_user, holidays=holidays, workdays=workdays)
    errors = refused.value.message_dict
    assert field in errors and message in " ".join(errors[field]), errors
    assert not OfficialYear.objects.filter(year=2027).exists()
    assert calendar.calendar_years_missing([2027]) == [2027]


@pytest.mark.django_db
def test_english_messages_too(admin_user, settings):
    from django.utils import translation

    with translation.override("en"):
        with pytest.raises(DomainError) as refused:
            enter_2027(admin_user, workdays=[MakeUpWorkday(D(2027, 2, 17), "春节", row=0)])
    assert (
        "is a weekday: a make-up working day is a Saturday or a Sunday"
        in refused.value.message_dict["workday_0_day"][0]
    )


# --- the per-process snapshot ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_counting_days_reads_the_database_once(django_assert_num_queries):
    calendar.is_working_day(D(2026, 3, 2))  # loads the snapshot
    with django_assert_num_queries(0):
        calendar.add_working_days(datetime.datetime(2026, 1, 1, 9, tzinfo=SH), 250)


@pytest.mark.django_db
def test_another_process_edit_is_seen_after_the_recheck(admin_user, monkeypatch):
    assert calendar.is_working_day(D(2027, 2, 8)) is True
    # Another process enters 2027: this one's snapshot knows nothing of it until it checks again.
    OfficialYear.objects.create(year=2027, source="notice", notice="测试").days.create(
        date=D(2027, 2, 8), kind="holiday", name="春节"
    )
    assert calendar.is_working_day(D(2027, 2, 8)) is True
    monkeypatch.setattr(days, "_RECHECK_SECONDS", 0.0)
    assert calendar.is_working_day(D(2027, 2, 8)) is False
