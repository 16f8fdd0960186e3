"""Issue 16 items 7 and 8 on a 390 px phone: a party member reports in to 甲社区 from /me/, the
secretary confirms it from the reporting-in list's waiting tab; the member then offers to take on
a need of 甲社区 (raised through `raise_need`) and the secretary confirms the offer."""

from __future__ import annotations

import re
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

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _world() -> Any:
    from conftest import _make_user
    from tongxin.cobuilding.projects.services import raise_need
    from tongxin.partylife.points.models import Post
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level
    from tongxin.registry.party.models import Organization, OrgKind, PartyMember

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    sub = area(area(None, Level.DISTRICT, "示范区"), Level.SUBDISTRICT, "湖东街道")
    community = area(sub, Level.COMMUNITY, "甲社区")
    area(sub, Level.COMMUNITY, "乙社区")
    committee: Any = node_insert(Organization(kind=OrgKind.COMMITTEE, name="甲社区党委", area=community))
    employer_org: Any = node_insert(Organization(kind=OrgKind.BRANCH, name="区税务局机关党支部"))
    secretary = _make_user("secretary", "community", community.pk, first_name="刘书记")
    user = _make_user("member", "party_member", employer_org.pk, first_name="赵明")
    PartyMember.objects.create(
        org=employer_org,
        name="赵明",
        kind="in_service",
        user=user,
        employer="区税务局",
        employer_org="区税务局机关党委",
    )
    Post.objects.create(org=committee, title="楼道文明引导员")
    need = raise_need(
        actor=secretary,
        community=community,
        title="独居老人周末助餐",
        category="elderly",
        description="3号楼两位独居老人周末需要有人送午餐。",
        people_affected=2,
    )
    return community, need


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_a_member_reports_in_and_takes_on_a_need_on_a_phone(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    from tongxin.cobuilding.projects.models import Project
    from tongxin.partylife.inservice.models import ReportIn

    community, need = _world()
    base = live_server.url
    member_ctx = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    staff_ctx = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    member, staff = member_ctx.new_page(), staff_ctx.new_page()
    sign_in(member, base, "member")
    sign_in(staff, base, "secretary")

    # 1. The member reports in from /me/: finds the community, claims a post.
    member.goto(f"{base}/me/")
    member.locator("#own-report-in").click()
    member.fill("#own-q", "甲")
    member.get_by_role("button", name="搜索").click()
    _fits(member)
    shot(member, "cobuilding-1-find-community")
    member.locator("#own-communities").get_by_role("link", name=re.compile("甲社区")).click()
    expect(member.locator("#id_employer")).to_have_value("区税务局")
    member.select_option("#id_claimed_post", label="楼道文明引导员")
    member.fill("#id_skills", "会计、电脑维修")
    _fits(member)
    shot(member, "cobuilding-2-report-in-form")
    check_accessibility(member, "own report-in form")
    member.get_by_role("button", name="报到", exact=True).click()
    expect(member.locator(".flash")).to_contain_text("等待社区工作人员确认")
    report = ReportIn.objects.get()
    assert report.waiting

    # 2. The secretary confirms it from the waiting tab.
    staff.goto(f"{base}/inservice/?waiting=1")
    expect(staff.locator("#waiting-reports")).to_contain_text("赵明")
    _fits(staff)
    shot(staff, "cobuilding-3-waiting-reports")
    staff.get_by_role("button", name="确认报到").click()
    expect(staff.locator(".flash")).to_contain_text("已确认")
    report.refresh_from_db()
    assert report.confirmed

    # 3. The member now sees the community's open need on /me/ and offers to take it on.
    member.goto(f"{base}/me/")
    expect(member.locator(".own-needs")).to_contain_text("独居老人周末助餐")
    _fits(member)
    shot(member, "cobuilding-4-me-needs")
    member.get_by_role("link", name="我来认领").click()
    member.fill("#id_description", "每周六、日中午送餐上门")
    shot(member, "cobuilding-5-offer-form")
    check_accessibility(member, "offer form")
    member.get_by_role("button", name="提交认领").click()
    expect(member.locator(".flash")).to_contain_text("社区工作人员确认")
    project = Project.objects.get(need=need)
    assert project.state == Project.State.PROPOSED

    # 4. The secretary confirms the offer.
    staff.goto(f"{base}/cobuilding/offers/")
    expect(staff.locator(f"[data-offer='{project.pk}']")).to_contain_text("赵明")
    _fits(staff)
    shot(staff, "cobuilding-6-offers")
    check_accessibility(staff, "offers")
    staff.locator(f"[data-offer='{project.pk}']").get_by_role("button", name="确认").click()
    expect(staff.locator(".flash")).to_contain_text("已确认")
    project.refresh_from_db()
    assert project.state == Project.State.CLAIMED

    # 5. The figures count the claimed project.
    staff.goto(f"{base}/cobuilding/figures/")
    expect(staff.locator("[data-figure='claimed'] strong")).to_have_text("1")
    _fits(staff)
    shot(staff, "cobuilding-7-figures")
    check_accessibility(staff, "figures")
    member_ctx.close()
    staff_ctx.close()
