"""The community secretary holds a council meeting from a phone: opens the attendance list, ticks
who came, takes a show of hands on the agenda's topic and closes the vote; the topic's vote step
is then on record."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, check_accessibility, shot
from tests.browser.test_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]


def _meeting() -> Any:
    """甲社区's democratic consultation council (7 members) meeting tonight on one accepted topic."""
    from django.utils import timezone

    from conftest import _make_user
    from tongxin.council.consultation import services
    from tongxin.council.consultation.models import CouncilKind
    from tongxin.council.consultation.tests.support import staff, topic
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level

    district: Any = node_insert(Area(parent=None, level=Level.DISTRICT, name="示范区"))
    sub: Any = node_insert(Area(parent=district, level=Level.SUBDISTRICT, name="湖东街道"))
    community: Any = node_insert(Area(parent=sub, level=Level.COMMUNITY, name="甲社区"))
    _make_user("secretary", "community", community.pk)
    council = services.council_create(
        actor=staff(), area=community, kind=CouncilKind.objects.get(code="democratic"), name="甲社区民主协商议事会"
    )
    names = ["王建国", "李秀英", "张伟", "刘芳", "陈静", "杨洋", "赵磊"]
    for n, name in enumerate(names):
        services.member_add(
            council=council,
            actor=staff(),
            name=name,
            role="chair" if n == 0 else "member",
            term_start=datetime.date(2024, 1, 1),
        )
    t = topic(community, "菜市场非机动车停放")
    services.topic_accept(topic=t, actor=staff(), council=council)
    for code in ("set", "plan", "consult"):
        services.topic_step_record(topic=t, actor=staff(), step_code=code, decision="完成")
    starts = timezone.localtime().replace(hour=19, minute=0, second=0, microsecond=0)
    return services.meeting_create(
        council=council,
        actor=staff(),
        title="三月民主协商议事会",
        starts_at=starts,
        place="党群服务中心二楼会议室",
        chaired_by="王建国",
        recorded_by_name="李秀英",
        topics=[t],
    )


def test_secretary_takes_attendance_and_a_show_of_hands_on_a_phone(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    from tongxin.council.consultation.models import TopicStep, Vote, VoteResult

    meeting = _meeting()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    sign_in(page, base, "secretary")

    page.goto(f"{base}/councils/meetings/{meeting.pk}/")
    expect(page.locator("h1")).to_have_text("三月民主协商议事会")
    check_accessibility(page, "meeting before attendance")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "council-meeting-phone-planned")

    page.click("#open-attendance")
    expect(page).to_have_url(re.compile(r"/attendance/$"))
    # The tick list's script counts as boxes are ticked: wait until it has run, as a person would
    # see the page finish loading before ticking.
    page.wait_for_load_state("load")
    expect(page.locator("#tick-list input[type=checkbox]")).to_have_count(7)
    # Everyone came but 杨洋: the count and the quorum follow the ticks before saving.
    page.click("[data-tick-all='1']")
    page.locator("#tick-list label", has_text="杨洋").click()
    expect(page.locator("#present-now")).to_have_text("6")
    expect(page.locator("#quorum-now")).to_contain_text("✓")
    check_accessibility(page, "attendance tick list")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "council-meeting-phone-attendance")
    page.click("#save-attendance")
    expect(page).to_have_url(re.compile(rf"/councils/meetings/{meeting.pk}/$"))
    expect(page.locator("#quorum h2")).to_contain_text("✓")
    expect(page.locator("#attendance")).to_contain_text("杨洋")

    # A show of hands on the topic: 5 for, 1 against.
    page.locator(".vote-open summary").click()
    item = meeting.items.get()
    page.check(f"#id_vote{item.pk}-method_2")  # 举手表决
    shot(page, "council-meeting-phone-open-vote")
    page.locator(".vote-open button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/councils/meetings/votes/\d+/$"))
    page.fill("#id_yes", "5")
    page.fill("#id_no", "1")
    page.fill("#id_abstain", "0")
    check_accessibility(page, "vote counts")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "council-meeting-phone-vote")
    page.click("#close-vote")
    expect(page).to_have_url(re.compile(rf"/councils/meetings/{meeting.pk}/"))
    result = page.locator(f"#item-{item.pk} .vote-result")
    expect(result.locator(".result-passed")).to_have_text("通过")
    check_accessibility(page, "meeting after the vote")
    shot(page, "council-meeting-phone-result")

    vote = Vote.objects.get(item=item)
    assert (vote.yes, vote.no, vote.result, vote.present_count, vote.entitled_count) == (5, 1, VoteResult.PASSED, 6, 7)
    assert TopicStep.objects.filter(topic=item.topic, step__code="vote", vote=vote).exists()
    context.close()
