"""A case from the stairwell to the resident's rating, in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, shot
from tests.browser.test_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_report_assign_resolve_rate(live_server: Any, demo: None, page: Page, browser: Any) -> None:
    from tongxin.cases.models import Case

    base = live_server.url
    # A grid worker on a phone reports a leak in their grid.
    page.set_viewport_size(PHONE)
    sign_in(page, base, "grid1")
    page.goto(f"{base}/cases/new/")
    check_accessibility(page, "report form")
    page.select_option("#id_category", label="屋顶漏水")
    page.fill("#id_description", "5楼顶层漏水，楼道墙面渗水")
    page.locator("#id_area option").nth(1).wait_for(state="attached")
    page.select_option("#id_area", index=1)
    page.fill("#id_reporter_name", "王阿姨")
    page.fill("#id_reporter_phone", "13912345678")
    shot(page, "case-report-phone")
    page.click("form.panel button[type=submit]")
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    check_accessibility(page, "case detail after report")
    shot(page, "case-detail-reported-phone")
    case = Case.objects.get()
    # The grid worker accepts it (格事格了).
    page.click("form.case-action:has(input[value=accepted]) button")
    expect(page.locator(".status").first).to_have_text("已受理")

    # The secretary, at a desk, dispatches it to the grid worker.
    desk = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    secretary = desk.new_page()
    sign_in(secretary, base, "secretary")
    secretary.goto(f"{base}/cases/?queue=open")
    check_accessibility(secretary, "secretary queue")
    shot(secretary, "case-queue-secretary-desktop")
    secretary.click(f"a:text('{case.tracking_code}')")
    form = secretary.locator("form.case-action:has(input[value=assigned])")
    form.locator("select").select_option(label="李网格员")
    form.locator("button").click()
    expect(secretary.locator(".status").first).to_have_text("已派单")

    # Back on the phone: the message is in the inbox, the worker starts and resolves the case.
    page.goto(f"{base}/inbox/")
    expect(page.locator("main")).to_contain_text(case.tracking_code)
    page.goto(f"{base}/cases/{case.pk}/")
    page.click("form.case-action:has(input[value=in_progress]) button")
    resolve = page.locator("form.case-action:has(input[value=resolved])")
    resolve.locator("textarea").fill("已联系物业修补防水层")
    resolve.locator("button").click()
    expect(page.locator(".status").first).to_have_text("已办结")
    shot(page, "case-detail-resolved-phone")

    # The secretary verifies and closes.
    secretary.reload()
    secretary.click("form.case-action:has(input[value=verified]) button")
    secretary.click("form.case-action:has(input[value=closed]) button")
    expect(secretary.locator(".status").first).to_have_text("已结案")
    shot(secretary, "case-detail-closed-desktop")
    desk.close()

    # The resident follows the case with code and phone, and rates it.
    resident = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    resident.goto(f"{base}/public/track/")
    check_accessibility(resident, "public track")
    resident.fill("#id_code", case.tracking_code)
    resident.fill("#id_phone", "13912345678")
    resident.click("form.panel button[type=submit]")
    expect(resident.locator("h1")).to_contain_text(case.tracking_code)
    check_accessibility(resident, "public case with rating")
    resident.check("input[value=satisfied]")
    resident.click("button:has-text('提交评价')")
    expect(resident.locator("main")).to_contain_text("满意")
    shot(resident, "public-case-rated-phone")
    case.refresh_from_db()
    assert case.rating == "satisfied"


def test_resident_reports_from_the_public_page(live_server: Any, demo: None, page: Page) -> None:
    base = live_server.url
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/public/report/")
    check_accessibility(page, "public report")
    page.select_option("#id_category", label="噪音扰民")
    page.select_option("#id_community", label="同心社区")
    page.locator("#id_building option").nth(1).wait_for(state="attached")
    page.select_option("#id_building", index=1)
    page.fill("#id_description", "夜里楼下广场舞音响太大")
    page.fill("#id_phone", "13700001111")
    shot(page, "public-report-phone")
    page.click("form.panel button[type=submit]")
    expect(page.locator("h1")).to_contain_text("您的事件")
    check_accessibility(page, "public case page")
    shot(page, "public-case-phone")
