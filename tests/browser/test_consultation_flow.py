"""Issue 14's whole loop on a phone, through the pages only: a resident raises a topic on the
community's public page and keeps the code; the community secretary accepts it for the council,
records the procedure's steps, holds the meeting (attendance, a show of hands) and publishes the
result; once the publicity period is over a task is added and reported done; the resident opens
the topic with the code, reads the outcome and rates it."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, check_accessibility, shot
from tests.browser.test_roles import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]


def _world() -> Any:
    """甲社区 with a building, its 民主协商议事会 of seven members, and its secretary."""
    from conftest import _make_user
    from tongxin.council.consultation import services
    from tongxin.council.consultation.models import CouncilKind
    from tongxin.council.consultation.tests.support import staff
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    community = area(
        area(area(None, Level.DISTRICT, "示范区"), Level.SUBDISTRICT, "湖东街道"), Level.COMMUNITY, "甲社区"
    )
    area(area(community, Level.GRID, "第一网格"), Level.BUILDING, "12号楼")
    _make_user("secretary", "community", community.pk, first_name="刘书记")
    council = services.council_create(
        actor=staff(), area=community, kind=CouncilKind.objects.get(code="democratic"), name="甲社区民主协商议事会"
    )
    for n, name in enumerate(["王建国", "李秀英", "张伟", "刘芳", "陈静", "杨洋", "赵磊"]):
        services.member_add(
            council=council,
            actor=staff(),
            name=name,
            role="chair" if n == 0 else "member",
            term_start=datetime.date(2024, 1, 1),
        )
    return community, council


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _record_step(page: Page, name: str, decision: str, participants: str = "") -> None:
    """The topic page's next step, a recorded one: who took part and what was decided."""
    form = page.locator("#next-step")
    expect(form.locator("button[type=submit]")).to_have_text(f"记录“{name}”")
    if participants:
        form.locator("#id_step-participants").fill(participants)
    form.locator("#id_step-decision").fill(decision)
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text(f"“{name}”")
    expect(page.locator("li.procedure-step.is-done", has_text=name)).to_contain_text(decision)


def test_a_residents_topic_from_the_public_page_to_the_outcome_on_a_phone(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    import time_machine
    from django.utils import timezone

    from tongxin.council.consultation.models import Topic, TopicState

    community, council = _world()
    base = live_server.url

    # 1. The resident, not signed in, raises the topic.
    resident = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    resident.goto(f"{base}/public/topics/new/?community={community.pk}")
    resident.fill("#id_title", "楼道加装扶手")
    resident.fill("#id_description", "12号楼老人多，上下楼不方便，建议在楼道加装扶手。")
    resident.fill("#id_building_search", "12")
    resident.click(".place-option")
    expect(resident.locator("[data-place-label]")).to_contain_text("12号楼")
    resident.fill("#id_name", "张阿姨")
    resident.fill("#id_phone", "13812345678")
    shot(resident, "consultation-flow-1-raise")
    resident.click("form .bottom-bar button[type=submit]")
    expect(resident).to_have_url(re.compile(r"/public/topics/[A-Z0-9]{8}/received/$"))
    code = resident.locator("#tracking-code").inner_text().strip()
    _fits(resident)
    shot(resident, "consultation-flow-2-received")
    topic = Topic.objects.get(tracking_code=code)

    # 2. The secretary finds it among the topics waiting for review and accepts it for the council.
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    sign_in(page, base, "secretary")
    page.goto(f"{base}/councils/topics/")
    page.locator("#topics").get_by_role("link", name="楼道加装扶手").click()
    expect(page).to_have_url(f"{base}/councils/topics/{topic.pk}/")
    page.select_option("#id_accept-council", str(council.pk))
    _fits(page)
    shot(page, "consultation-flow-3-review")
    page.locator("#review").get_by_role("button", name="受理", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("甲社区民主协商议事会")
    expect(page.locator("li.procedure-step.is-next")).to_contain_text("确定议题")

    # 3. The steps before the vote, each with what was decided.
    _record_step(page, "确定议题", "列为本月议题，征集12号楼居民意见", participants="社区两委、楼栋长")
    _record_step(page, "公布协商方案", "在单元门口和居民群公布加装方案和费用")
    _record_step(page, "召开协商会议", "两侧加装不锈钢扶手，物业出资", participants="居民代表、物业")
    expect(page.locator("li.procedure-step.is-next")).to_contain_text("表决")
    check_accessibility(page, "topic before the vote")
    _fits(page)
    shot(page, "consultation-flow-4-steps")

    # 4. A meeting of the council with the topic on its agenda.
    page.locator("#next-step").get_by_role("link", name=re.compile("甲社区民主协商议事会")).click()
    expect(page).to_have_url(f"{base}/councils/{council.pk}/")
    page.locator("#council-meetings a.btn-primary").click()
    expect(page).to_have_url(f"{base}/councils/{council.pk}/meetings/new/")
    page.fill("#id_title", "十二月民主协商议事会")
    page.fill("#id_starts_at", f"{timezone.localdate():%Y-%m-%d}T08:00")
    page.fill("#id_place", "党群服务中心二楼会议室")
    page.get_by_label(re.compile("楼道加装扶手")).check()
    _fits(page)
    shot(page, "consultation-flow-5-meeting-new")
    page.click("form .bottom-bar button[type=submit]")
    expect(page).to_have_url(re.compile(r"/councils/meetings/\d+/$"))
    meeting_url = page.url
    expect(page.locator("#agenda")).to_contain_text("楼道加装扶手")

    # 5. Attendance: everyone but 杨洋.
    page.click("#open-attendance")
    expect(page).to_have_url(re.compile(r"/attendance/$"))
    page.wait_for_load_state("load")  # the tick list's script
    page.click("[data-tick-all='1']")
    page.locator("#tick-list label", has_text="杨洋").click()
    expect(page.locator("#present-now")).to_have_text("6")
    page.click("#save-attendance")
    expect(page).to_have_url(meeting_url)
    expect(page.locator("#quorum h2")).to_contain_text("✓")

    # 6. A show of hands, 6 for, closed: the topic's vote step is recorded by itself.
    page.locator(".vote-open summary").click()
    page.locator(".vote-open").get_by_label("举手表决").check()
    page.locator(".vote-open button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/councils/meetings/votes/\d+/$"))
    page.fill("#id_yes", "6")
    page.fill("#id_no", "0")
    page.fill("#id_abstain", "0")
    shot(page, "consultation-flow-6-vote")
    page.click("#close-vote")
    expect(page.locator(".vote-result .result-passed")).to_have_text("通过")
    _fits(page)
    shot(page, "consultation-flow-7-meeting-result")

    # 7. Back to the topic from the agenda: the result published, seven days of publicity.
    page.locator("#agenda h3").get_by_role("link", name="楼道加装扶手").click()
    expect(page).to_have_url(f"{base}/councils/topics/{topic.pk}/")
    expect(page.locator("li.procedure-step.is-done", has_text="表决")).to_contain_text("6")
    expect(page.locator("li.procedure-step.is-next")).to_contain_text("结果公示")
    page.locator("#next-step button[type=submit]").click()
    expect(page.locator("#publicity")).to_contain_text("还剩 6 天")
    expect(page.locator("#tasks")).to_contain_text("公示期结束")
    _fits(page)
    shot(page, "consultation-flow-8-published")
    topic.refresh_from_db()
    assert topic.state == TopicState.DECIDED and topic.publicity_ends is not None

    # 8. Eight days later: publicity is over. The idle session has long expired: sign in again.
    with time_machine.travel(topic.publicity_ends + datetime.timedelta(days=1), tick=True):
        page.goto(f"{base}/councils/topics/{topic.pk}/")
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        page.fill("#id_username", "secretary")
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        expect(page).to_have_url(f"{base}/councils/topics/{topic.pk}/")
        expect(page.locator("#publicity")).to_contain_text("✓")
        today = timezone.localdate()
        tasks = page.locator("#tasks")
        tasks.locator("#id_task-title").fill("两侧加装不锈钢扶手")
        tasks.locator("#id_task-owner_name").fill("物业 陈经理")
        tasks.locator("#id_task-due_on").fill(f"{today + datetime.timedelta(days=14):%Y-%m-%d}")
        shot(page, "consultation-flow-9-task")
        tasks.locator(".task-add button[type=submit]").click()
        expect(page.locator(".flash")).to_contain_text("两侧加装不锈钢扶手")
        task = page.locator("#tasks li.task")
        task.locator(".task-report summary").click()
        task.locator("input[name=progress]").fill("100")
        task.locator("textarea[name=note]").fill("1至6层扶手已装好，居民已验收")
        task.locator(".task-report button[type=submit]").click()
        expect(page.locator(".flash")).to_contain_text("已完成")
        expect(page.locator(".topic-head-state")).to_contain_text("已实施")
        check_accessibility(page, "topic carried out")
        _fits(page)
        shot(page, "consultation-flow-10-done")
        topic.refresh_from_db()
        assert topic.state == TopicState.DONE and "居民已验收" in topic.outcome

        # 9. The resident, with the code: the outcome, then the rating.
        resident.goto(f"{base}/public/topics/{code}/")
        expect(resident.locator(".plain-state")).to_contain_text("已办结")
        expect(resident.locator("main")).to_contain_text("1至6层扶手已装好，居民已验收")
        check_accessibility(resident, "the resident's topic, carried out")
        _fits(resident)
        shot(resident, "consultation-flow-11-outcome")
        resident.fill("#rate textarea", "扶手很结实，谢谢社区")
        resident.locator("#rate button[value='5']").click()
        expect(resident.locator(".flash")).to_contain_text("谢谢，您的评价已记录")
        expect(resident.locator("#rate")).to_have_count(0)
        _fits(resident)
        shot(resident, "consultation-flow-12-rated")
    topic.refresh_from_db()
    assert topic.rating == 5 and topic.rating_comment == "扶手很结实，谢谢社区"
    assert "张阿姨" not in resident.locator("body").inner_text()
    context.close()
    resident.context.close()
