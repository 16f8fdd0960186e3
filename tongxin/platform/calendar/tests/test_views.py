"""The office's calendar pages, read by their HTML structure."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.html import soup
from tongxin.platform import calendar
from tongxin.platform.calendar.models import OfficialYear
from tongxin.platform.calendar.tests.support import TEST_2027_FORM, fresh_calendar  # noqa: F401
from tongxin.platform.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_calendar")]

TODAY = datetime.datetime(2026, 12, 7, 10, tzinfo=datetime.UTC)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_years_with_their_source_and_coverage(client, admin_user):
    with time_machine.travel(TODAY, tick=False):
        client.force_login(admin_user)
        page = soup(client.get(reverse("calendar:years")), status=200)
    rows = {tr["data-year"]: tr for tr in page.select("#calendar-years tbody tr")}
    assert rows["2027"]["data-state"] == "missing"
    assert "缺失" in rows["2027"].get_text()
    assert rows["2027"].select_one(f'a.btn[href="{reverse("calendar:enter")}?year=2027"]').get_text() == "录入"
    assert rows["2026"]["data-state"] == "stored"
    assert "chinese-calendar 1.11.0" in rows["2026"].get_text(" ")
    assert [t.get_text() for t in rows["2026"].select(".tag")][:2] == ["元旦", "春节"]
    assert " ".join(rows["2003"].select("td")[0].get_text(" ").split()).startswith("软件包 holidays")
    assert "2027" in page.select_one("#calendar-missing").get_text()
    # Newest first.
    assert list(rows)[:2] == ["2027", "2026"]


def test_one_year_as_the_notice_writes_it(admin_client):
    page = soup(admin_client.get(reverse("calendar:year", args=[2026])), status=200)
    spring = [tr for tr in page.select("#calendar-holidays tbody tr") if tr.th.get_text() == "春节"]
    assert len(spring) == 1
    cells = spring[0].select("td")
    assert cells[0].time["datetime"] == "2026-02-15" and cells[1].time["datetime"] == "2026-02-23"
    assert cells[2].get_text() == "9"
    workdays = [tr.td.time["datetime"] for tr in page.select("#calendar-workdays tbody tr")]
    assert "2026-02-14" in workdays and "2026-02-28" in workdays


def test_a_missing_year_says_what_to_do(admin_client):
    page = soup(admin_client.get(reverse("calendar:year", args=[2027])), status=200)
    assert page.select_one(".empty.panel") is not None
    assert not page.select("#calendar-holidays")
    assert page.select_one(".page-head .actions a.btn-primary").get_text() == "录入本年"


def test_the_form_is_filled_with_the_festivals_of_the_notice(admin_client):
    page = soup(admin_client.get(reverse("calendar:enter") + "?year=2027"), status=200)
    form = page.select_one("form#calendar-form")
    assert form.select_one("input[name=year]")["value"] == "2027"
    names = [i.get("value", "") for i in form.select("#calendar-holidays input[name$=_name]")]
    assert names[:7] == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
    assert form.select_one("input[name=holiday_1_first]")["type"] == "date"
    assert form.select_one("button[type=submit]").get_text() == "保存本年安排"


def test_the_form_of_a_stored_year_shows_its_days(admin_client):
    page = soup(admin_client.get(reverse("calendar:enter") + "?year=2026"), status=200)
    rows = page.select("#calendar-holidays tbody tr")
    spring = next(r for r in rows if r.select_one("input[name$=_name]").get("value") == "春节")
    assert [i.get("value") for i in spring.select("input[type=date]")] == ["2026-02-15", "2026-02-23"]


def test_entering_2027(admin_client, admin_user):
    assert calendar.is_working_day(datetime.date(2027, 2, 8)) is True
    response = admin_client.post(reverse("calendar:enter"), TEST_2027_FORM)
    assert response.status_code == 302 and response["Location"] == reverse("calendar:year", args=[2027])
    official = OfficialYear.objects.get(year=2027)
    assert (official.source, official.notice, official.entered_by) == ("notice", TEST_2027_FORM["notice"], admin_user)
    assert official.days.filter(kind="holiday").count() == 3 + 9 + 7
    assert calendar.is_working_day(datetime.date(2027, 2, 8)) is False
    assert AuditEvent.objects.filter(object_type="calendar.officialyear", actor_id=admin_user.pk).exists()
    page = soup(admin_client.get(response["Location"]), status=200)
    assert "由 t_admin 按国务院办公厅通知" in page.select_one("#calendar-source").get_text()
    assert page.select_one(".flash-success").get_text() == "2027 年的官方节假日安排已保存，即时用于计算期限。"


@pytest.mark.parametrize(
    "change,field,message",
    [
        ({"workday_0_day": "2027-02-06"}, "workday_0_day", "不能既是放假日（春节）又是调休上班日"),
        ({"workday_0_day": "2027-02-17"}, "workday_0_day", "调休上班日应为周六或周日"),
        ({"holiday_1_first": "2026-12-30"}, "holiday_1_first", "2026-12-30 不在 2027 年内"),
        ({"holiday_1_last": ""}, "holiday_1_last", "请同时填写放假首日和末日"),
        ({"holiday_1_first": "2027-13-01"}, "holiday_1_first", "2026-03-08"),
        ({"notice": ""}, "notice", "请填写通知的文号或标题"),
    ],
)
def test_a_wrong_entry_is_shown_next_to_its_field_and_nothing_is_stored(admin_client, change, field, message):
    response = admin_client.post(reverse("calendar:enter"), {**TEST_2027_FORM, **change})
    page = soup(response, status=200)
    cell = page.select_one(f"[name={field}]").find_parent(class_="field")
    assert "has-error" in cell["class"]
    assert message in cell.select_one(".error").get_text()
    assert not OfficialYear.objects.filter(year=2027).exists()
    assert calendar.calendar_years_missing([2027]) == [2027]


def test_english_is_complete(admin_client):
    admin_client.cookies["django_language"] = "en"
    page = soup(admin_client.get(reverse("calendar:years"), HTTP_ACCEPT_LANGUAGE="en"), status=200)
    assert page.h1.get_text() == "Official calendar"
    page = soup(
        admin_client.post(reverse("calendar:enter"), {**TEST_2027_FORM, "workday_0_day": "2027-02-17"}), status=200
    )
    assert page.select_one(".has-error .error").get_text() == (
        "2027-02-17 is a weekday: a make-up working day is a Saturday or a Sunday."
    )


def test_the_menu_offers_the_page_only_to_the_admin(client, admin_user, street_officer):
    url = reverse("calendar:years")
    client.force_login(admin_user)
    assert soup(client.get(reverse("home"))).select(f'nav.sidenav a[href="{url}"]')
    client.force_login(street_officer)
    assert not soup(client.get(reverse("home"))).select(f'nav.sidenav a[href="{url}"]')
