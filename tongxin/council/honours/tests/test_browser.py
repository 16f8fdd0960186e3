"""The honours loop on a phone, through the pages only: a resident nominates a family on the
community's public page (no account); the secretary accepts it and publishes the nominees; once
the week of publicity is over the secretary confers the award and the family is on the
community's public board — read on a phone and on a lobby screen, with the wall's photos shown
only where the person consented."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.conftest import (  # noqa: F401  (fixtures used by name)
    PHONE,
    browser_context_args,
    browser_type_launch_args,
    check_accessibility,
    shot,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "Tongxin#2026"
LOBBY: ViewportSize = {"width": 1920, "height": 1080}


def _world() -> Any:
    """甲社区 with 12号楼, its secretary, an open award and two wall entries with photos."""
    from conftest import _make_user
    from tongxin.council.honours.demo import _photo
    from tongxin.council.honours.services import award_create, deed_create
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    community = area(
        area(area(None, Level.DISTRICT, "示范区"), Level.SUBDISTRICT, "湖东街道"), Level.COMMUNITY, "甲社区"
    )
    area(area(community, Level.GRID, "第一网格"), Level.BUILDING, "12号楼")
    secretary = _make_user("secretary", "community", community.pk, first_name="刘书记")
    from django.utils import timezone

    award = award_create(
        actor=secretary, area=community, name="十佳孝老爱亲和谐家庭", nominee_kind="household", places=10,
        year=timezone.localdate().year, description="表彰孝敬老人、家庭和睦、邻里互助的家庭。",
    )  # fmt: skip
    day = timezone.localdate() - datetime.timedelta(days=5)
    deed_create(
        actor=secretary, area=community, board="volunteers", title="义务理发十年", person_name="王师傅",
        story="每月第一个周六在社区服务站为老人义务理发，十年没有间断。", happened_on=day,
        photo=_photo(0), photo_consent=True,
    )  # fmt: skip
    deed_create(
        actor=secretary, area=community, board="deeds", title="拾金不昧还失主", person_name="李阿姨",
        story="在小区门口捡到装有现金和证件的钱包，第一时间交到社区。", happened_on=day,
        photo=_photo(1), photo_consent=False,
    )  # fmt: skip
    return community, award


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def _sign_in(page: Page, base: str) -> None:
    page.fill("#id_username", "secretary")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def test_a_family_nominated_on_the_public_page_ends_on_the_board(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    import time_machine

    from tongxin.council.honours.models import Award, Nomination

    community, award = _world()
    base = live_server.url
    resident = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = resident.new_page()

    # 1. A resident, without an account, nominates the 张 family of 12号楼 on a phone.
    page.goto(f"{base}/public/honours/{community.pk}/")
    page.click("text=推荐参评")
    expect(page.locator("h1")).to_contain_text("十佳孝老爱亲和谐家庭")
    page.fill("#id_nominee", "张")
    page.select_option("#id_building", label="第一网格 · 12号楼")
    page.fill("#id_address_note", "501")
    page.fill("#id_reason", "张大姐照顾瘫痪在床的婆婆十二年，端水喂饭从无怨言，一家人和和睦睦。")
    page.fill("#id_name", "李阿姨")
    page.fill("#id_phone", "13812345678")
    check_accessibility(page, "public nomination")
    _fits(page)
    shot(page, "honours-1-public-nominate-phone")
    page.click("form .bottom-bar button[type=submit]")
    expect(page).to_have_url(f"{base}/public/honours/{community.pk}/")
    expect(page.locator(".flash, .messages").first).to_contain_text("推荐已收到")
    nomination = Nomination.objects.get()
    assert (nomination.display_name, nomination.source, nomination.address_note) == ("张家", "public", "501")
    resident.close()

    # 2. The secretary, on a phone, accepts the nomination and publishes the nominees.
    office = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = office.new_page()
    page.goto(f"{base}/accounts/login/")
    _sign_in(page, base)
    expect(page).to_have_url(f"{base}/")
    item = page.locator("li.wb-item[data-item='honours.review']")
    expect(item.locator(".wb-count")).to_have_text("1")
    item.locator(".wb-row a").first.click()
    expect(page).to_have_url(re.compile(rf"/honours/{award.pk}/#nomination-{nomination.pk}$"))
    card = page.locator(f"#nomination-{nomination.pk}")
    expect(card).to_contain_text("张家")
    expect(card).to_contain_text("501")  # the office sees where they live; the public never does
    assert "13812345678" not in page.content()
    _fits(page)
    shot(page, "honours-2-review-phone")
    card.locator("button[value=accept]").click()
    expect(page.locator(f"#nomination-{nomination.pk} .status")).to_contain_text("已通过")
    page.click(".honours-next button[type=submit]")
    expect(page.locator(".flash, .messages").first).to_contain_text("公示")
    check_accessibility(page, "award in publicity")
    shot(page, "honours-3-publicity-phone")
    award.refresh_from_db()
    assert award.state == "publicity" and award.publicity_ends is not None

    # 3. During publicity the board shows the nominee as in publicity.
    page.goto(f"{base}/public/boards/{community.pk}/")
    expect(page.locator("#board-honours .honour-card")).to_contain_text("公示中")
    expect(page.locator("#board-honours .winners")).to_have_text(re.compile(r"^\s*张家\s*$"))

    # 4. Eight days later the publicity is over: the secretary confers the award.
    with time_machine.travel(award.publicity_ends + datetime.timedelta(days=1), tick=True):
        page.goto(f"{base}/honours/{award.pk}/")
        if "/accounts/login/" in page.url:
            _sign_in(page, base)
        expect(page.locator(".honours-next")).to_contain_text("公示期已满")
        page.click(".honours-next button[type=submit]")
        expect(page.locator(".flash, .messages").first).to_contain_text("已表彰")
        shot(page, "honours-4-awarded-phone")
        assert Award.objects.get(pk=award.pk).state == "awarded"

        # 5. The public board, no account: the winners, never a number; photos only with consent.
        anyone = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
        board = anyone.new_page()
        board.goto(f"{base}/public/boards/{community.pk}/")
        honours = board.locator("#board-honours")
        expect(honours.locator(".honour-card h3")).to_contain_text("十佳孝老爱亲和谐家庭")
        expect(honours.locator(".winners li")).to_have_text(re.compile("张家"))
        assert "501" not in honours.inner_text() and "13812345678" not in board.content()
        deeds = board.locator("#board-deeds")
        expect(deeds.locator(".deed-card", has_text="义务理发十年").locator("img.deed-thumb")).to_have_count(1)
        expect(deeds.locator(".deed-card", has_text="拾金不昧还失主")).to_be_visible()
        expect(deeds.locator(".deed-card", has_text="拾金不昧还失主").locator("img")).to_have_count(0)
        board.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
        check_accessibility(board, "public board")
        _fits(board)
        shot(board, "honours-5-board-phone")
        anyone.close()

        lobby = browser.new_context(viewport=LOBBY, locale="zh-CN", timezone_id="Asia/Shanghai")
        screen = lobby.new_page()
        screen.goto(f"{base}/public/boards/{community.pk}/")
        size = screen.eval_on_selector("#board-honours .winners li", "e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 24, size  # large type for a lobby screen
        shot(screen, "honours-6-board-lobby")
        lobby.close()
    office.close()
