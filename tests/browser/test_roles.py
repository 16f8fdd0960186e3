"""Each demo role signs in, sees its part of the community, and nothing else."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]

PASSWORD = "Tongxin#2026"

# username → (sees the registries?, sees 张三 in grid 1?, sees 李四 in grid 2?)
ROLES = {
    "admin": (True, True, True),
    "street": (True, True, True),
    "secretary": (True, True, True),
    "grid1": (True, True, False),
    "grid2": (True, False, True),
    "leader": (True, True, False),
    "member": (False, False, False),
    "unit": (False, False, False),
    "village": (True, False, False),
}


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    # The home page, not the sign-in page (whose address also ends in "/").
    expect(page).to_have_url(f"{base}/")
    page.wait_for_load_state("load")


def visit(page: Page, url: str, name: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    check_accessibility(page, name)


@pytest.mark.parametrize("username", list(ROLES))
def test_role_sees_its_part(live_server: Any, demo: None, page: Page, username: str) -> None:
    from tongxin.registry.people.models import Resident

    sees_registries, sees_zhangsan, sees_lisi = ROLES[username]
    base = live_server.url
    zhangsan = Resident.objects.filter(name="张三").order_by("id").first()
    lisi = Resident.objects.filter(name="李四").order_by("id").first()
    assert zhangsan and lisi

    for viewport, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(viewport)
        if suffix == "desktop":
            sign_in(page, base, username)
        visit(page, f"{base}/", f"{username} home")
        shot(page, f"{username}-home-{suffix}")
        if sees_registries:
            visit(page, f"{base}/areas/", f"{username} area tree")
            shot(page, f"{username}-areas-{suffix}")
            page.goto(f"{base}/residents/?q=zs")
            check_accessibility(page, f"{username} residents")
            shot(page, f"{username}-residents-zs-{suffix}")
            names = page.locator("#resident-table tbody td:first-child a").all_inner_texts()
            assert ("张三" in names) == sees_zhangsan, names
            assert all(re.match(r"^(z|Z)", n) is None for n in names)  # names are Chinese
        else:
            response = page.goto(f"{base}/residents/")
            assert response is not None and response.status == 403
            check_accessibility(page, f"{username} 403")
        if username in ("unit", "secretary", "street"):
            # A unit contact sees their own unit and nothing else of the community.
            visit(page, f"{base}/units/", f"{username} units")
            shot(page, f"{username}-units-{suffix}")
            rows = page.locator("table tbody tr")
            if username == "unit":
                expect(rows).to_have_count(1)
            page.locator("table tbody tr a").first.click()
            expect(page).to_have_url(re.compile(r"/units/\d+/$"))
            check_accessibility(page, f"{username} unit detail")
        if username == "member":
            visit(page, f"{base}/me/", "member own page")
            shot(page, f"member-me-{suffix}")
            expect(page.locator("h2").nth(1)).to_be_visible()
    # Out of scope is 404 even with the id typed in by hand.
    response = page.goto(f"{base}/residents/{lisi.pk}/")
    assert response is not None and response.status == (200 if sees_lisi else 404)
    if not sees_lisi:
        check_accessibility(page, f"{username} 404")
    response = page.goto(f"{base}/residents/{zhangsan.pk}/")
    assert response is not None and response.status == (200 if sees_zhangsan else 404)
    if sees_zhangsan:
        check_accessibility(page, f"{username} resident detail")
        expect(page.locator("h1")).to_have_text("张三")
        # Personal numbers are masked on screen.
        expect(page.locator(".masked .num").first).to_have_text(re.compile(r"^\d{3}\*+\d{3}[\dX]$"))


def test_secretary_expands_the_tree_and_searches_by_initials(live_server: Any, demo: None, page: Page) -> None:
    base = live_server.url
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, "secretary")
    page.goto(f"{base}/areas/")
    # The community is open; its grids load their buildings on demand when expanded.
    toggle = page.locator("button.twisty[hx-get]").first
    subtree = page.locator("#" + toggle.get_attribute("aria-controls"))
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(subtree.locator("li").first).to_be_visible()
    toggle.click()
    expect(subtree).to_be_hidden()
    toggle.click()
    shot(page, "secretary-tree-expanded-desktop")
    check_accessibility(page, "secretary tree expanded")
    page.goto(f"{base}/residents/")
    page.fill("#id_q", "zs")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#resident-table tbody td:first-child a", has_text="张三")).to_be_visible()
    page.click("#resident-table a:text('张三')")
    expect(page).to_have_url(re.compile(r"/residents/\d+/$"))
    # Reveal a phone number: the full number appears, and the reveal is in the audit trail.
    page.locator(".masked button").last.click()
    expect(page.locator(".masked.revealed .num").first).to_have_text(re.compile(r"^1\d{10}$"))
    from tongxin.platform.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="reveal", actor_name="secretary").exists()
    shot(page, "secretary-resident-detail-desktop")
    # A wrong ID number is refused next to the field, in the user's words.
    page.click("a.btn-primary")
    page.set_viewport_size(PHONE)
    page.fill("#id_id_number", "110101198001010038")
    page.click("form.panel button[type=submit]")
    expect(page.locator(".field.has-error .error")).to_contain_text("校验位")
    check_accessibility(page, "resident form with an error")
    shot(page, "secretary-resident-form-error-phone")


def test_grid_worker_on_a_phone_in_elder_mode(live_server: Any, demo: None, page: Page) -> None:
    base = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, base, "grid1")
    # On a phone, 大字版 is in the menu (the header keeps messages and the menu only).
    page.click(".menu-button")
    page.click("#menu form[action$='elder-mode/'] button")
    expect(page.locator("html")).to_have_class(re.compile("elder"))
    page.goto(f"{base}/residents/?q=zs")
    check_accessibility(page, "grid1 elder mode residents")
    shot(page, "grid1-residents-elder-phone")
    # No horizontal scrolling on a 390 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_english_is_complete_on_the_pages_a_user_sees(live_server: Any, demo: None, page: Page) -> None:
    base = live_server.url
    page.set_viewport_size(DESKTOP)
    sign_in(page, base, "secretary")
    page.click("button:has-text('English')")
    for path in ["/", "/areas/", "/residents/", "/orgs/", "/members/", "/units/"]:
        page.goto(base + path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("nav.sidenav")).to_contain_text("Residents")
        check_accessibility(page, f"english {path}")
    shot(page, "secretary-units-english-desktop")
