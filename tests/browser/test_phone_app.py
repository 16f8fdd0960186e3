"""Tongxin on a 390 px phone as an app: a small header, a tab bar, list cards; a case reported
in six taps; the residents' pages (issue 13, items 2–4). Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, shot
from tests.browser.test_roles import sign_in
from tongxin.grid.cases.tests.photo_files import jpeg

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

HEADER = "() => document.querySelector('header.topbar').getBoundingClientRect().height"
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def _box(page: Page, selector: str) -> Any:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _toggle_large_text(page: Page) -> None:
    page.click(".menu-button")
    page.locator("#menu .menu-account button[aria-pressed]").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("username", ["grid1", "leader", "secretary", "member"])
def test_the_phone_shell_is_small_and_the_desk_keeps_its_layout(
    live_server: Any, demo: None, page: Page, browser: Any, username: str
) -> None:
    base = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, base, username)
    # Header: at most 56 px (it was ~245); the tab bar at the bottom with four or five tabs.
    assert page.evaluate(HEADER) <= 56
    tabs = page.locator("nav.tabbar a")
    assert 4 <= tabs.count() <= 5
    tab_box = _box(page, "nav.tabbar")
    assert tab_box["y"] + tab_box["height"] == pytest.approx(PHONE["height"], abs=1)
    assert page.evaluate(NO_SIDEWAYS)
    shot(page, f"shell-{username}-phone")
    # The menu opens as a sheet with the secondary actions, and closes again.
    page.click(".menu-button")
    expect(page.locator("#menu")).to_be_visible()
    expect(page.locator("#menu .menu-account")).to_be_visible()
    check_accessibility(page, f"{username} menu open")
    shot(page, f"shell-{username}-phone-menu")
    page.keyboard.press("Escape")
    expect(page.locator("#menu")).to_be_hidden()
    # Elder mode: larger type and targets, and the header still fits in 56 px.
    _toggle_large_text(page)
    expect(page.locator("html")).to_have_class(re.compile("elder"))
    assert page.evaluate(HEADER) <= 56
    assert page.evaluate(NO_SIDEWAYS)
    tab_height = _box(page, "nav.tabbar a")["height"]
    assert tab_height >= 48
    shot(page, f"shell-{username}-phone-elder")
    _toggle_large_text(page)
    # At the desk: the top bar and the side navigation, no tab bar, no menu button.
    desk = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    desk_page = desk.new_page()
    sign_in(desk_page, base, username)
    expect(desk_page.locator("nav.sidenav")).to_be_visible()
    expect(desk_page.locator("nav.tabbar")).to_be_hidden()
    expect(desk_page.locator(".menu-button")).to_be_hidden()
    shot(desk_page, f"shell-{username}-desktop")
    desk.close()


def test_queue_and_residents_fit_seven_cards_on_a_phone(live_server: Any, demo: None, page: Page) -> None:
    base = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, base, "secretary")
    for url, name in [("/cases/?queue=all", "queue"), ("/residents/", "residents")]:
        page.goto(base + url)
        check_accessibility(page, f"{name} on a phone")
        rows = page.locator("table.card-table tbody tr")
        assert rows.count() >= 7, name
        heights = [_box(page, f"table.card-table tbody tr:nth-child({i + 1})")["height"] for i in range(7)]
        # Seven cards in the screen between the header and the tab bar (844 − 56 − 60 px).
        assert sum(heights) <= PHONE["height"] - 56 - 60, (name, heights)
        assert page.evaluate(NO_SIDEWAYS), name
        shot(page, f"{name}-cards-phone")
        # The card's title says what the row is about; the whole card opens it.
        title = rows.first.locator("td.card-title")
        assert " · " in title.inner_text()
        box = rows.first.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] - 10, box["y"] + box["height"] - 8)
        expect(page).not_to_have_url(re.compile(re.escape(url) + "$"))
    page.set_viewport_size({"width": DESKTOP["width"], "height": DESKTOP["height"]})
    page.goto(base + "/cases/?queue=all")
    check_accessibility(page, "queue at the desk")
    shot(page, "queue-desktop")


def _grid_point(username: str) -> tuple[float, float]:
    """A point inside the outline of the user's grid (the demo seeds outlines)."""
    from shapely.geometry import shape

    from tongxin.platform.access.models import RoleAssignment
    from tongxin.registry.areas.models import Area

    grid = Area.objects.get(pk__in=RoleAssignment.objects.filter(user__username=username).values("node_id"))
    assert grid.outline, "the demo grid has an outline"
    point = shape(grid.outline).representative_point()
    return point.y, point.x


def test_a_grid_worker_reports_a_case_in_six_taps(live_server: Any, demo: None, page: Page, tmp_path: Any) -> None:
    from tongxin.grid.cases.models import Case

    base = live_server.url
    photo = tmp_path / "drain.jpg"
    photo.write_bytes(jpeg((1600, 1200)))
    latitude, longitude = _grid_point("grid1")
    page.set_viewport_size(PHONE)
    page.context.grant_permissions(["geolocation"], origin=base)
    page.context.set_geolocation({"latitude": latitude, "longitude": longitude, "accuracy": 8})
    sign_in(page, base, "grid1")
    before = Case.objects.count()
    taps: list[tuple[str, float]] = []
    started = time.monotonic()

    def tap(step: str, action: Any) -> None:
        t0 = time.monotonic()
        action()
        taps.append((step, time.monotonic() - t0))

    # 1. The tab bar's 上报.
    tap("上报", lambda: page.click("nav.tabbar a.tabbar-report"))
    expect(page).to_have_url(re.compile(r"/cases/new/$"))
    check_accessibility(page, "report form on a phone")
    shot(page, "report-1-empty-phone")

    # 2. The camera first.
    def camera() -> None:
        with page.expect_file_chooser() as chooser:
            page.click("label[for=id_photos_camera]")
        chooser.value.set_files(str(photo))
        expect(page.locator(".photo-chosen li")).to_have_count(1)

    tap("拍照", camera)
    # 3. The kind: one of the quick chips.
    chip = page.locator("[data-category-chips] .chip").first
    tap("类别", chip.click)
    expect(chip).to_have_attribute("aria-pressed", "true")
    # 4. A common phrase of that kind, inserted with one tap.
    phrase = page.locator(".chip-phrase").first
    tap("常用语", phrase.click)
    expect(page.locator("#id_description")).not_to_have_value("")
    shot(page, "report-2-filled-phone")
    # 5. The current location.
    tap("使用当前位置", lambda: page.click("[data-locate-button]"))
    expect(page.locator("#id_latitude")).not_to_have_value("")
    # Nothing is covered by the sticky bar: each field of the place, focused, sits above it.
    for field in ["#id_area_search", "details.more > summary"]:
        page.locator(field).focus()
        box, bar = _box(page, field), _box(page, ".bottom-bar")
        assert box["y"] + box["height"] <= bar["y"], (field, box, bar)
    assert page.evaluate(NO_SIDEWAYS)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    check_accessibility(page, "report form filled in")
    shot(page, "report-3-located-phone")
    # 6. 上报.
    tap("上报 (submit)", lambda: page.click(".bottom-bar button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    expect(page.locator(".flash")).to_be_visible()
    elapsed = time.monotonic() - started
    shot(page, "report-4-submitted-phone")
    print("taps:", [(s, round(t, 2)) for s, t in taps], "total seconds:", round(elapsed, 1))
    assert len(taps) <= 6
    assert elapsed < 60
    assert Case.objects.count() == before + 1
    case = Case.objects.latest("pk")
    assert case.photos.count() == 1 and case.latitude is not None and case.description


def test_residents_pages_on_a_phone(live_server: Any, demo: None, page: Page, browser: Any) -> None:
    from tongxin.grid.cases.models import Case

    base = live_server.url
    page.set_viewport_size(PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.goto(f"{base}/public/")
    check_accessibility(page, "public index")
    shot(page, "public-index-phone")
    page.locator("a.big-link", has_text="同心社区").click()
    expect(page.locator("h1")).to_have_text("同心社区")
    check_accessibility(page, "community page")
    shot(page, "public-community-phone")
    # 大字版 for a visitor without an account.
    page.locator("header form button[aria-pressed]").click()
    expect(page.locator("html")).to_have_class(re.compile("elder"))
    assert page.evaluate(HEADER) <= 56
    assert page.evaluate(NO_SIDEWAYS)
    check_accessibility(page, "community page, large text")
    shot(page, "public-community-phone-elder")
    page.locator("header form button[aria-pressed]").click()
    expect(page.locator("html")).not_to_have_class(re.compile("elder"))

    page.locator("a.big-link-primary").click()
    page.select_option("#id_category", label="噪音扰民")
    expect(page.locator("#id_community")).to_have_value(re.compile(r"\d+"))
    page.fill("#id_building_search", "12")
    option = page.locator(".place-option").first
    expect(option).to_contain_text("12号楼")
    option.click()
    expect(page.locator("[data-place-label]")).to_contain_text("12号楼")
    page.fill("#id_description", "夜里楼下广场舞音响太大")
    page.fill("#id_phone", "13700001111")
    check_accessibility(page, "public report filled in")
    shot(page, "public-report-phone")
    page.click(".bottom-bar button[type=submit]")
    expect(page).to_have_url(re.compile(r"/reported/$"))
    case = Case.objects.latest("pk")
    expect(page.locator("#tracking-code")).to_have_text(case.tracking_code)
    check_accessibility(page, "public reported")
    page.click(".copy-button")
    expect(page.locator("[data-copy-status]")).to_contain_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == case.tracking_code
    shot(page, "public-reported-phone")
    page.locator("a", has_text="查看办理进度").click()
    expect(page.locator("dl.facts")).to_contain_text("12号楼")
    check_accessibility(page, "public case")
    shot(page, "public-case-phone")
    # The same pages at a desk.
    desk = browser.new_context(locale="zh-CN", viewport=DESKTOP)
    desk_page = desk.new_page()
    desk_page.goto(f"{base}/public/")
    check_accessibility(desk_page, "public index at a desk")
    desk_page.locator("a.big-link", has_text="同心社区").click()
    check_accessibility(desk_page, "community page at a desk")
    shot(desk_page, "public-community-desktop")
    desk.close()
