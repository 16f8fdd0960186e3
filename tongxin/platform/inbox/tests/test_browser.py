"""The inbox on a phone and in elder mode: readable, no sideways scrolling, WCAG 2.2 AA."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (  # noqa: F401  (fixtures used by name)
    DESKTOP,
    PHONE,
    browser_context_args,
    browser_type_launch_args,
    check_accessibility,
    demo,
    shot,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Tongxin#2026"


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_inbox_on_a_phone_and_in_elder_mode(live_server: Any, demo: None, page: Page) -> None:  # noqa: F811
    from tongxin.platform.access.models import User
    from tongxin.platform.inbox.services import mark_read, notify

    user = User.objects.get(username="grid1")
    # What the demo itself told grid1 is read already: the test's three notices are the unread ones.
    mark_read(user=user)
    notify(recipients=[user], kind="status", title="案件已办结", url="/")
    notify(
        recipients=[user],
        kind="assignment",
        title="新案件派给你：第一网格 1号楼 楼道堆放杂物，请于两个工作日内处理",
        body="上报人：楼栋长\n地点：1号楼 2单元",
        url="/inbox/",
    )
    notify(recipients=[user], kind="overdue", title="案件 GC-0001 已超期")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "grid1")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/")
    # On a phone the header keeps a bell with the unread count.
    bell = page.locator("header a.icon-tool.phone-only[href$='/inbox/']")
    expect(bell.locator(".badge-count")).to_have_text("3")
    check_accessibility(page, "home with unread messages")

    bell.click()
    expect(page).to_have_url(re.compile(r"/inbox/$"))
    expect(page.locator("li.inbox-item.is-unread")).to_have_count(3)
    check_accessibility(page, "inbox on a phone")
    no_sideways_scroll(page)
    shot(page, "inbox-phone")

    page.click(".menu-button")  # elder mode is in the menu on a phone
    page.locator("#menu .menu-account button[aria-pressed]").click()
    page.wait_for_load_state("load")
    expect(page.locator("html.elder")).to_have_count(1)
    check_accessibility(page, "inbox in elder mode")
    no_sideways_scroll(page)
    shot(page, "inbox-phone-elder")

    # Opening an unread message marks it read and goes where it points.
    page.locator("li.inbox-item.is-unread button.inbox-title", has_text="新案件").click()
    expect(page).to_have_url(re.compile(r"/inbox/$"))
    expect(page.locator("li.inbox-item.is-unread")).to_have_count(2)
    expect(bell.locator(".badge-count")).to_have_text("2")

    page.set_viewport_size(DESKTOP)
    page.click('form[action="/inbox/read-all/"] button')
    expect(page.locator("li.inbox-item.is-unread")).to_have_count(0)
    expect(bell.locator(".badge-count")).to_have_count(0)
    check_accessibility(page, "inbox all read")
    shot(page, "inbox-desktop-read")
