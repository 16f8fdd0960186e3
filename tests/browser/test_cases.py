"""A case from the stairwell to the resident's rating, in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, shot
from tests.browser.test_roles import sign_in
from tongxin.grid.cases.tests.photo_files import jpeg

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_report_assign_resolve_rate(live_server: Any, demo: None, page: Page, browser: Any, tmp_path: Any) -> None:
    from tongxin.grid.cases.models import Case

    base = live_server.url
    leak, fixed = tmp_path / "leak.jpg", tmp_path / "fixed.jpg"
    leak.write_bytes(jpeg((2400, 1800)))
    fixed.write_bytes(jpeg((1200, 1600)))
    # A grid worker on a phone reports a leak in their grid, with a photo from the camera.
    page.set_viewport_size(PHONE)
    page.context.grant_permissions(["geolocation"], origin=base)
    page.context.set_geolocation({"latitude": 39.905, "longitude": 116.385, "accuracy": 12})
    sign_in(page, base, "grid1")
    page.goto(f"{base}/cases/new/")
    check_accessibility(page, "report form")
    shot(page, "case-report-empty-phone")
    page.select_option("#id_category", label="屋顶漏水")
    page.fill("#id_description", "5楼顶层漏水，楼道墙面渗水")
    page.set_input_files("#id_photos_camera", str(leak))
    expect(page.locator(".photo-chosen li")).to_have_count(1)
    # The building is found by typing its number (the first building of the grid).
    page.fill("#id_area_search", first_building_of("grid1"))
    page.locator(".place-option").first.click()
    expect(page.locator("[data-place-chosen]")).to_be_visible()
    page.locator("#id_household option").nth(1).wait_for(state="attached")  # loaded by htmx
    page.select_option("#id_household", index=1)
    page.click("[data-locate-button]")
    expect(page.locator("#id_latitude")).to_have_value("39.905000")
    page.click("details.more > summary")
    page.fill("#id_people_involved", "顶楼住户")
    page.fill("#id_reporter_name", "王阿姨")
    page.fill("#id_reporter_phone", "13912345678")
    check_accessibility(page, "report form filled in")
    shot(page, "case-report-phone")
    no_sideways_scroll = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(no_sideways_scroll)
    page.click("form.panel button[type=submit]")
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    check_accessibility(page, "case detail after report")
    # The photo is on the case page, served through the scoped URL, and it loads.
    report_photo = page.locator("section.panel .photo-grid img").first
    expect(report_photo).to_be_visible()
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", report_photo.element_handle())
    shot(page, "case-detail-reported-phone")
    case = Case.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert case.photos.count() == 1 and case.household is not None and case.latitude is not None
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
    secretary.locator("tr", has_text=case.tracking_code).locator("td.card-title a").click()
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
    resolve.locator("input[type=file]").set_input_files(str(fixed))
    resolve.locator("button[type=submit]").click()
    expect(page.locator(".status").first).to_have_text("已办结")
    # The after-photo is on the resolved step of the timeline.
    expect(page.locator("ol.timeline li:has-text('修补防水层') .photo-grid img")).to_have_count(1)
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


def first_building_of(username: str) -> str:
    """The name of the first building where the user works (the tiny demo's grid1: 1号楼)."""
    from tongxin.platform.access.models import User
    from tongxin.registry.areas.models import Level
    from tongxin.registry.areas.queries import areas_visible_to

    user = User.objects.get(username=username)
    return areas_visible_to(user).filter(level=Level.BUILDING).order_by("path").values_list("name", flat=True)[0]


def test_resident_reports_from_the_public_page(live_server: Any, demo: None, page: Page) -> None:
    base = live_server.url
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/public/report/")
    check_accessibility(page, "public report")
    page.select_option("#id_category", label="噪音扰民")
    page.select_option("#id_community", label="同心社区")
    page.fill("#id_building_search", "1")
    page.locator(".place-option").first.click()
    page.fill("#id_description", "夜里楼下广场舞音响太大")
    page.fill("#id_phone", "13700001111")
    shot(page, "public-report-phone")
    page.click("form.panel button[type=submit]")
    expect(page.locator("h1")).to_contain_text("已收到您的反映")
    check_accessibility(page, "public case page")
    shot(page, "public-case-phone")
