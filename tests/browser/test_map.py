"""The case map in a real browser: grid polygons, labels, markers, on a desk and on a phone."""

from __future__ import annotations

import datetime
import random
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, shot
from tests.browser.test_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]


def _cases_with_points() -> None:
    """A few open cases at map points in the demo community, some of them overdue."""
    from django.utils import timezone

    from tongxin.grid.cases.models import CaseCategory
    from tongxin.grid.cases.services import case_report
    from tongxin.interfaces.demo.seed.outlines import inner_point
    from tongxin.registry.areas.models import Area, Level

    rng = random.Random(3)
    category = CaseCategory.objects.filter(is_active=True, children__isnull=True).order_by("sort_order", "code").first()
    grids = Area.objects.filter(level=Level.GRID, parent__name="同心社区").order_by("path")
    for index, grid in enumerate(grids):
        for n in range(index % 4 + (3 if index == 0 else 0)):
            lat, lon = inner_point(grid.outline, rng)
            case_report(
                actor=None,
                category=category,
                description="楼道堆物",
                area=None,
                latitude=lat,
                longitude=lon,
                source="public",
                at=timezone.now() - datetime.timedelta(days=30 if n == 0 else 0),
            )


def _open_map(page: Page, base: str) -> None:
    page.goto(f"{base}/cases/map/")
    expect(page.locator("#case-map")).to_have_attribute("data-loaded", "true")
    page.wait_for_timeout(300)  # let the fit animation settle before the screenshot


def test_map_for_the_secretary_on_desk_and_phone(live_server: Any, demo: None, page: Page, browser: Any) -> None:
    from tongxin.registry.areas.models import Area, Level

    _cases_with_points()
    base = live_server.url
    grids = Area.objects.filter(level=Level.GRID, parent__name="同心社区").count()

    page.set_viewport_size(DESKTOP)
    sign_in(page, base, "secretary")
    _open_map(page, base)
    polygons = page.locator("#case-map path.leaflet-interactive")
    expect(polygons).to_have_count(grids)
    expect(page.locator("#case-map .grid-label").first).to_be_visible()
    assert page.locator("#case-map .case-pin").count() > 0
    assert page.locator(".map-table tbody tr").count() == grids
    shot(page, "case-map-secretary-desktop")
    check_accessibility(page, "case map, desktop")
    # An overdue marker opens a popup that links to its case.
    page.locator("#case-map .case-pin-overdue").first.click()
    link = page.locator(".leaflet-popup-content a").first
    expect(link).to_be_visible()
    assert "/cases/" in (link.get_attribute("href") or "")
    page.wait_for_timeout(400)  # the popup fades in
    shot(page, "case-map-secretary-popup-desktop")

    phone = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(phone, base, "secretary")
    _open_map(phone, base)
    expect(phone.locator("#case-map path.leaflet-interactive")).to_have_count(grids)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "case-map-secretary-phone")
    check_accessibility(phone, "case map, phone")
    phone.context.close()


def test_map_for_the_street_officer_and_a_grid_worker(live_server: Any, demo: None, page: Page, browser: Any) -> None:
    _cases_with_points()
    base = live_server.url
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, "street")
    _open_map(page, base)
    assert page.locator("#case-map path.leaflet-interactive").count() > 20
    shot(page, "case-map-street-desktop")

    phone = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    sign_in(phone, base, "grid1")
    _open_map(phone, base)
    expect(phone.locator("#case-map path.leaflet-interactive")).to_have_count(1)
    expect(phone.locator(".map-table tbody tr")).to_have_count(1)
    shot(phone, "case-map-grid-worker-phone")
    phone.context.close()
