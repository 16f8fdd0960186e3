"""Issue 17's campaign on a phone: a grid worker signs in, opens their grid's targets of a running
safety sweep from the workbench, checks five households — one with a problem (a note and a photo)
that becomes a case — and the campaign page reads 5/N for the grid."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, FilePayload, Page, expect

from tests.browser.conftest import (  # noqa: F401  (fixtures used by name)
    PHONE,
    browser_context_args,
    browser_type_launch_args,
    check_accessibility,
    shot,
)
from tests.browser.test_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-c17a")]

HOUSEHOLDS = 7


def _world() -> Any:
    """甲社区 with two grids; grid 1 has 1号楼 with seven households, its grid worker 李网格员; a
    safety sweep of every household of the community, running."""
    from conftest import _make_user
    from tongxin.fieldwork.campaigns.tests.support import campaign
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Household, Level

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    community = area(
        area(area(None, Level.DISTRICT, "示范区"), Level.SUBDISTRICT, "湖东街道"), Level.COMMUNITY, "甲社区"
    )
    grid1, grid2 = area(community, Level.GRID, "第一网格"), area(community, Level.GRID, "第二网格")
    b1, b2 = area(grid1, Level.BUILDING, "1号楼"), area(grid2, Level.BUILDING, "2号楼")
    for i in range(HOUSEHOLDS):
        Household.objects.create(area=b1, grid=grid1, number=f"{(i // 2) + 1}0{(i % 2) + 1}")
    Household.objects.create(area=b2, grid=grid2, number="101")
    _make_user("wangge", "grid_worker", grid1.pk, first_name="李网格员")
    _make_user("secretary", "community", community.pk, first_name="刘书记")
    today = datetime.date.today()
    return campaign(
        community, kind="safety", name="冬季安全隐患入户排查",
        starts_on=today - datetime.timedelta(days=2), ends_on=today + datetime.timedelta(days=12),
    ), grid1  # fmt: skip


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _photo() -> bytes:
    img = Image.new("RGB", (1200, 900), (120, 120, 130))
    img.paste((200, 40, 40), (100, 100, 700, 500))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def test_a_grid_worker_checks_five_households_one_with_a_problem(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    from tongxin.fieldwork.campaigns.models import Target

    sweep, grid1 = _world()
    base = live_server.url
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = phone.new_page()
    sign_in(page, base, "wangge")
    item = page.locator(f'[data-item="campaigns.pending.{sweep.pk}"]')
    expect(item).to_contain_text("冬季安全隐患入户排查")
    expect(item).to_contain_text(str(HOUSEHOLDS))
    shot(page, "campaigns-1-workbench")
    item.locator("a").first.click()
    expect(page.locator("h1")).to_have_text("第一网格")
    expect(page.locator("#grid-progress")).to_contain_text(f"0/{HOUSEHOLDS}")
    _fits(page)
    check_accessibility(page, "campaign-targets")
    shot(page, "campaigns-2-targets")

    for n in range(4):
        card = page.locator("#pending .target-card").first
        label = card.locator(".target-label").inner_text()
        card.locator("button.btn-ok").click()
        expect(page.locator(".flash")).to_contain_text(f"{label}：正常")
        expect(page.locator("#grid-progress")).to_contain_text(f"{n + 1}/{HOUSEHOLDS}")
    shot(page, "campaigns-3-four-checked")

    card = page.locator("#pending .target-card").first
    label = card.locator(".target-label").inner_text()
    card.locator("a.btn-problem").click()
    expect(page.locator("h1")).to_have_text(label)
    page.get_by_label("问题描述").fill("楼道堆放纸箱杂物，堵塞消防通道")
    photo: FilePayload = {"name": "楼道.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    page.locator("#id_photos").set_input_files(files=[photo])
    _fits(page)
    check_accessibility(page, "campaign-problem")
    shot(page, "campaigns-4-problem")
    page.get_by_role("button", name="上报问题").click()
    expect(page.locator(".flash")).to_contain_text("已上报事件")
    expect(page.locator("#grid-progress")).to_contain_text(f"5/{HOUSEHOLDS}")
    expect(page.locator("#done li").first).to_contain_text("有问题")
    shot(page, "campaigns-5-after-problem")

    problem = Target.objects.get(campaign=sweep, result="problem")
    assert problem.case is not None and problem.case.photos.count() == 1
    assert problem.case.grid_id == grid1.pk

    page.goto(f"{base}/campaigns/{sweep.pk}/")
    row = page.locator(f'#grid-progress tr[data-grid="{grid1.pk}"]')
    expect(row.locator('[data-figure="grid-checked"]')).to_have_text(f"5/{HOUSEHOLDS}")
    expect(page.locator("#problems")).to_contain_text("楼道堆放纸箱杂物")
    _fits(page)
    check_accessibility(page, "campaign-page")
    shot(page, "campaigns-6-campaign-page")
    phone.close()

    # The secretary sees both grids' progress on the list and closes the sweep with a summary.
    desk = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = desk.new_page()
    sign_in(page, base, "secretary")
    page.goto(f"{base}/campaigns/?status=running")
    card = page.locator(f'[data-campaign="{sweep.pk}"]')
    expect(card.locator('[data-figure="checked"]')).to_contain_text(f"5 / {HOUSEHOLDS + 1}")
    _fits(page)
    check_accessibility(page, "campaign-list")
    shot(page, "campaigns-7-list")
    card.get_by_role("link", name="冬季安全隐患入户排查").click()
    page.get_by_role("link", name="结束专项行动").click()
    page.get_by_label("总结").fill("第一网格已排查5户，发现楼道堆物1处，已转事件办理；其余住户下周补查。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".flash")).to_contain_text("专项行动已结束")
    expect(page.locator("#closed-counts")).to_contain_text(f"{HOUSEHOLDS + 1} 个对象中已排查 5 个")
    expect(page.locator("#summary-text")).to_contain_text("已转事件办理")
    _fits(page)
    check_accessibility(page, "campaign-summary")
    shot(page, "campaigns-8-summary")
    desk.close()
