"""Issue 16's joint meeting through the pages: a unit contact on a 390 px phone proposes an agenda
item from the unit's portal; the community secretary puts it on the agenda, takes the attendance,
records the meeting with its decision and downloads the minutes."""

from __future__ import annotations

import datetime
import io
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

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-b")]


def _world() -> Any:
    """甲社区 with a resident unit (示范医院) and its contact, the secretary, a big committee of
    three and a joint meeting in 30 days."""
    from django.utils import timezone

    from conftest import _make_user
    from tongxin.cobuilding.committee import services
    from tongxin.cobuilding.committee.tests.support import staff
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level
    from tongxin.registry.cobuild.models import ResidentUnit
    from tongxin.registry.party.models import BranchType, Organization, OrgKind

    def area(parent: Any, level: str, name: str) -> Any:
        return node_insert(Area(parent=parent, level=level, name=name))

    community = area(
        area(area(None, Level.DISTRICT, "示范区"), Level.SUBDISTRICT, "湖东街道"), Level.COMMUNITY, "甲社区"
    )
    org = node_insert(Organization(kind=OrgKind.BRANCH, name="示范医院党支部", branch_type=BranchType.RESIDENT_UNIT))
    assert isinstance(org, Organization)
    unit = ResidentUnit.objects.create(name="示范医院", credit_code="91110000600037341L", area=community, org=org)
    _make_user("secretary", "community", community.pk, first_name="刘书记")
    _make_user("unitc", "unit_contact", org.pk, display_name="陈联络员")
    c = services.committee_create(
        actor=staff(), community=community, name="甲社区大党委", kind="big",
        term_starts_on=datetime.date(2024, 1, 1), term_ends_on=datetime.date(2029, 1, 1),
    )  # fmt: skip
    for name, post, seat_unit, title in (
        ("刘书记", "secretary", None, ""), ("王副书记", "deputy", None, ""), ("陈院长", "member", unit, "院长"),
    ):  # fmt: skip
        services.seat_add(
            actor=staff(), committee=c, name=name, post=post, full_time=seat_unit is None, unit=seat_unit,
            unit_title=title, phone="13812345678",
            starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2029, 1, 1),
        )  # fmt: skip
    starts = (timezone.localtime() + datetime.timedelta(days=30)).replace(hour=14, minute=30, second=0, microsecond=0)
    meeting = services.meeting_plan(
        actor=staff(), committee=c, title="第四季度联席会", starts_at=starts, place="社区党群服务中心"
    )
    return meeting


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_a_unit_proposes_an_item_and_the_secretary_records_the_meeting(
    live_server: Any, transactional_db: Any, browser: Browser
) -> None:
    from tongxin.cobuilding.committee.models import AgendaItem, JointMeeting

    meeting = _world()
    base = live_server.url

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = phone.new_page()
    sign_in(page, base, "unitc")
    page.goto(f"{base}/unit/")
    part = page.locator('[data-part="committee.next_meeting"]')
    expect(part).to_contain_text("第四季度联席会")
    expect(part).to_contain_text("议题征集至")
    _fits(page)
    shot(page, "committee-1-portal")
    part.get_by_role("link", name="提出议题").click()
    page.get_by_label("议题").fill("医院门口早高峰停车拥堵")
    page.get_by_label("描述").fill("建议协调交警在医院门口设置临时停车区，并请社区志愿者引导。")
    _fits(page)
    shot(page, "committee-2-propose")
    check_accessibility(page, "propose")
    page.get_by_role("button", name="提交议题").click()
    expect(page.locator(".flash")).to_contain_text("议题已提交")
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.proposer_unit is not None and item.proposer_unit.name == "示范医院"
    phone.close()

    desk = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True)
    page = desk.new_page()
    sign_in(page, base, "secretary")
    page.goto(f"{base}/cobuilding/meetings/{meeting.pk}/")
    agenda = page.locator(f"#item-{item.pk}")
    expect(agenda).to_contain_text("医院门口早高峰停车拥堵")
    expect(agenda).to_contain_text("示范医院")
    agenda.get_by_role("button", name="列入议程").click()
    expect(page.locator(".flash")).to_contain_text("议题已列入议程")
    _fits(page)
    shot(page, "committee-3-meeting-planned")

    # The day of the meeting.
    JointMeeting.objects.filter(pk=meeting.pk).update(starts_at=meeting.starts_at - datetime.timedelta(days=31))
    page.goto(f"{base}/cobuilding/meetings/{meeting.pk}/attendance/")
    page.get_by_label(re.compile("刘书记")).check()
    page.get_by_label(re.compile("陈院长")).check()
    page.get_by_label("列席人员（每行一个姓名）").fill("交警大队赵警官")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".flash")).to_contain_text("出席情况已保存")

    page.get_by_role("link", name="记录会议").click()
    page.get_by_label("主持人").fill("刘书记")
    page.get_by_label("记录人").fill("王副书记")
    page.get_by_label("讨论情况").fill("交警大队同意在医院东侧设置临时停车区。")
    page.get_by_label("决定").fill("十二月起医院门口早高峰由社区志愿者引导停车")
    _fits(page)
    shot(page, "committee-4-record")
    page.get_by_role("button", name="保存会议记录").click()
    expect(page.locator(".flash")).to_contain_text("会议已记录")
    expect(page.locator(f"#item-{item.pk}")).to_contain_text("已决定")
    expect(page.locator("#attendance")).to_contain_text("交警大队赵警官")
    shot(page, "committee-5-meeting-held")

    with page.expect_download() as info:
        page.locator("#minutes-docx").click()
    from docx import Document

    document = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    for expected in (
        "第四季度联席会会议记录",
        "刘书记",
        "陈院长",
        "王副书记",
        "交警大队赵警官",
        "十二月起医院门口早高峰由社区志愿者引导停车",
    ):
        assert expected in text, expected
    pdf = page.request.get(f"{base}/cobuilding/meetings/{meeting.pk}/minutes.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    desk.close()
