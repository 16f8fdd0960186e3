"""Done-when of issue 15's ratings, through the pages: a community secretary sets up 星级楼组创建,
opens a round that takes ALL 173 buildings of the community (seed 002), scores every building
on the desk table (a wrong cell first: named, nothing saved), posts the results for publicity
and, once it is over, publishes them; a resident's phone (390 px) then reads the results on the
community's public board. Screenshots in test-artifacts/ratings-*.png."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (  # noqa: F401  (fixtures used by name)
    DESKTOP,
    PHONE,
    browser_context_args,
    browser_type_launch_args,
    check_accessibility,
    shot,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]

PASSWORD = "Tongxin#2026"
BUILDINGS = 173  # seed 002: 星级楼组创建 across 173 buildings


def _world() -> Any:
    """甲社区 with four grids and 173 buildings, and its secretary."""
    from conftest import _make_user
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    district = area(None, Level.DISTRICT, "示范区")
    community = area(area(district, Level.SUBDISTRICT, "湖东街道"), Level.COMMUNITY, "甲社区")
    grids = [area(community, Level.GRID, f"第{n}网格") for n in "一二三四"]
    for n in range(1, BUILDINGS + 1):
        area(grids[(n - 1) * len(grids) // BUILDINGS], Level.BUILDING, f"{n}号楼")
    _make_user("secretary", "community", community.pk, first_name="刘书记")
    return community


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def _sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "secretary")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{base}/")


# Every building's four scores, typed by script into the desk table's cells (692 of them): building
# n scores 10, 9, 8, 7 when n is divisible by 3 (30×1 + 30×0.9 + 20×0.8 + 20×0.7 = 87 → 四星楼组),
# else 10 on every criterion (100 → 五星楼组).
FILL = """() => {
  for (const row of document.querySelectorAll('.desk-table tbody tr')) {
    const n = parseInt(row.querySelector('th').textContent);
    const cells = row.querySelectorAll('input');
    const values = n % 3 === 0 ? ['10', '9', '8', '7'] : ['10', '10', '10', '10'];
    cells.forEach((input, i) => { input.value = values[i]; });
  }
  return document.querySelectorAll('.desk-table input').length;
}"""


def test_a_round_scores_every_building_at_the_desk_and_the_board_shows_it_on_a_phone(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    from django.utils import timezone

    from tongxin.council.ratings.models import RatingRound, RoundState

    community = _world()
    base = live_server.url
    desk = browser.new_page(
        viewport=DESKTOP,  # type: ignore[arg-type]
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    _sign_in(desk, base)

    # The scheme: the form starts with 星级楼组's four criteria and five stars.
    desk.goto(f"{base}/ratings/")
    desk.get_by_role("link", name="新建评定方案").first.click()
    desk.fill("#id_name", "星级楼组创建")
    for n, name in enumerate(["五星楼组", "四星楼组", "三星楼组", "二星楼组", "一星楼组"], start=1):
        desk.fill(f"#id_l{n}_name", name)
    shot(desk, "ratings-1-scheme-form")
    desk.get_by_role("button", name="创建方案").click()
    expect(desk.locator(".flash")).to_contain_text("方案已创建")

    # A round of 2026: every building of the community.
    desk.fill("#id_name", "2026年度星级楼组评定")
    desk.fill("#id_period_start", "2026-01-01")
    desk.fill("#id_period_end", "2026-12-31")
    desk.get_by_role("button", name="开启本轮").click()
    expect(desk.locator(".flash")).to_contain_text(f"{BUILDINGS}")
    desk.get_by_role("button", name="开始评分").click()
    desk.get_by_role("link", name="在桌面评分").click()
    expect(desk.locator(".desk-table tbody tr")).to_have_count(BUILDINGS)

    # A wrong cell first: named beside the cell, nothing saved.
    assert desk.evaluate(FILL) == BUILDINGS * 4
    first = desk.locator(".desk-table tbody tr").nth(1).locator("input").nth(2)
    first.fill("12")
    desk.get_by_role("button", name="保存全部分数").click()
    expect(desk.locator("#desk-errors")).to_contain_text("未保存")
    expect(desk.locator(".desk-table td.has-error .error")).to_have_count(1)
    expect(desk.locator(".desk-table td.has-error .error")).to_contain_text("超出范围")
    shot(desk, "ratings-2-desk-error")
    check_accessibility(desk, "desk table with an error")

    # Corrected, all 692 cells saved at once.
    assert desk.evaluate(FILL) == BUILDINGS * 4
    desk.get_by_role("button", name="保存全部分数").click()
    expect(desk.locator(".flash")).to_contain_text("分数已保存")
    expect(desk.locator(".desk-table tbody tr").nth(2).locator(".level-name")).to_have_text("四星楼组")
    expect(desk.locator(".desk-table tbody tr").nth(0).locator(".level-name")).to_have_text("五星楼组")

    desk.get_by_role("link", name="2026年度星级楼组评定").click()
    desk.once("dialog", lambda dialog: dialog.accept())
    desk.get_by_role("button", name="进入公示").click()
    expect(desk.locator(".flash")).to_contain_text("公示")
    expect(desk.get_by_role("button", name="公布结果")).to_be_disabled()
    # Seven days of publicity pass.
    rnd = RatingRound.objects.get()
    RatingRound.objects.filter(pk=rnd.pk).update(publicity_ends=timezone.now() - datetime.timedelta(minutes=1))
    desk.reload()
    desk.get_by_role("button", name="公布结果").click()
    expect(desk.locator(".flash")).to_contain_text("结果已公布")
    rnd.refresh_from_db()
    assert rnd.state == RoundState.PUBLISHED
    shot(desk, "ratings-3-round-published")

    # A resident's phone, no account: the community's public board.
    phone = browser.new_page(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    phone.goto(f"{base}/public/boards/{community.pk}/")
    section = phone.locator("#board-ratings")
    expect(section).to_contain_text("2026年度星级楼组评定")
    five = section.locator("li[data-level='五星楼组']")
    four = section.locator("li[data-level='四星楼组']")
    expect(five).to_contain_text("1号楼")
    expect(four).to_contain_text("3号楼")
    # 57 buildings (every third of 173) at four stars, the other 116 at five.
    assert len(four.locator("span").last.inner_text().split("、")) == BUILDINGS // 3
    assert len(five.locator("span").last.inner_text().split("、")) == BUILDINGS - BUILDINGS // 3
    expect(five.locator(".stars")).to_have_text("★★★★★")
    _fits(phone)
    shot(phone, "ratings-4-board-phone")
    check_accessibility(phone, "public board with ratings")

    # The grid's page marks each building on the tree; building 3's page keeps its history.
    from tongxin.registry.areas.models import Area

    grid = Area.objects.get(name="第一网格")
    desk.goto(f"{base}/areas/{grid.pk}/")
    third = Area.objects.get(name="3号楼")
    expect(desk.locator(f"#node-{third.pk} .tree-mark")).to_have_text("★★★★☆ 四星楼组")
    desk.goto(f"{base}/areas/{third.pk}/")
    expect(desk.locator("#ratings-history")).to_contain_text("87.00")
    shot(desk, "ratings-5-building-history")


def test_one_building_scored_on_a_phone_card(live_server: Any, transactional_db: Any, browser: Browser) -> None:
    """The card of one building at 390 px: one field per criterion, big, then on to the next building."""
    from tongxin.council.ratings.models import Score
    from tongxin.council.ratings.tests.support import open_round, scheme

    community = _world()
    rnd = open_round(scheme(community))
    first, second = rnd.entries.order_by("position")[:2]
    base = live_server.url
    phone = browser.new_page(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    _sign_in(phone, base)
    phone.goto(f"{base}/ratings/rounds/{rnd.pk}/entries/{first.pk}/")
    fields = phone.locator(".score-card input[inputmode=decimal]")
    expect(fields).to_have_count(4)
    for n, value in enumerate(["9", "9", "4.5", "18"]):
        fields.nth(n).fill(value)
    _fits(phone)
    box = fields.first.bounding_box()
    assert box is not None and box["height"] >= 44
    shot(phone, "ratings-6-card-phone")
    check_accessibility(phone, "score card on a phone")
    phone.get_by_role("button", name=f"保存，下一个：{second.label}").click()
    expect(phone.locator("h1")).to_have_text(second.label)
    expect(phone.locator(".flash")).to_contain_text(f"{first.label} 的分数已保存")
    assert Score.objects.filter(entry=first).count() == 4
