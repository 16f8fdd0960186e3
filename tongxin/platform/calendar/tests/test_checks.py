"""The system check names the year the official calendar is missing."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.checks import run_checks

from tongxin.platform.calendar.services import official_year_enter
from tongxin.platform.calendar.tests.support import TEST_2027_HOLIDAYS, TEST_2027_WORKDAYS, fresh_calendar  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar")]

TODAY = datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC)


def w002():
    return [m for m in run_checks() if m.id == "tongxin.W002"]


def test_the_check_names_2027_and_the_page():
    with time_machine.travel(TODAY, tick=False):
        (warning,) = w002()
    assert warning.msg.startswith("官方节假日安排缺少 2027 年：")
    assert "/calendar/" in warning.hint and "国务院办公厅通知" in warning.hint


def test_entering_the_year_silences_it(admin_user):
    official_year_enter(
        actor=admin_user, year=2027, notice="测试数据", holidays=TEST_2027_HOLIDAYS, workdays=TEST_2027_WORKDAYS
    )
    with time_machine.travel(TODAY, tick=False):
        assert w002() == []


def test_the_current_year_too():
    with time_machine.travel(datetime.datetime(2030, 6, 1, tzinfo=datetime.UTC), tick=False):
        (warning,) = w002()
    assert "2030、2031" in warning.msg
