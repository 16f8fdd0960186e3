"""Without signal: the report waits on the phone as a draft and is sent when the network returns."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, check_accessibility, shot
from tests.browser.test_roles import sign_in
from tongxin.grid.cases.tests.photo_files import jpeg

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


# A second IndexedDB database of the test's own, so that the copy outlives page loads.
KEEP_COPY = """tongxinDrafts.all().then((drafts) => new Promise((resolve) => {
  const open = indexedDB.open("test-copy", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("copy");
  open.onsuccess = () => {
    const tx = open.result.transaction("copy", "readwrite");
    tx.objectStore("copy").put(drafts[0], "draft");
    tx.oncomplete = resolve;
  };
}))"""
SEND_COPY_AGAIN = """new Promise((resolve) => {
  const open = indexedDB.open("test-copy", 1);
  open.onsuccess = () => {
    const get = open.result.transaction("copy").objectStore("copy").get("draft");
    get.onsuccess = () => resolve(get.result);
  };
}).then((draft) => tongxinDrafts.put(draft)).then(() => tongxinDrafts.flush())"""


def _cases_of(username: str) -> list[Any]:
    from tongxin.grid.cases.models import Case

    return list(Case.objects.filter(reporter__username=username))


def _wait_for_cases(page: Page, username: str, count: int) -> list[Any]:
    for _ in range(50):
        cases = _cases_of(username)
        if len(cases) >= count:
            return cases
        page.wait_for_timeout(200)
    return _cases_of(username)


def _choose_building(page: Page) -> None:
    page.fill("#id_area_search", "1号楼")
    page.locator(".place-option").first.click()
    expect(page.locator("[data-place-label]")).to_contain_text("1号楼")


def test_a_report_made_offline_is_sent_once_when_the_signal_returns(
    live_server: Any, demo: None, page: Page, tmp_path: Any
) -> None:
    base = live_server.url
    photo = tmp_path / "drain.jpg"
    photo.write_bytes(jpeg((1200, 900)))
    page.set_viewport_size(PHONE)
    sign_in(page, base, "grid1")
    before = len(_cases_of("grid1"))

    # The app is installable: its manifest is linked and served, its worker takes the pages.
    manifest = page.request.get(base + page.locator("link[rel=manifest]").get_attribute("href"))
    assert manifest.ok and json.loads(manifest.text())["name"] == "同心"
    page.goto(f"{base}/cases/new/")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    # The building is found while there is still signal (the search asks the server).
    _choose_building(page)

    # In the stairwell: no signal. The report is filled in and kept on the phone.
    page.context.set_offline(True)
    page.select_option("#id_category", label="屋顶漏水")
    page.fill("#id_description", "3单元楼道下水道堵塞，污水外溢")
    page.set_input_files("#id_photos_camera", str(photo))
    page.click("form[data-offline-draft] button[type=submit]")
    queue = page.locator(".offline-queue-status")
    expect(queue).to_have_text("1 件待发送")
    expect(page.locator(".offline-queue-note")).to_contain_text("草稿已保存在本机")
    expect(page).to_have_url(f"{base}/cases/new/")
    assert page.input_value("#id_description") == ""  # the form is ready for the next one
    assert len(_cases_of("grid1")) == before
    check_accessibility(page, "offline queue")
    page.click(".offline-queue summary")
    shot(page, "offline-queue-phone")
    # Keep a copy of the draft (photo and all) beside the app's, to send it again later as a
    # retry after a lost answer would.
    page.evaluate(KEEP_COPY)

    # Another page without signal: the offline page, in Chinese, with the queue on it.
    page.goto(f"{base}/cases/")
    expect(page.locator("h1")).to_have_text("没有网络")
    expect(queue).to_have_text("1 件待发送")
    shot(page, "offline-page-phone")

    # The signal returns: the page that could not load comes, the draft is sent by itself
    # and the queue empties.
    page.context.set_offline(False)
    expect(page.locator("h1")).to_have_text("网格事件", timeout=15000)
    expect(queue).to_be_hidden()
    cases = _wait_for_cases(page, "grid1", before + 1)
    assert len(cases) == before + 1
    case = max(cases, key=lambda c: c.pk)
    assert case.description == "3单元楼道下水道堵塞，污水外溢"
    assert case.idempotency_key is not None and case.photos.count() == 1

    # The same draft sent again (a retry after a lost answer) still makes one case.
    sent = page.evaluate(SEND_COPY_AGAIN)
    assert sent == 1
    expect(queue).to_be_hidden()
    assert len(_cases_of("grid1")) == before + 1


def test_a_draft_whose_session_ran_out_waits_for_the_worker_to_sign_in_again(
    live_server: Any, demo: None, page: Page
) -> None:
    base = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, base, "grid1")
    before = len(_cases_of("grid1"))
    page.goto(f"{base}/cases/new/")
    _choose_building(page)
    page.context.set_offline(True)
    page.select_option("#id_category", label="屋顶漏水")
    page.fill("#id_description", "顶楼漏雨")
    page.click("form[data-offline-draft] button[type=submit]")
    expect(page.locator(".offline-queue-status")).to_have_text("1 件待发送")
    # Hours in the stairwell: the session (and its CSRF cookie) is gone when the signal returns.
    page.context.clear_cookies()
    page.context.set_offline(False)
    expect(page.locator(".offline-queue-note")).to_have_text("请重新登录，以发送保存在本机的草稿。")
    expect(page.locator(".offline-queue-status")).to_have_text("1 件待发送")
    assert len(_cases_of("grid1")) == before
    # Signed in again, the first page sends it.
    sign_in(page, base, "grid1")
    expect(page.locator(".offline-queue-note")).to_have_text("已发送 1 件草稿。")
    assert len(_wait_for_cases(page, "grid1", before + 1)) == before + 1
