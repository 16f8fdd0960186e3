"""The community secretary reads the consultation figures at the desk and on a phone: the ECharts
bar chart drawn with Chinese labels and numbers on the bars, the table behind it one click away,
and a number that opens the topics it counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import Browser, ViewportSize, expect

from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]
PASSWORD = "Tongxin#2026"


def _world() -> None:
    """甲社区 with two grids and a council; this year's topics raised, decided and carried out."""
    from django.utils import timezone

    from tongxin.council.consultation.models import Topic, TopicState
    from tongxin.council.consultation.tests.support import at, council, topic
    from tongxin.platform.access.models import RoleAssignment, User
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    district = area(None, Level.DISTRICT, "示范区")
    sub = area(district, Level.SUBDISTRICT, "湖东街道")
    community = area(sub, Level.COMMUNITY, "甲社区")
    grids = [area(community, Level.GRID, name) for name in ("第一网格", "第二网格", "第三网格")]
    user = User.objects.create_user("secretary", password=PASSWORD, first_name="刘书记")
    RoleAssignment.objects.create(user=user, role="community", node_id=community.pk)
    c = council(community, name="甲社区民主协商议事会", members=7)
    year = timezone.localdate().year
    d = lambda month, day: datetime.date(year, month, day)  # noqa: E731
    # (place, state, raised, decided, done): 6 / 3 / 2 in the first grid, fewer elsewhere.
    plan = [
        (0, TopicState.DONE, d(1, 5), d(1, 20), d(2, 10)),
        (0, TopicState.DONE, d(2, 1), d(2, 15), d(3, 1)),
        (0, TopicState.DECIDED, d(3, 1), d(3, 20), None),
        (0, TopicState.ACCEPTED, d(4, 1), None, None),
        (0, TopicState.RAISED, d(5, 1), None, None),
        (0, TopicState.DECLINED, d(5, 2), None, None),
        (1, TopicState.DONE, d(1, 10), d(2, 1), d(2, 20)),
        (1, TopicState.DECIDED, d(3, 3), d(4, 1), None),
        (1, TopicState.RAISED, d(6, 1), None, None),
        (2, TopicState.REJECTED, d(2, 2), d(3, 2), None),
        (2, TopicState.RAISED, d(6, 2), None, None),
        (None, TopicState.DONE, d(1, 3), d(1, 25), d(3, 5)),
    ]
    for n, (place, state, raised, decided, done) in enumerate(plan):
        t = topic(community if place is None else grids[place], title=f"议题{n + 1}", at=at(raised, 10))
        Topic.objects.filter(pk=t.pk).update(
            council=None if state in (TopicState.RAISED, TopicState.DECLINED) else c,
            state=state,
            reviewed_at=None if state == TopicState.RAISED else at(raised + datetime.timedelta(days=1), 10),
            decided_on=decided,
            done_on=done,
        )


def test_figures_chart_and_table_at_the_desk_and_on_a_phone(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    _world()
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
        page.goto(f"{base}/councils/figures/")
        expect(page.locator("h1")).to_contain_text("协商议事统计")
        # ECharts drew the bars (SVG), with the places and the series in Chinese and numbers on the bars.
        chart = page.locator("#consultation-chart svg")
        expect(chart).to_be_visible()
        expect(chart).to_contain_text("第一网格")
        expect(chart).to_contain_text("已实施")
        assert "6" in chart.locator("text").all_text_contents()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        check_accessibility(page, f"consultation figures ({suffix})")
        shot(page, f"council-figures-{suffix}")
        # The table behind the chart: one click.
        page.click("text=图表所依据的统计表")
        expect(page.locator("#figures-places")).to_be_in_viewport()
        # The headline opens the topics it counts: the same number of rows.
        headline = page.locator('[data-figure="resolved"] a')
        expect(headline).to_have_text("4")
        headline.click()
        expect(page.locator(".filter-chip")).to_contain_text("年内办结")
        expect(page.locator("#topics tbody tr")).to_have_count(4)
        shot(page, f"council-figures-behind-{suffix}")
        context.close()
