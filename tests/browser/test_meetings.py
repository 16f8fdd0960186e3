"""A branch secretary records this quarter's general meeting; the compliance matrix turns green."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, shot
from tests.browser.test_roles import sign_in
from tongxin.grid.cases.tests.photo_files import jpeg

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def test_branch_secretary_records_the_general_meeting(live_server: Any, demo: None, page: Page, tmp_path: Any) -> None:
    from tongxin.partylife.meetings.models import Meeting, MeetingKind
    from tongxin.platform.access.models import User
    from tongxin.platform.calendar import SHANGHAI

    base = live_server.url
    branch_id = User.objects.get(username="branch").roles.get().node_id
    now = datetime.datetime.now(SHANGHAI)
    quarter = _quarter_start(now.date())
    # The branch has not held this quarter's general meeting yet.
    Meeting.objects.filter(
        org_id=branch_id,
        kind=MeetingKind.GENERAL,
        starts_at__gte=datetime.datetime.combine(quarter, datetime.time(), SHANGHAI),
    ).delete()
    photo = tmp_path / "meeting.jpg"
    photo.write_bytes(jpeg((1600, 1200)))
    cell = f"tr[data-org='{branch_id}'][data-kind='general'] td[data-start='{quarter:%Y-%m-%d}']"

    page.set_viewport_size(DESKTOP)
    sign_in(page, base, "branch")
    page.goto(f"{base}/meetings/compliance/?node={branch_id}")
    expect(page.locator(cell)).to_have_class(re.compile(r"cell-(due|missed)"))
    shot(page, "compliance-before-desktop")

    # On a phone, after the meeting: kind, time, topics, everyone present but one excused, a photo.
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/meetings/new/?org={branch_id}&kind=general")
    check_accessibility(page, "meeting form")
    # An hour ago, or just after midnight when the day has only begun: it has taken place.
    began = max(now - datetime.timedelta(hours=1), now.replace(hour=0, minute=1, second=0, microsecond=0))
    page.fill("#id_starts_at", began.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_place", "党群服务中心二楼会议室")
    page.fill("#id_host", "刘支书")
    page.fill("#id_recorder", "赵党员")
    page.fill("#id_topics", "学习贯彻党的二十届四中全会精神；讨论第四季度为民办实事项目")
    page.check("#id_takes_vote")  # it votes on the projects
    page.click("[data-all-present]")
    first_absent = page.locator("ul.roster li").nth(0)
    first_absent.locator("input[value=excused]").check()
    first_absent.locator("input[type=text]").fill("出差")
    page.set_input_files("#id_files", str(photo))
    shot(page, "meeting-form-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.click(".bottom-bar button[type=submit]")
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    expect(page.locator(".quorum h2")).to_contain_text("✓")
    check_accessibility(page, "meeting detail")
    shot(page, "meeting-detail-phone")
    meeting = Meeting.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert meeting.files.count() == 1
    assert meeting.attendances.filter(status="excused", reason="出差").count() == 1
    assert meeting.attendances.filter(status="present").count() == meeting.attendances.count() - 1

    # The quarter is now held.
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base}/meetings/compliance/?node={branch_id}")
    expect(page.locator(cell)).to_have_class("cell-done")
    expect(page.locator(cell)).to_contain_text("✓")
    check_accessibility(page, "compliance after")
    shot(page, "compliance-after-desktop")


PARTY_PAGES = [
    ("/me/", "my-party-life"),
    ("/development/", "development-pipeline"),
    ("/transfers/", "transfers"),
    ("/transfers/floating/", "floating-members"),
    ("/inservice/", "reporting-in"),
    ("/inservice/needy/", "needy-members"),
    ("/dues/", "dues"),
    ("/points/", "points-ranking"),
    ("/points/posts/", "posts"),
]


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_branch_year_pages_read_well(live_server: Any, demo: None, page: Page, viewport: str) -> None:
    """Every page of the branch's year: accessible, in Chinese, no sideways scrolling on a phone."""
    base = live_server.url
    page.set_viewport_size(PHONE if viewport == "phone" else DESKTOP)
    sign_in(page, base, "branch")
    for path, name in PARTY_PAGES:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        check_accessibility(page, path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        # Chinese throughout: the headline carries Chinese characters.
        assert re.search(r"[\u4e00-\u9fff]", page.locator("h1").first.inner_text()), path
        shot(page, f"{name}-{viewport}")
    # The member's own page, for the member.
    page.context.clear_cookies()
    sign_in(page, base, "member")
    page.goto(f"{base}/me/")
    expect(page.locator("#life-h")).to_be_visible()
    check_accessibility(page, "member own page")
    shot(page, f"member-own-party-year-{viewport}")
