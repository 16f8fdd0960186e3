"""The community secretary opens the topics list and a topic half-way through its procedure, at
the desk and on a phone: Chinese, readable, no horizontal scrolling, accessible."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import Browser, ViewportSize, expect

from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]
PASSWORD = "Tongxin#2026"


def _world() -> Any:
    """甲社区 with its 民主协商议事会, a topic decided, published and objected to, and a few more."""
    from django.utils import timezone

    from tongxin.council.consultation import services
    from tongxin.council.consultation.models import Objection, Task
    from tongxin.council.consultation.tests.support import council, meeting_with_vote, staff, topic
    from tongxin.platform.access.models import RoleAssignment, User
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    district = area(None, Level.DISTRICT, "示范区")
    sub = area(district, Level.SUBDISTRICT, "湖东街道")
    community = area(sub, Level.COMMUNITY, "甲社区")
    grid = area(community, Level.GRID, "第一网格")
    user = User.objects.create_user("secretary", password=PASSWORD, first_name="刘书记")
    RoleAssignment.objects.create(user=user, role="community", node_id=community.pk)
    c = council(community, name="甲社区民主协商议事会", members=7)
    today = timezone.localdate()
    t = topic(grid, title="菜市场非机动车停放", phone="13812345678", people_affected=300)
    services.topic_accept(topic=t, actor=staff(), council=c)
    for code, text in (
        ("set", "列为三月议题，征集居民意见"),
        ("plan", "在公告栏和居民群公布协商方案"),
        ("consult", "划定临时停放区，早市时段专人引导"),
    ):
        services.topic_step_record(
            topic=t, actor=staff(), step_code=code, decision=text, participants="社区两委、居民代表、市场管理方"
        )
    meeting_with_vote(c, t, today - datetime.timedelta(days=3), present=6, yes=5, no=1)
    services.topic_step_record(topic=t, actor=staff(), step_code="publish")
    t.refresh_from_db()
    Objection.objects.create(
        topic=t, step=t.steps.get(step__code="publish"), name="李先生", text="停放区离我家门口太近"
    )
    for title in ("居民圈养公鸡扰民", "垃圾桶摆放位置", "楼道堆物清理", "小区充电桩建设"):
        topic(grid, title=title)
    done = topic(community, title="小广场健身器材维修")
    services.topic_accept(topic=done, actor=staff(), council=c)
    assert not Task.objects.exists()
    return t


def test_topics_list_and_a_topic_at_the_desk_and_on_a_phone(live_server: Any, transactional_db: Any, browser: Browser):
    t = _world()
    base = live_server.url
    sizes: list[tuple[ViewportSize, str]] = [({"width": DESKTOP["width"], "height": DESKTOP["height"]}, "desktop")]
    sizes.append((PHONE, "phone"))
    for viewport, suffix in sizes:
        context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "secretary")
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        expect(page).to_have_url(f"{base}/")
        page.goto(f"{base}/councils/topics/")
        expect(page.locator("h1")).to_contain_text("协商议题")
        expect(page.locator("#topics tbody tr")).to_have_count(6)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        check_accessibility(page, f"topics list ({suffix})")
        shot(page, f"council-topics-list-{suffix}")
        page.click("text=菜市场非机动车停放")
        expect(page.locator("h1")).to_have_text("菜市场非机动车停放")
        expect(page.locator("ol.procedure > li.is-done")).to_have_count(5)
        expect(page.locator("#publicity")).to_contain_text("异议")
        expect(page.locator("#objections")).to_contain_text("停放区离我家门口太近")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        check_accessibility(page, f"topic ({suffix})")
        shot(page, f"council-topic-{suffix}")
        assert page.url.endswith(f"/councils/topics/{t.pk}/")
        context.close()
