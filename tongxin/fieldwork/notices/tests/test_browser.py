"""Issue 17's notice on a 390 px phone: texts reach the households with a phone; a grid worker
confirms two households at the door from the to-deliver list; the notice page's reached count
moves from 2/5 to 4/5."""

from __future__ import annotations

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

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-c17b")]


def _world() -> Any:
    """The hand-made world (101 张三 and 201 李四 have phones), plus 102, 103 and 104 in grid 1
    with nobody who has a phone; a secretary of 甲 and the grid worker of grid 1; a notice sent."""
    from conftest import _make_user, build_world
    from tongxin.fieldwork.notices import services
    from tongxin.fieldwork.notices.tests.support import household

    w = build_world()
    for number, name in (("102", "赵奶奶"), ("103", "钱大爷"), ("104", "孙大爷")):
        household(w.building1, w.grid1, number, (name, "", None, ()))
    secretary = _make_user("secretary", "community", w.community.pk, display_name="王书记")
    _make_user("grid1", "grid_worker", w.grid1.pk, display_name="李网格员")
    notice = services.notice_save(
        actor=secretary, area=w.community, title="疫苗接种通知",
        text="本周六上午8:30-11:30，社区卫生服务站为60岁以上老人免费接种流感疫苗，请携带身份证和医保卡。",
    )  # fmt: skip
    services.notice_send(actor=secretary, notice=notice)  # autocommit: the texts go out now
    return notice


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_a_grid_worker_confirms_two_households_and_the_reached_count_moves(
    live_server: Any, transactional_db: Any, browser: Browser, outbox: Any
) -> None:
    notice = _world()
    assert sorted(m.phone for m in outbox) == ["13812345678", "13900001111"]
    base = live_server.url

    office = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    desk = office.new_page()
    sign_in(desk, base, "secretary")
    # The form counts what is left of the text message's 300 characters.
    desk.goto(f"{base}/notices/new/")
    desk.get_by_label("短信内容").fill("本周六上午接种流感疫苗。")
    expect(desk.locator(".char-counter")).to_contain_text("已输入 12 / 300 字")
    _fits(desk)
    shot(desk, "notices-0-form")
    check_accessibility(desk, "notice form")
    desk.goto(f"{base}/notices/{notice.pk}/")
    expect(desk.locator("#reached-count")).to_contain_text("2 / 5")
    expect(desk.locator("#not-reached")).to_contain_text("无手机号：只能上门送达")
    _fits(desk)
    shot(desk, "notices-1-sent")
    check_accessibility(desk, "notice page")

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = phone.new_page()
    sign_in(page, base, "grid1")
    item = page.locator('[data-item="notices.to_deliver"]')
    expect(item).to_contain_text("3")
    shot(page, "notices-2-workbench")
    page.goto(f"{base}/notices/deliver/?notice={notice.pk}")
    cards = page.locator("#to-deliver .deliver-card")
    expect(cards).to_have_count(3)
    _fits(page)
    shot(page, "notices-3-to-deliver")
    check_accessibility(page, "to-deliver list")
    for number in ("102", "103"):
        card = cards.filter(has_text=f"1号楼 {number}")
        card.get_by_role("button", name="已送达").click()
        expect(page.locator(".flash")).to_contain_text(f"已送达：1号楼 {number}")
    expect(cards).to_have_count(1)
    cards.first.get_by_role("button", name="无人在家").click()
    expect(page.locator(".flash")).to_contain_text("无人在家")
    expect(cards).to_have_count(1)
    shot(page, "notices-4-two-delivered")
    phone.close()

    desk.reload()
    expect(desk.locator("#reached-count")).to_contain_text("4 / 5")
    expect(desk.locator("#not-reached tbody tr")).to_have_count(1)
    expect(desk.locator("#not-reached")).to_contain_text("无人在家")
    shot(desk, "notices-5-reached-moved")
    office.close()
