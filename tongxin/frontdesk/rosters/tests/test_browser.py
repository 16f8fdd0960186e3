"""Issue 17's front desk through the pages, on a 390 px phone: a grid worker on today's front-desk
shift checks in from their phone; the secretary sees who is on duty on the workbench, registers
an errand for a resident found by search and hands the result back."""

from __future__ import annotations

import datetime
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

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-c17c")]


def _world() -> Any:
    """甲社区 with a grid, a household of 张三, the secretary, and a grid worker on a front-desk shift
    starting in ten minutes."""
    from django.utils import timezone

    from conftest import _make_user
    from tongxin.frontdesk.rosters.tests.support import rota, shift_at
    from tongxin.platform.core.people import pinyin_of
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Household, Level
    from tongxin.registry.people.models import Resident

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    community = area(
        area(area(None, Level.DISTRICT, "示范区"), Level.SUBDISTRICT, "湖东街道"), Level.COMMUNITY, "甲社区"
    )
    grid = area(community, Level.GRID, "第一网格")
    building = area(grid, Level.BUILDING, "1号楼")
    household = Household.objects.create(area=building, grid=grid, number="101")
    zhangsan = Resident(household=household, name="张三")
    zhangsan.name_pinyin, zhangsan.name_initials = pinyin_of("张三")
    zhangsan.save()
    _make_user("secretary", "community", community.pk, display_name="王书记")
    worker = _make_user("grid1", "grid_worker", grid.pk, display_name="李网格员")
    desk = rota(community, name="综合服务窗口（一站式）")
    shift_at(desk, timezone.now() + datetime.timedelta(minutes=10), hours=8, needed=2, people=(worker,))
    return community


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_check_in_then_an_errand_registered_and_handed_back(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    from tongxin.frontdesk.errands.models import Errand
    from tongxin.frontdesk.rosters.models import Assignment

    _world()
    base = live_server.url

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = phone.new_page()
    sign_in(page, base, "grid1")
    mine = page.locator('[data-item="rosters.mine"]')
    expect(mine).to_contain_text("综合服务窗口")
    shot(page, "frontdesk-1-workbench-my-shift")
    page.goto(f"{base}/my-shifts/")
    _fits(page)
    shot(page, "frontdesk-2-my-shifts")
    check_accessibility(page, "my-shifts")
    page.get_by_role("button", name="签到").click()
    expect(page.locator(".flash")).to_contain_text("已签到")
    expect(page.locator("#my-shifts")).to_contain_text("签到")
    assert Assignment.objects.get().checked_in_at is not None
    shot(page, "frontdesk-3-checked-in")
    phone.close()

    desk = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = desk.new_page()
    sign_in(page, base, "secretary")
    today = page.locator('[data-item="rosters.today"]')
    expect(today).to_contain_text("李网格员")
    _fits(page)
    shot(page, "frontdesk-4-workbench-on-duty")

    page.goto(f"{base}/frontdesk/errands/new/")
    page.get_by_label("查找居民：姓名、拼音、身份证号或手机号").fill("张三")
    page.locator("form[role=search] button[type=submit]").click()
    page.locator("#found a").first.click()
    page.locator("#id_kind").select_option("elder_allowance")
    page.locator("#id_description").fill("申请高龄补贴，老人行动不便，由社区代为办理")
    page.locator("#id_office").fill("街道民政办")
    page.locator("#id_documents").fill("身份证复印件\n银行卡复印件")
    _fits(page)
    shot(page, "frontdesk-5-register-errand")
    check_accessibility(page, "errand-new")
    page.locator("form.panel button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("代办事项已登记")
    errand = Errand.objects.get()
    assert errand.resident is not None and errand.resident.name == "张三"
    for label in ("已报送部门", "已出结果"):
        page.locator("#next-step button[type=submit]").click()
        expect(page.locator("h1")).to_contain_text(label)
    page.locator("#id_step-handed_back_to").fill("张三家属")
    page.locator("#next-step button[type=submit]").click()
    expect(page.locator("#handed-back")).to_contain_text("张三家属")
    expect(page.locator("#steps li")).to_have_count(4)
    _fits(page)
    shot(page, "frontdesk-6-handed-back")
    check_accessibility(page, "errand-detail")
    errand.refresh_from_db()
    assert errand.status == "handed_back" and errand.handed_back_on is not None

    page.goto(f"{base}/frontdesk/rosters/")
    expect(page.locator("#on-duty")).to_contain_text("李网格员")
    _fits(page)
    shot(page, "frontdesk-7-on-duty-today")
    desk.close()
