"""A resident, not signed in, raises a topic from the community's public page on a phone, keeps
the tracking code and opens the topic's page with it; then reads the community's decisions and
objects to one still in publicity."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, check_accessibility, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]


def _world() -> Any:
    """甲社区 with a building, a council, and a decision published yesterday (in publicity)."""
    from django.utils import timezone

    from tongxin.council.consultation import services
    from tongxin.council.consultation.tests.support import council, meeting_with_vote, staff, topic
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    community = area(
        area(area(None, Level.DISTRICT, "示范区"), Level.SUBDISTRICT, "湖东街道"), Level.COMMUNITY, "甲社区"
    )
    area(area(community, Level.GRID, "第一网格"), Level.BUILDING, "12号楼")
    c = council(community, name="甲社区民主协商议事会")
    t = topic(community, title="菜市场门口非机动车停放", phone="13912345678")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    services.topic_accept(topic=t, actor=staff(), council=c)
    for code, text in (("set", "确定议题"), ("plan", "公布协商方案"), ("consult", "居民代表、摊主、物业协商")):
        services.topic_step_record(topic=t, actor=staff(), step_code=code, decision=text)
    meeting_with_vote(c, t, yesterday - datetime.timedelta(days=1), present=5, yes=5)
    services.topic_step_record(
        topic=t,
        actor=staff(),
        step_code="publish",
        decision="在东门外划 40 个非机动车位，早市 6:00–9:00 由志愿者引导停放。",
        at=timezone.now() - datetime.timedelta(days=1),
    )
    return community, t


def test_a_resident_raises_a_topic_and_objects_to_a_decision(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    from tongxin.council.consultation.models import Objection, Topic

    community, decided = _world()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()

    page.goto(f"{base}/public/community/{community.pk}/")
    page.click("text=提出议题")
    expect(page).to_have_url(re.compile(rf"/public/topics/new/\?community={community.pk}$"))
    page.fill("#id_title", "楼道加装扶手")
    page.fill("#id_description", "12号楼老人多，上下楼不方便，建议在楼道加装扶手。")
    page.fill("#id_building_search", "12")
    page.click(".place-option")
    expect(page.locator("[data-place-label]")).to_contain_text("12号楼")
    page.fill("#id_name", "张阿姨")
    page.fill("#id_phone", "13812345678")
    check_accessibility(page, "raise a topic")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "consultation-public-topic-new")
    page.click("form .bottom-bar button[type=submit]")

    expect(page).to_have_url(re.compile(r"/public/topics/[A-Z0-9]{8}/received/$"))
    code = page.locator("#tracking-code").inner_text().strip()
    raised = Topic.objects.get(tracking_code=code)
    assert raised.title == "楼道加装扶手" and raised.area.name == "12号楼" and raised.source == "public"
    check_accessibility(page, "topic received")
    shot(page, "consultation-public-topic-received")

    page.click(f'a[href="/public/topics/{code}/"]')
    expect(page).to_have_url(re.compile(rf"/public/topics/{code}/$"))
    expect(page.locator(".plain-state")).to_contain_text("已收到")
    body = page.locator("body").inner_text()
    assert "张阿姨" not in body and "13812345678" not in body
    check_accessibility(page, "topic page")
    shot(page, "consultation-public-topic")

    # Another day, another browser: the code alone finds it.
    other = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    other.goto(f"{base}/public/topics/")
    other.fill("#id_code", code.lower())
    other.click("main form button[type=submit]")
    expect(other).to_have_url(re.compile(rf"/public/topics/{code}/$"))

    # The community's decisions: one in publicity, with days left and the objection form.
    page.goto(f"{base}/public/decisions/?community={community.pk}")
    article = page.locator(f"#topic-{decided.pk}")
    expect(article.locator(".status-publicity")).to_be_visible()
    expect(article.locator(".days-left strong")).to_have_text("6")
    assert "张阿姨" not in page.locator("body").inner_text()
    check_accessibility(page, "decisions")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "consultation-public-decisions")
    article.locator("summary").click()
    article.locator("textarea").fill("车位离单元门太近，晚上推车进出不方便。")
    check_accessibility(page, "objection form")
    shot(page, "consultation-public-objection")
    article.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text("已收到您的异议")
    assert Objection.objects.get().topic == decided
    expect(page.locator(f"#topic-{decided.pk} .days-left")).to_contain_text("异议正在答复")
    shot(page, "consultation-public-objected")
    context.close()
