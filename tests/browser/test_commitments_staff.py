"""A branch secretary on a phone records a member's pledge and what they did to keep it, then
verifies it; the community's secretary at the desk reads the pledges, the pledge items and the
convention's versions."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, shot
from tests.browser.test_public_board import _world

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]

PASSWORD = "Tongxin#2026"


def _sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(f"{base}/")


def test_a_branch_secretary_records_a_pledge_on_a_phone(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    from tongxin.council.commitments.models import Fulfilment, Pledge
    from tongxin.platform.access.models import RoleAssignment, User
    from tongxin.registry.party.models import Organization, PartyMember

    community = _world()
    branch = Organization.objects.get(name="东院党支部")
    Pledge.objects.filter(member__org=branch, member__name="王建国").delete()
    wang = PartyMember.objects.get(name="王建国")
    RoleAssignment.objects.create(
        user=User.objects.create_user("branch", password=PASSWORD, first_name="东院书记"),
        role="org_secretary",
        node_id=branch.pk,
    )
    RoleAssignment.objects.create(
        user=User.objects.create_user("secretary", password=PASSWORD, first_name="刘书记"),
        role="community",
        node_id=community.pk,
    )
    base = live_server.url

    page = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    _sign_in(page, base, "branch")
    page.goto(f"{base}/commitments/")  # one community: straight to its pledges
    expect(page.locator("h1")).to_contain_text("同心社区")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(4)  # 东院's members only
    expect(page.locator("tr", has_text="王建国")).to_contain_text("未承诺")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    check_accessibility(page, "pledges, branch secretary, phone")
    shot(page, "commitments-pledges-phone")

    page.get_by_role("link", name="王建国").click()
    page.get_by_label("亮身份作表率").check()
    page.get_by_label("参加志愿服务").check()
    page.get_by_label("本人承诺（自己的话）").fill("每周看望本楼两位独居老人")
    page.get_by_role("button", name="保存承诺").click()
    expect(page.locator(".flash")).to_contain_text("承诺已保存")
    expect(page.locator(".panel .tag")).to_have_text(["亮身份作表率", "参加志愿服务"])
    page.get_by_label("做了什么").fill("陪独居老人去社区医院复查")
    page.get_by_label("对应承诺事项").select_option(label="参加志愿服务")
    page.get_by_role("button", name="添加记录").click()
    expect(page.locator(".plain-list")).to_contain_text("陪独居老人去社区医院复查")
    page.get_by_role("button", name="核实").click()
    expect(page.locator(".plain-list")).to_contain_text("支部已核实")
    check_accessibility(page, "a pledge, branch secretary, phone")
    shot(page, "commitments-pledge-phone")
    entry = Fulfilment.objects.get(pledge__member=wang)
    assert entry.verified_at is not None and entry.verified_by is not None

    desk = browser.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()  # type: ignore[arg-type]
    _sign_in(desk, base, "secretary")
    desk.get_by_role("link", name="承诺践诺").first.click()
    expect(desk.locator("table tbody tr")).to_have_count(9)
    check_accessibility(desk, "pledges, community secretary, desk")
    shot(desk, "commitments-pledges-desk")
    desk.get_by_role("link", name="承诺事项").first.click()
    expect(desk.locator("h1")).to_contain_text("承诺事项")
    check_accessibility(desk, "pledge items, desk")
    desk.get_by_role("link", name="公约", exact=True).click()
    expect(desk.locator("h2").first).to_contain_text("现行：第 1 版")
    check_accessibility(desk, "convention, desk")
    shot(desk, "commitments-convention-desk")
