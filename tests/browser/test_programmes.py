"""A resident, not signed in, enrols a child in the after-school class from a phone and finds
the enrolment again by phone number and lookup code; the next child finds the class full and
lands on the waiting list."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, check_accessibility, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _programmes() -> Any:
    """甲社区's after-school class (one seat left of 30) and a lecture, both open online."""
    from django.utils import timezone

    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level
    from tongxin.volunteering.programmes import services
    from tongxin.volunteering.programmes.tests.support import programme, session, staff, volunteer

    district = node_insert(Area(parent=None, level=Level.DISTRICT, name="示范区"))
    sub = node_insert(Area(parent=district, level=Level.SUBDISTRICT, name="湖东街道"))
    community = node_insert(Area(parent=sub, level=Level.COMMUNITY, name="甲社区"))
    today = timezone.localdate()
    teacher = volunteer(community, "王老师")
    after_school = programme(
        community,
        "四点半学校（秋季）",
        description="放学后作业辅导、阅读和兴趣活动，家长18:00前接回。",
        place="社区党群服务中心二楼活动室",
        start_date=today + datetime.timedelta(days=3),
        end_date=today + datetime.timedelta(days=120),
        capacity=30,
        teachers=[teacher],
    )
    for day in range(3, 10):
        session(after_school, today + datetime.timedelta(days=day), topic="作业辅导")
    for i in range(29):
        services.enrolment_create(
            actor=staff(),
            programme=after_school,
            name=f"孩子{i}",
            phone=f"138{i:08d}",
            birth_date=today - datetime.timedelta(days=365 * 8),
            guardian_name="家长",
        )
    programme(
        community,
        "社区大讲堂：防范电信诈骗",
        kind="lecture",
        audience="anyone",
        min_age=None,
        max_age=None,
        capacity=100,
        start_date=today + datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=10),
    )
    return after_school


def _enrol(page: Page, base: str, programme_id: int, name: str, phone: str, *, shots: str = "") -> None:
    page.goto(f"{base}/public/programmes/{programme_id}/")
    page.click("#enrol-link")
    expect(page).to_have_url(re.compile(rf"/public/programmes/{programme_id}/enrol/$"))
    birth = datetime.date.today() - datetime.timedelta(days=365 * 8 + 30)
    page.fill("#id_name", name)
    page.fill("#id_birth_date", birth.isoformat())
    page.fill("#id_guardian_name", "张三")
    page.fill("#id_phone", phone)
    page.check("#id_consent")
    if shots:
        check_accessibility(page, "enrolment form")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shot(page, f"programmes-{shots}-form")
    page.click("form .bottom-bar button[type=submit]")
    expect(page).to_have_url(re.compile(r"/public/programmes/enrolment/[A-Z0-9]{8}/$"))


def test_a_resident_enrols_a_child_from_a_phone(live_server: Any, transactional_db: Any, browser: Browser) -> None:
    from tongxin.volunteering.programmes.models import Enrolment

    after_school = _programmes()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()

    page.goto(f"{base}/public/programmes/")
    expect(page.locator("#public-programmes li")).to_have_count(2)
    check_accessibility(page, "public programmes")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "programmes-public-list")
    page.click("text=四点半学校（秋季）")
    expect(page.locator("h1")).to_have_text("四点半学校（秋季）")
    check_accessibility(page, "public programme")
    shot(page, "programmes-public-detail")

    _enrol(page, base, after_school.pk, "张小明", "13812345678", shots="enrol")
    expect(page.locator("#enrolment-result .status-enrolled")).to_be_visible()
    code = page.locator("#lookup-code").inner_text().strip()
    enrolment = Enrolment.objects.get(code=code)
    assert enrolment.name == "张小明" and enrolment.status == "enrolled" and enrolment.source == "public"
    # Personal data appear masked only.
    body = page.locator("body").inner_text()
    assert "张小明" not in body and "张*明" in body and "138****5678" in body and "13812345678" not in body
    check_accessibility(page, "enrolment result")
    shot(page, "programmes-enrolled")

    # Later, in another browser: phone number and code find it again.
    other = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    other.goto(f"{base}/public/programmes/mine/")
    other.fill("#id_phone", "13812345678")
    other.fill("#id_code", code.lower())
    check_accessibility(other, "lookup")
    shot(other, "programmes-lookup")
    other.click("main form button[type=submit]")
    expect(other).to_have_url(re.compile(rf"/public/programmes/enrolment/{code}/$"))
    expect(other.locator("#lookup-code")).to_have_text(code)
    shot(other, "programmes-found")

    # The class is full now: the next child waits, first in line.
    page.goto(f"{base}/public/programmes/{after_school.pk}/")
    expect(page.locator("#seats-left .status-waiting")).to_be_visible()
    _enrol(page, base, after_school.pk, "李小红", "13900001111")
    expect(page.locator("#enrolment-result .status-waiting")).to_contain_text("1")
    assert Enrolment.objects.get(name="李小红").status == "waiting"
    check_accessibility(page, "waiting list result")
    shot(page, "programmes-waiting")
    context.close()
