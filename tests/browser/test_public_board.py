"""A resident opens the community's public board on a 390 px phone, chooses their courtyard and
reads its members' posts and pledges and the residents' convention; the lobby screen shows the
same board at 1920×1080 in large type, a section at a time, without menus."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, check_accessibility, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NAMES = ["王建国", "李秀英", "张志强", "刘桂兰", "陈德明", "杨淑珍", "赵立新", "黄玉梅"]
POSTS = ["党员中心户", "楼栋长", "", "网格党小组长", "", "楼栋长", "", ""]


def _world() -> Any:
    """同心社区: two courtyards (东院, 西院) of two buildings each, eight members living there and
    one in-service member without a household (under their branch); 红六条 pledges with
    entries; its 居民公约."""
    from django.utils import timezone

    from tongxin.council.commitments import services
    from tongxin.council.commitments.tests.support import member, red_six, staff
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Household, Level
    from tongxin.registry.party.models import BranchType, Organization, OrgKind
    from tongxin.registry.people.models import Resident

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    def org(parent: Any, name: str, place: Any) -> Any:
        kind = OrgKind.COMMITTEE if parent is None else OrgKind.BRANCH
        return node_insert(Organization(parent=parent, kind=kind, name=name, area=place, branch_type=BranchType.GRID))

    community = area(
        area(area(None, Level.DISTRICT, "示范区"), Level.SUBDISTRICT, "湖东街道"), Level.COMMUNITY, "同心社区"
    )
    committee = org(None, "同心社区党委", community)
    today = timezone.localdate()
    items = red_six(community)
    n = 0
    for yard in ("东院", "西院"):
        grid = area(community, Level.GRID, yard)
        branch = org(committee, f"{yard}党支部", grid)
        for b in (1, 2):
            building = area(grid, Level.BUILDING, f"{yard}{b}号楼")
            household = Household.objects.create(area=building, grid=grid, number=f"{b}01")
            for _k in range(2):
                resident = Resident.objects.create(household=household, name=NAMES[n])
                m = member(branch, NAMES[n], resident=resident)
                services.card_save(
                    actor=staff(), member=m, community=community, post=POSTS[n], shown=True, photo_consent=False
                )
                chosen = items[n % 3 : n % 3 + 3]
                p = services.pledge_save(
                    actor=staff(), member=m, community=community, year=today.year, items=chosen,
                    words="每月带头清理楼道一次" if n % 2 == 0 else "",
                    pledged_on=datetime.date(today.year, 1, 8),
                )  # fmt: skip
                services.fulfilment_add(
                    actor=staff(), pledge=p, done_on=today - datetime.timedelta(days=3), text="清理楼道"
                )
                n += 1
    # No household in the community: shown under the branch.
    outside = member(org(committee, "社区在职党员支部", community), "周在职")
    services.card_save(actor=staff(), member=outside, community=community, post="", shown=True, photo_consent=False)
    services.convention_adopt(
        actor=staff(), community=community, title="同心社区居民公约",
        articles="热爱祖国，热爱社区，遵纪守法。\n邻里互助，有事好商量。\n垃圾分类投放，不高空抛物。\n文明养犬，出门拴绳。\n电动车不进楼道、不飞线充电。",
        adopted_on=today - datetime.timedelta(days=30), decided_by="居民代表会议",
    )  # fmt: skip
    return community


def test_the_board_on_a_phone_and_on_the_lobby_screen(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    community = _world()
    url = f"{live_server.url}/public/boards/{community.pk}/"

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    phone.goto(f"{live_server.url}/public/boards/")
    phone.get_by_role("link", name="同心社区").click()
    expect(phone.get_by_role("heading", name="同心社区公示栏")).to_be_visible()
    members = phone.locator("#board-members")
    expect(members.locator(".member-card")).to_have_count(9)
    # No horizontal scrolling on a phone, type large enough to read.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    size = phone.locator(".member-name").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 20
    expect(phone.locator("#board-convention ol.articles li").first).to_have_text("热爱祖国，热爱社区，遵纪守法。")
    check_accessibility(phone, "public board, phone")
    shot(phone, "board-phone")

    phone.get_by_label("选择院落、小区或支部").select_option(label="西院")
    phone.get_by_role("button", name="显示").click()
    expect(members.locator(".member-card")).to_have_count(4)
    expect(members.locator("h3.board-group")).to_have_text("西院 4 名党员")
    shot(phone, "board-phone-courtyard")
    assert "身份证" not in phone.content()

    screen = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="zh-CN", timezone_id="Asia/Shanghai"
    ).new_page()
    screen.clock.install()
    screen.goto(url + "?screen=1")
    expect(screen.locator("#board-members")).to_be_visible()
    expect(screen.locator("#board-convention")).to_be_hidden()  # one section at a time
    expect(screen.locator(".screen-dots li[aria-current]")).to_have_text("党员信息公开")
    assert screen.locator(".sidenav, .topbar, .board-chooser").count() == 0
    title = screen.locator(".screen-head h1").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    name = screen.locator(".member-name").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert title >= 40 and name >= 28
    check_accessibility(screen, "public board, lobby screen")
    screen.screenshot(path="test-artifacts/board-screen-1920.png")
    # The members fill more than a screen: the rest of them a screenful later, then the convention.
    screen.clock.run_for(21_000)
    assert screen.evaluate("window.scrollY") > 0
    expect(screen.locator("#board-members")).to_be_visible()
    screen.clock.run_for(20_000)
    expect(screen.locator("#board-convention")).to_be_visible()
    expect(screen.locator("#board-members")).to_be_hidden()
    expect(screen.locator(".screen-dots li[aria-current]")).to_have_text("公约")
    screen.screenshot(path="test-artifacts/board-screen-1920-convention.png")
    # Paused by someone reading it: it stays.
    screen.get_by_role("button", name="暂停").click()
    screen.clock.run_for(60_000)
    expect(screen.locator("#board-convention")).to_be_visible()
