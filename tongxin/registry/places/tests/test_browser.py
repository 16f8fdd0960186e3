"""Issue 17's places through the pages on a 390 px phone: a resident without an account opens the
community's public page, sees its places with "open now", opens a place; the community secretary
adds a photo of the place, which the public page then shows."""

from __future__ import annotations

import datetime
import io
from typing import Any

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

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-c17e")]


def _hours_around_now() -> dict[str, str]:
    """Open today from two hours ago to three hours ahead (within the day), closed otherwise."""
    from django.utils import timezone

    now = timezone.localtime()
    start = max(0, now.hour - 2)
    end = min(24, now.hour + 3)
    return {str(now.isoweekday()): f"{start:02d}:00-{end:02d}:00"}


def _world() -> Any:
    from conftest import _make_user
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level
    from tongxin.registry.places.tests.support import centre

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    community = area(
        area(area(None, Level.DISTRICT, "示范区"), Level.SUBDISTRICT, "湖东街道"), Level.COMMUNITY, "学苑社区"
    )
    grid = area(community, Level.GRID, "第一网格")
    _make_user("secretary", "community", community.pk, first_name="刘书记")
    from django.utils import timezone

    tomorrow = str((timezone.localdate() + datetime.timedelta(days=1)).isoweekday())
    hall = centre(
        community,
        name="学苑社区党群服务中心",
        hours=_hours_around_now(),
        hours_note="节假日休息",
        services=["一站式代办（社保、医保、老年证）", "代缴水电燃气费", "生活微课堂"],
        facilities=["便民服务大厅", "社区卫生服务站", "警务室", "老年驿站", "妇女儿童之家"],
        phone="0371-6598 1200",
        latitude="34.7466",
        longitude="113.6254",
    )
    centre(
        grid,
        name="党员活动室",
        kind="members_room",
        hours={tomorrow: "14:00-17:00"},
        services=["主题党日"],
        facilities=["投影"],
        phone="",
    )
    return community, hall


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _jpeg(path: Any) -> Any:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1200, 900), (236, 240, 244))
    draw = ImageDraw.Draw(img)
    draw.rectangle((150, 250, 1050, 850), fill=(200, 16, 46))
    draw.rectangle((500, 550, 700, 850), fill=(120, 80, 40))
    out = io.BytesIO()
    img.save(out, "JPEG")
    target = path / "门口.jpg"
    target.write_bytes(out.getvalue())
    return target


def test_a_resident_finds_an_open_place_and_the_secretary_adds_its_photo(
    live_server: Any, transactional_db: Any, browser: Browser, tmp_path: Any
) -> None:
    community, hall = _world()
    base = live_server.url

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = phone.new_page()
    page.goto(f"{base}/public/community/{community.pk}/")
    part = page.locator("#part-places\\.list")
    expect(part).to_contain_text("我们的阵地")
    card = part.locator(f'[data-place="{hall.pk}"]')
    expect(card).to_contain_text("学苑社区党群服务中心")
    expect(card.locator(".open-state")).to_contain_text("正在开放")
    expect(part.locator(".open-state-closed")).to_contain_text("现在休息")
    part.scroll_into_view_if_needed()
    _fits(page)
    shot(page, "places-1-community")
    check_accessibility(page, "community")

    card.locator("a").click()
    expect(page.locator("h1")).to_have_text("学苑社区党群服务中心")
    expect(page.locator("#open-state")).to_contain_text("正在开放")
    expect(page.locator("#services")).to_contain_text("代缴水电燃气费")
    expect(page.locator("#facilities")).to_contain_text("警务室")
    expect(page.locator("a.call")).to_have_attribute("href", "tel:0371-65981200")
    expect(page.locator("#place-map")).to_have_attribute("data-loaded", "true")
    assert page.locator("#photos").count() == 0
    _fits(page)
    shot(page, "places-2-public-place")
    check_accessibility(page, "public place")
    phone.close()

    staff = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = staff.new_page()
    sign_in(page, base, "secretary")
    page.goto(f"{base}/places/")
    expect(page.locator("#places")).to_contain_text("学苑社区党群服务中心")
    _fits(page)
    shot(page, "places-3-list")
    page.get_by_role("link", name="学苑社区党群服务中心").click()
    page.get_by_role("link", name="添加照片").first.click()
    page.get_by_label("照片").set_input_files(str(_jpeg(tmp_path)))
    page.get_by_label("说明").fill("服务中心正门")
    _fits(page)
    shot(page, "places-4-photo-form")
    page.get_by_role("button", name="上传").click()
    expect(page.locator(".flash")).to_contain_text("照片已添加")
    expect(page.locator("#photos img")).to_have_count(1)
    expect(page.locator("#photos figcaption")).to_contain_text("服务中心正门")
    _fits(page)
    shot(page, "places-5-place-with-photo")

    # The case map shows the located place as a layer, its hours in the popup.
    page.goto(f"{base}/cases/map/")
    expect(page.locator("#case-map")).to_have_attribute("data-loaded", "true")
    pins = page.locator("#case-map .place-pin")
    expect(pins).to_have_count(1)
    expect(page.locator("#case-map .place-pin-label")).to_have_text("学苑社区党群服务中心")
    pins.first.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("正在开放")
    expect(popup).to_contain_text("幸福路1号")
    page.wait_for_timeout(400)  # the popup fades in
    shot(page, "places-6-case-map")
    staff.close()

    resident = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = resident.new_page()
    page.goto(f"{base}/public/places/{hall.pk}/")
    image = page.locator("#photos img")
    expect(image).to_have_count(1)
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())
    shot(page, "places-7-public-with-photo")
    resident.close()
