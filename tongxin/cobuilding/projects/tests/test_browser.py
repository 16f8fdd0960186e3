"""Issue 16's needs-to-projects loop through the pages: a grid worker records a door-to-door visit
on a phone and raises a need from it (登记需求); the secretary finds it on the needs list; the unit
contact, on a 390 px phone, claims it on the unit's portal, reports two milestones with photos and
completes it; a resident rates it on the public page; the project page shows the rating; the
co-building figures count it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (  # noqa: F401  (fixtures used by name)
    PHONE,
    browser_context_args,
    browser_type_launch_args,
    shot,
)
from tests.browser.test_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
NEED = "独居老人张奶奶希望有人每周送两次午餐"


def _world() -> Any:
    """甲社区 with a grid, a building and a household; its grid worker and secretary; a resident
    unit (示范医院) whose branch's contact answers for it."""
    from conftest import _make_user
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Household, Level
    from tongxin.registry.cobuild.models import ResidentUnit
    from tongxin.registry.party.models import BranchType, Organization, OrgKind

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    community = area(
        area(area(None, Level.DISTRICT, "示范区"), Level.SUBDISTRICT, "湖东街道"), Level.COMMUNITY, "甲社区"
    )
    grid = area(community, Level.GRID, "第一网格")
    building = area(grid, Level.BUILDING, "12号楼")
    household = Household.objects.create(area=building, grid=grid, number="301")
    committee: Any = node_insert(Organization(kind=OrgKind.COMMITTEE, name="甲社区党委", area=community))
    branch: Any = node_insert(
        Organization(parent=committee, kind=OrgKind.BRANCH, name="示范医院党支部", branch_type=BranchType.RESIDENT_UNIT)
    )
    ResidentUnit.objects.create(name="示范医院", credit_code="91110000600037341L", area=community, org=branch)
    _make_user("grid1", "grid_worker", grid.pk, first_name="李网格员")
    _make_user("secretary", "community", community.pk, first_name="刘书记")
    _make_user("unit", "unit_contact", branch.pk, first_name="王联络员")
    return household


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _photo(tmp_path: Any, name: str, colour: tuple[int, int, int]) -> str:
    from PIL import Image

    path = tmp_path / name
    Image.new("RGB", (800, 600), colour).save(path, "JPEG")
    return str(path)


def test_a_need_from_a_visit_claimed_delivered_and_rated(
    live_server: Any, transactional_db: Any, browser: Browser, tmp_path: Any
) -> None:
    from tongxin.cobuilding.projects.models import Project
    from tongxin.fieldwork.visits.models import Visit

    household = _world()
    base = live_server.url

    # 1. The grid worker records the visit on a phone, then raises a need from it.
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = phone.new_page()
    sign_in(page, base, "grid1")
    page.goto(f"{base}/visits/household/{household.pk}/new/")
    page.fill("#id_others_met", "张奶奶本人")
    page.fill("#id_needs", NEED)
    page.get_by_role("button", name="保存走访").click()
    # A need noted on the visit: the grid worker lands on the visit's page, where it can follow.
    visit = Visit.objects.get(household=household)
    expect(page).to_have_url(f"{base}/visits/{visit.pk}/")
    raise_need = page.locator("[data-follow-up='cobuilding.need']")
    expect(raise_need).to_have_text("登记需求")
    shot(page, "projects-1-visit")
    raise_need.click()
    expect(page.locator("#id_title")).to_have_value(NEED)
    page.select_option("#id_category", "elderly")
    page.fill("#id_people_affected", "1")
    _fits(page)
    shot(page, "projects-2-need-form")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cobuilding/needs/\d+/$"))
    page.close()

    # 2. The secretary finds it on the needs list.
    desk = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai")
    office = desk.new_page()
    sign_in(office, base, "secretary")
    office.goto(f"{base}/cobuilding/needs/?status=open")
    expect(office.locator("#needs")).to_contain_text(NEED)
    expect(office.locator("#needs")).to_contain_text("走访")
    shot(office, "projects-3-needs-list")

    # 3. The unit contact claims it on the portal, on a phone.
    contact = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    sign_in(contact, base, "unit")
    contact.goto(f"{base}/unit/")
    part = contact.locator("[data-part='projects.open_needs']")
    expect(part).to_contain_text(NEED)
    _fits(contact)
    shot(contact, "projects-4-portal")
    part.get_by_role("link", name="认领").first.click()
    contact.fill("#id_description", "医院志愿者每周二、周五送餐上门")
    contact.get_by_role("button", name="确认认领").click()
    expect(contact).to_have_url(re.compile(r"/cobuilding/projects/\d+/$"))
    project = Project.objects.get(need__title=NEED)
    for title in ("联系老人，确定送餐时间", "第一个月送餐"):
        contact.get_by_role("link", name="添加节点").click()
        contact.fill("#id_title", title)
        contact.get_by_role("button", name="保存").click()
    for k, colour in enumerate(((200, 60, 60), (60, 140, 200))):
        contact.locator("[data-milestone]").nth(k).get_by_role("link", name="上报完成").click()
        contact.fill("#id_report", f"第{k + 1}步已完成")
        expect(contact.locator("input[type=file][capture][accept='image/*']")).to_have_count(1)
        contact.set_input_files("#id_photos", _photo(tmp_path, f"m{k}.jpg", colour))
        _fits(contact)
        if k == 0:
            shot(contact, "projects-5-report-milestone")
        contact.locator(".bottom-bar").get_by_role("button", name="上报完成").click()
        expect(contact.locator(".flash")).to_contain_text("已上报")
    shot(contact, "projects-6-project-in-progress")
    contact.get_by_role("link", name="办结", exact=True).click()
    contact.fill("#id_summary", "一个月送餐8次，老人满意")
    contact.fill("#id_people_served", "1")
    contact.fill("#id_volunteer_hours", "16")
    contact.locator(".bottom-bar").get_by_role("button", name="办结").click()
    expect(contact.locator(".flash")).to_contain_text("项目已完成")
    project.refresh_from_db()
    assert project.state == "completed" and project.evidence.filter(kind="photo").count() == 2

    # 4. A resident rates it on the public page, without signing in.
    resident = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    resident.goto(f"{base}/public/projects/{project.rating_token}/")
    expect(resident.locator("h1")).to_have_text(NEED)
    expect(resident.locator(".thumbs img")).to_have_count(2)
    resident.locator("input[name=score][value='5']").check()
    resident.fill("#id_comment", "送餐很准时，谢谢医院")
    _fits(resident)
    shot(resident, "projects-7-public-rating")
    resident.get_by_role("button", name="提交评价").click()
    expect(resident.get_by_role("status")).to_contain_text("谢谢")

    # 5. The project page shows the rating.
    office.goto(f"{base}/cobuilding/projects/{project.pk}/")
    expect(office.locator("#project-rating")).to_contain_text("★ 5.0")
    expect(office.locator("main")).to_contain_text("送餐很准时")
    shot(office, "projects-8-project-rated")

    # 6. The co-building figures count it: claimed and completed this year, the hours it gave and
    #    the person it served, each linking to the rows behind it.
    office.goto(f"{base}/cobuilding/figures/?node={project.community_id}")

    def card(key: str) -> Any:
        return office.locator(f".figure-card[data-figure='{key}'] strong")

    expect(card("claimed")).to_have_text(re.compile(r"^1\b"))
    expect(card("completed")).to_have_text(re.compile(r"^1\b"))
    expect(card("people_served")).to_have_text(re.compile(r"^1\b"))
    expect(card("volunteer_hours")).to_contain_text("16")
    office.locator(".figure-card[data-figure='completed'] a").click()
    expect(office.locator("main")).to_contain_text(NEED)
    shot(office, "projects-9-figures")
