"""四议两公开 in a village, through the pages only: the village secretary raises a matter, accepts it
for the villagers' representatives' meeting and takes it through all six steps — 村党组织提议,
村两委会议商议, 党员大会审议 (a vote at the branch's general meeting), 村民代表会议决议 (a vote at
the representatives' meeting), 决议公开 and 实施结果公开 — and on the way tries to publish before
the two committees have discussed it: refused (409) with the reason on the page."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PHONE, check_accessibility, shot
from tests.browser.test_roles import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]
TITLE = "村东头机耕路硬化"


def _village() -> Any:
    """石桥村 with its Party branch (eight full members, one probationary), its representatives'
    meeting (nine representatives with terms) and its secretary."""
    from conftest import _make_user
    from tongxin.council.consultation import services
    from tongxin.council.consultation.models import CouncilKind
    from tongxin.council.consultation.tests.support import staff
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level
    from tongxin.registry.party.models import Organization, OrgKind, PartyMember

    district: Any = node_insert(Area(parent=None, level=Level.DISTRICT, name="示范区"))
    town: Any = node_insert(Area(parent=district, level=Level.SUBDISTRICT, name="青山镇"))
    village: Any = node_insert(Area(parent=town, level=Level.VILLAGE, name="石桥村"))
    branch: Any = node_insert(Organization(parent=None, kind=OrgKind.BRANCH, name="石桥村党支部", area=village))
    for name in ["周德明", "吴桂兰", "郑国强", "王秀珍", "冯志刚", "陈玉梅", "褚建华", "卫春生"]:
        PartyMember.objects.create(org=branch, name=name, kind="direct", status="full")
    PartyMember.objects.create(org=branch, name="蒋小燕", kind="direct", status="probationary")
    _make_user("village_secretary", "community", village.pk, first_name="周书记")
    kind = CouncilKind.objects.get
    services.council_create(
        actor=staff(), area=village, kind=kind(code="party_general"), name="石桥村党支部党员大会", organization=branch
    )
    reps = services.council_create(
        actor=staff(), area=village, kind=kind(code="village_reps"), name="石桥村村民代表会议"
    )
    names = ["周德明", "李长河", "张桂芬", "王大山", "刘翠英", "赵永福", "孙玉兰", "钱有才", "何春花"]
    for n, name in enumerate(names):
        services.member_add(
            council=reps,
            actor=staff(),
            name=name,
            role="chair" if n == 0 else "member",
            term_start=datetime.date(2024, 1, 1),
            term_end=datetime.date(2028, 12, 31),
        )
    return village, reps


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _record_step(page: Page, name: str, decision: str, participants: str = "") -> None:
    form = page.locator("#next-step")
    expect(form.locator("button[type=submit]")).to_have_text(f"记录“{name}”")
    if participants:
        form.locator("#id_step-participants").fill(participants)
    form.locator("#id_step-decision").fill(decision)
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text(f"“{name}”")
    expect(page.locator("li.procedure-step.is-done", has_text=name)).to_contain_text(decision)


def _vote_at(page: Page, council: str, title: str, absent: str, present: int, yes: int, shots: str) -> None:
    """From the topic's page: to the council of its next step, a meeting with the topic on the
    agenda, everyone but `absent` present, a show of hands with `yes` for, closed; back to the topic."""
    topic_url = page.url
    page.locator("#next-step").get_by_role("link", name=re.compile(council)).click()
    expect(page.locator("h1")).to_have_text(council)
    page.locator("#council-meetings a.btn-primary").click()
    page.fill("#id_title", title)
    page.fill("#id_starts_at", f"{datetime.date.today():%Y-%m-%d}T08:00")
    page.get_by_label(re.compile(TITLE)).check()
    page.click("form .bottom-bar button[type=submit]")
    expect(page).to_have_url(re.compile(r"/councils/meetings/\d+/$"))
    page.click("#open-attendance")
    expect(page).to_have_url(re.compile(r"/attendance/$"))
    page.wait_for_load_state("load")  # the tick list's script
    page.click("[data-tick-all='1']")
    page.locator("#tick-list label", has_text=absent).click()
    expect(page.locator("#present-now")).to_have_text(str(present))
    shot(page, f"consultation-village-{shots}-attendance")
    page.click("#save-attendance")
    expect(page.locator("#quorum h2")).to_contain_text("✓")
    page.locator(".vote-open summary").click()
    page.locator(".vote-open").get_by_label("举手表决").check()
    page.locator(".vote-open button[type=submit]").click()
    page.fill("#id_yes", str(yes))
    page.fill("#id_no", "0")
    page.fill("#id_abstain", "0")
    page.click("#close-vote")
    expect(page.locator(".vote-result .result-passed")).to_have_text("通过")
    _fits(page)
    shot(page, f"consultation-village-{shots}-result")
    page.locator("#agenda h3").get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(topic_url)


def test_a_village_matter_through_the_four_deliberations_and_two_disclosures(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    import time_machine

    from tongxin.council.consultation.models import Topic, TopicState

    village, reps = _village()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    sign_in(page, base, "village_secretary")

    # Raised by staff, accepted for the representatives' meeting: 四议两公开 by its kind.
    page.goto(f"{base}/councils/topics/new/")
    page.select_option("#id_area", str(village.pk))
    page.fill("#id_title", TITLE)
    page.fill("#id_description", "村东头至水库的机耕路雨天泥泞，农机进出困难，拟硬化 800 米。")
    page.fill("#id_raiser_name", "村党支部")
    page.click("form .bottom-bar button[type=submit]")
    expect(page.locator("h1")).to_have_text(TITLE)
    topic = Topic.objects.get(title=TITLE)
    page.select_option("#id_accept-council", str(reps.pk))
    page.locator("#review").get_by_role("button", name="受理", exact=True).click()
    expect(page.locator("#procedure h2")).to_contain_text("四议两公开")
    expect(page.locator("ol.procedure > li")).to_have_count(6)

    # 1. 村党组织提议.
    _record_step(page, "村党组织提议", "支部委员会提议硬化村东头机耕路 800 米", participants="支部委员")

    # Out of order: the step form offers only the next step; sent as 决议公开 instead, it is refused.
    page.locator("#next-step input[name='step-step']").evaluate("input => { input.value = 'publish'; }")
    page.locator("#id_step-decision").fill("直接公开")
    with page.expect_response(lambda r: r.url.endswith("/step/") and r.request.method == "POST") as answer:
        page.locator("#next-step button[type=submit]").click()
    assert answer.value.status == 409
    expect(page.locator("#refusal")).to_have_text("现在不能进行“决议公开”：下一步应为“村两委会议商议”。")
    expect(page.locator("li.procedure-step.is-next")).to_contain_text("村两委会议商议")
    check_accessibility(page, "a step refused")
    _fits(page)
    shot(page, "consultation-village-1-refused")
    topic.refresh_from_db()
    assert topic.next_position == 2 and not topic.steps.filter(step__code="publish").exists()

    # 2. 村两委会议商议, from the page as it came back.
    _record_step(page, "村两委会议商议", "两委联席会议商议：每人筹资 20 元，申请以奖代补", participants="村两委成员")
    shot(page, "consultation-village-2-discussed")

    # 3. 党员大会审议: a vote of the branch's full members (the probationary member has no vote).
    expect(page.locator("li.procedure-step.is-next")).to_contain_text("党员大会审议")
    _vote_at(page, "石桥村党支部党员大会", "党员大会审议机耕路硬化", absent="卫春生", present=7, yes=7, shots="3-party")
    review = page.locator("li.procedure-step.is-done", has_text="党员大会审议")
    expect(review).to_contain_text("同意 7 票")
    expect(review).to_contain_text("党员大会审议机耕路硬化")

    # 4. 村民代表会议决议: two thirds of the representatives present.
    expect(page.locator("li.procedure-step.is-next")).to_contain_text("村民代表会议决议")
    _vote_at(page, "石桥村村民代表会议", "代表会议决议机耕路硬化", absent="何春花", present=8, yes=8, shots="4-reps")
    expect(page.locator(".topic-head-state")).to_contain_text("已决定")

    # 5. 决议公开.
    expect(page.locator("li.procedure-step.is-next")).to_contain_text("决议公开")
    page.locator("#next-step button[type=submit]").click()
    expect(page.locator("#publicity")).to_contain_text("还剩 6 天")
    _fits(page)
    shot(page, "consultation-village-5-published")
    topic.refresh_from_db()
    assert topic.state == TopicState.DECIDED and topic.publicity_ends is not None

    # 6. 实施结果公开: after the publicity period, the work done and reported.
    with time_machine.travel(topic.publicity_ends + datetime.timedelta(days=1), tick=True):
        page.goto(f"{base}/councils/topics/{topic.pk}/")
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        page.fill("#id_username", "village_secretary")
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        expect(page).to_have_url(f"{base}/councils/topics/{topic.pk}/")
        tasks = page.locator("#tasks")
        tasks.locator("#id_task-title").fill("硬化机耕路 800 米")
        tasks.locator("#id_task-owner_name").fill("村委会 王大山")
        tasks.locator("#id_task-due_on").fill(f"{datetime.date.today() + datetime.timedelta(days=30):%Y-%m-%d}")
        tasks.locator(".task-add button[type=submit]").click()
        expect(page.locator(".flash")).to_contain_text("硬化机耕路 800 米")
        task = page.locator("#tasks li.task")
        task.locator(".task-report summary").click()
        task.locator("input[name=progress]").fill("100")
        task.locator("textarea[name=note]").fill("800 米水泥路已浇筑养护完毕，镇农办验收合格")
        task.locator(".task-report button[type=submit]").click()
        expect(page.locator(".flash")).to_contain_text("已完成")
        expect(page.locator("ol.procedure > li.is-done")).to_have_count(6)
        expect(page.locator(".topic-head-state")).to_contain_text("已实施")
        check_accessibility(page, "the village topic carried out")
        _fits(page)
        shot(page, "consultation-village-6-done")

        # Made public: the village's decisions page shows the outcome to anyone.
        public = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
        public.goto(f"{base}/public/decisions/?community={village.pk}")
        expect(public.locator(f"#topic-{topic.pk}")).to_contain_text("镇农办验收合格")
        _fits(public)
        shot(public, "consultation-village-7-public")
        public.context.close()
    topic.refresh_from_db()
    assert topic.state == TopicState.DONE
    assert [s.step.code for s in topic.steps.filter(voided_at__isnull=True).order_by("position")] == [
        "propose",
        "discuss",
        "review",
        "resolve",
        "publish",
        "carry_out",
    ]
    context.close()
