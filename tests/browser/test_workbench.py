"""Every demo role's workbench on a desk, on a 390 px phone and on the phone in elder mode:
axe-clean, and screenshots to test-artifacts/ (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from tests.browser.conftest import PHONE, check_accessibility, shot
from tests.browser.test_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DESK: ViewportSize = {"width": 1280, "height": 800}
ROLES = ["admin", "street", "secretary", "grid1", "leader", "branch", "member", "unit", "volunteer", "village"]


@pytest.mark.parametrize("username", ROLES)
def test_workbench_on_desk_phone_and_elder_mode(live_server: Any, demo: None, page: Page, username: str) -> None:
    from tongxin.platform.access.models import User

    base = live_server.url
    page.set_viewport_size(DESK)
    sign_in(page, base, username)
    page.goto(f"{base}/")
    expect(page.locator("#wb-title")).to_be_visible()
    check_accessibility(page, f"{username} workbench desk")
    shot(page, f"workbench-{username}-desk")
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/")
    check_accessibility(page, f"{username} workbench phone")
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, f"workbench-{username}-phone")
    User.objects.filter(username=username).update(elder_mode=True)
    page.goto(f"{base}/")
    expect(page.locator("html.elder")).to_have_count(1)
    check_accessibility(page, f"{username} workbench phone elder")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, f"workbench-{username}-phone-elder")
    if username in ("grid1", "leader"):
        # The report button is in the first screen on the phone, large enough for a thumb.
        box = page.locator("a.wb-action").bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"] and box["height"] >= 48
