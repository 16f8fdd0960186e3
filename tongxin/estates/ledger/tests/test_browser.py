"""Issue 17's "Done when": an owner without an account reads the estate's public ledger on a
390 px phone and asks about an entry; the committee (community staff signed in) answers; the
owner sees the answer under the entry on the public page."""

from __future__ import annotations

import datetime
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

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-c17d")]


def _world() -> Any:
    """甲社区 with the secretary, and 和平小区 without a property company: its committee, and
    last month's ledger (parking, advertising, cleaning, greening, a repair with its receipt)
    approved and published."""
    from django.utils import timezone

    from conftest import _make_user
    from tongxin.estates.ledger import services
    from tongxin.estates.ledger.tests.support import category, committee, estate, staff
    from tongxin.grid.cases.photos import photos_process
    from tongxin.grid.cases.tests.photo_files import jpeg, upload
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    community = area(
        area(area(None, Level.DISTRICT, "示范区"), Level.SUBDISTRICT, "湖东街道"), Level.COMMUNITY, "甲社区"
    )
    _make_user("secretary", "community", community.pk, first_name="刘书记")
    e = estate(community, "和平小区")
    c = committee(e, members=5)
    last = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    lines = [
        ("parking", 5, "地面停车管理费", "3450.00", False),
        ("advertising", 8, "电梯广告位收益", "800.00", False),
        ("cleaning", 10, "保洁员工资（2人）", "2400.00", False),
        ("greening", 15, "绿化养护", "600.00", False),
        ("repairs", 18, "更换3号楼单元门禁锁", "680.00", True),
    ]
    entries = {}
    for code, day, text, amount, photo in lines:
        photos = photos_process([upload("receipt.jpg", jpeg((640, 480)))]) if photo else []
        entry = services.entry_save(
            actor=staff(), estate=e, category=category(e, code), occurred_on=last.replace(day=day),
            amount=amount, description=text, photos=photos,
        )  # fmt: skip
        entries[code] = services.entry_approve(actor=staff(), entry=entry, member=c.members.order_by("id")[0])
    services.month_publish(actor=staff(), estate=e, month=last)
    return e, entries["repairs"]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_an_owner_asks_about_an_entry_and_reads_the_committees_answer(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    from tongxin.estates.ledger.models import Question

    estate, repair = _world()
    base = live_server.url

    owner = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = owner.new_page()
    page.goto(f"{base}/public/community/{estate.community_id}/")
    page.locator("#part-ledger\\.estates").get_by_role("link", name="和平小区").click()
    expect(page.locator("h1")).to_have_text("和平小区")
    expect(page.locator("#income")).to_have_text("¥4,250.00")
    expect(page.locator("#expense")).to_have_text("¥3,680.00")
    expect(page.locator("#closing")).to_have_text("¥570.00")
    card = page.locator(f"#entry-{repair.pk}")
    expect(card).to_contain_text("更换3号楼单元门禁锁")
    expect(card.locator(".receipts img")).to_have_count(1)
    assert card.locator(".receipts img").evaluate("img => img.complete && img.naturalWidth > 0")
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.ledger-public')).fontSize)")
    assert font >= 18, font
    _fits(page)
    shot(page, "ledger-1-public")
    check_accessibility(page, "public ledger")

    card.get_by_role("link", name="对这笔提问").click()
    page.get_by_label("您的姓名或门牌号").fill("5号楼2单元402")
    page.get_by_label("您的问题").fill("门禁锁换的是哪个单元？有几把？")
    page.get_by_label("电话（选填）").fill("13912345678")
    _fits(page)
    shot(page, "ledger-2-ask")
    check_accessibility(page, "ask")
    page.get_by_role("button", name="提交问题").click()
    expect(page.locator(".flash")).to_contain_text("您的问题已转给业委会")
    question = Question.objects.get()
    assert question.entry_id == repair.pk and question.phone_masked == "139****5678"
    assert "13912345678" not in page.content()
    owner.close()

    staff = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = staff.new_page()
    sign_in(page, base, "secretary")
    item = page.locator('[data-item="ledger.questions"]')
    expect(item).to_contain_text("1")
    page.goto(f"{base}/estates/ledger/questions/")
    row = page.locator(f'[data-question="{question.pk}"]')
    expect(row).to_contain_text("门禁锁换的是哪个单元")
    row.get_by_label("业委会的答复").fill("换的是3号楼1、2单元各一把，共两把，票据已上传。")
    _fits(page)
    shot(page, "ledger-3-answer")
    row.get_by_role("button", name="回复").click()
    expect(page.locator(".flash")).to_contain_text("答复已保存")
    # The estate's page and its ledger, as the office keeps them.
    page.goto(f"{base}/estates/{estate.pk}/")
    expect(page.locator("#members > li")).to_have_count(5)
    assert "13800138000" not in page.content()
    _fits(page)
    shot(page, "ledger-5-estate")
    page.get_by_role("link", name="收支台账").first.click()
    expect(page.locator("#month")).to_contain_text("已公布")
    _fits(page)
    shot(page, "ledger-6-staff-ledger")
    staff.close()

    owner = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = owner.new_page()
    page.goto(f"{base}/public/estates/{estate.pk}/ledger/")
    card = page.locator(f"#entry-{repair.pk}")
    expect(card.locator(".qa")).to_contain_text("门禁锁换的是哪个单元")
    expect(card.locator(".qa .answer")).to_contain_text("共两把")
    assert "13912345678" not in page.content() and "139****5678" not in page.content()
    _fits(page)
    shot(page, "ledger-4-answered")
    owner.close()
