"""Issue 16's booking loop through the pages, on a 390 px phone: the community secretary asks for
the school's playground for Friday evening for a branch; the school's contact approves it on the
unit's portal; after the evening the contact records who came, and the school's agreement shows
the two hours delivered against its venue-hours commitment."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (  # noqa: F401  (fixtures used by name)
    PHONE,
    browser_context_args,
    browser_type_launch_args,
    check_accessibility,
    shot,
)
from tests.browser.test_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width}px"


def _world(friday: datetime.date) -> Any:
    """The hand-made world's 甲社区 with its unit turned into a school: a signed agreement with
    120 venue hours, and the playground open on weekday evenings counting toward them."""
    from conftest import _make_user, build_world
    from tongxin.cobuilding.agreements.tests.support import signed_agreement
    from tongxin.cobuilding.resources import services
    from tongxin.cobuilding.resources.tests.support import staff
    from tongxin.registry.cobuild.models import ResidentUnit

    w = build_world()
    ResidentUnit.objects.filter(pk=w.unit.pk).update(name="第一中学", kind="school")
    w.unit.refresh_from_db()
    _make_user("secretary", "community", w.community.pk, first_name="刘书记")
    _make_user("unit", "unit_contact", w.unit_branch.pk, first_name="张老师")
    a = signed_agreement(
        w.unit,
        w.community,
        commitments=(("venue_hours", "操场晚间向居民开放", "120"), ("expertise", "四点半课堂", "20")),
    )
    hours = a.commitments.get(kind="venue_hours")
    playground = services.resource_save(
        actor=staff(), community=w.community, unit=w.unit, kind="venue", name="第一中学操场",
        availability="工作日 18:00–21:00", conditions="自带器材，用后清场", bookable=True, capacity=200,
        opens_at=datetime.time(18), closes_at=datetime.time(21), open_weekdays="12345", commitment=hours,
    )  # fmt: skip
    return a, hours, playground


def test_a_playground_booked_for_friday_evening_approved_used_and_counted(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    import time_machine

    today = datetime.date.today()
    friday = today + datetime.timedelta(days=(4 - today.weekday()) % 7 or 7)
    agreement, hours, playground = _world(friday)
    base = live_server.url

    # The secretary, on her phone, asks for Friday 18:00–20:00 for the grid branch.
    secretary = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    sign_in(secretary, base, "secretary")
    secretary.goto(
        f"{base}/cobuilding/resources/{playground.pk}/calendar/?week={friday:%Y-%m-%d}&day={friday:%Y-%m-%d}"
    )
    expect(secretary.locator(f'[data-day="{friday:%Y-%m-%d}"]')).to_be_visible()
    expect(secretary.locator(".calendar .day:visible")).to_have_count(1)  # one day at a time on a phone
    secretary.fill("#id_day", friday.isoformat())
    secretary.fill("#id_starts", "18:00")
    secretary.fill("#id_ends", "20:00")
    secretary.fill("#id_user_group", "第一网格党支部")
    secretary.fill("#id_purpose", "党员篮球友谊赛")
    secretary.fill("#id_people", "40")
    secretary.click("#book button[type=submit]")
    expect(secretary.locator(".flash-success")).to_contain_text("等待单位联络人审批")
    slot = secretary.locator(f'[data-day="{friday:%Y-%m-%d}"] .slot-requested')
    expect(slot).to_contain_text("待审批")
    expect(slot).to_contain_text("18:00–20:00")
    _fits(secretary)
    check_accessibility(secretary, "booking calendar")
    shot(secretary, "resources-1-requested-on-phone")

    # The school's contact approves it on the unit's portal.
    contact = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    sign_in(contact, base, "unit")
    contact.goto(f"{base}/unit/")
    row = contact.locator('[data-part="resources.bookings"] [data-booking]')
    expect(row).to_contain_text("第一网格党支部")
    approve = row.locator("button[value=approve]")
    box = approve.bounding_box()
    assert box is not None and box["height"] >= 44, box  # a thumb can hit it
    shot(contact, "resources-2-portal-to-approve")
    approve.click()
    expect(contact.locator(".flash-success")).to_contain_text("已同意预约")
    _fits(contact)

    # After the evening: the idle session has expired, so the contact signs in again, records who
    # came, and the two hours count toward the agreement.
    evening = datetime.datetime.combine(friday, datetime.time(22), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(evening, tick=True):
        sign_in(contact, base, "unit")
        contact.goto(f"{base}/unit/")
        contact.locator('[data-part="resources.bookings"] a', has_text="登记到场").click()
        contact.fill("#id_attended", "38")
        contact.click("main button[type=submit]")
        expect(contact.locator(".flash-success")).to_contain_text("已计入单位共建协议")
        part = contact.locator(f'[data-part="agreements.mine"] [data-commitment="{hours.pk}"]')
        expect(part.locator(".progress-words")).to_contain_text("已兑现 2 / 120 小时")
        expect(part.locator("[role=progressbar]")).to_have_attribute("aria-valuenow", "1")
        _fits(contact)
        shot(contact, "resources-3-hours-counted-on-portal")
        contact.goto(f"{base}/cobuilding/agreements/{agreement.pk}/")
        expect(contact.locator("#deliveries")).to_contain_text("共享资源预约")
        shot(contact, "resources-4-agreement-deliveries")
