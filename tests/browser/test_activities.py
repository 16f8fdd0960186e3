"""A volunteer signs up for the Friday activity on a phone, checks in and out by the venue QR;
the leader confirms the hours; the volunteer's hours page shows them."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, shot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _world() -> dict[str, Any]:
    """A community with a volunteer team, its Friday activity day, a volunteer with an account
    (no staff role) and the community secretary who runs the service."""
    from tongxin.platform.access.models import RoleAssignment, User
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.areas.models import Area, Level
    from tongxin.volunteering.activities.services import ActivityPlan, activity_create
    from tongxin.volunteering.service.models import Speciality, TeamMembership, Volunteer, VolunteerTeam

    district = node_insert(Area(parent=None, level=Level.DISTRICT, name="示范区"))
    sub = node_insert(Area(parent=district, level=Level.SUBDISTRICT, name="湖东街道"))
    community = node_insert(Area(parent=sub, level=Level.COMMUNITY, name="甲社区"))
    leader = User.objects.create_user(username="b_secretary", password=PASSWORD)
    RoleAssignment.objects.create(user=leader, role="community", node_id=community.pk)
    account = User.objects.create_user(username="b_volunteer", password=PASSWORD)
    volunteer = Volunteer(area=community, user=account, registered_on=datetime.date(2025, 1, 1))
    volunteer.set_name("孙志愿")
    volunteer.save()
    team = VolunteerTeam.objects.create(area=community, name="党员先锋队", speciality=Speciality.OTHER)
    TeamMembership.objects.create(team=team, volunteer=volunteer, joined_on=datetime.date(2025, 1, 1))
    plan = ActivityPlan(
        area=community, title="主题党日活动", place="党群服务中心", start_time=datetime.time(14, 30),
        duration_minutes=150, first_date=datetime.date.today(), teams=[team], capacity=40,
        rrule="FREQ=WEEKLY;BYDAY=FR",
    )  # fmt: skip
    activity = activity_create(actor=leader, plan=plan)
    return {"activity": activity, "volunteer": volunteer}


def _sign_in(page: Page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def test_volunteer_signs_up_checks_in_by_qr_and_sees_confirmed_hours(
    live_server: Any, transactional_db: Any, page: Page
) -> None:
    from django.utils import timezone

    from tongxin.volunteering.activities.models import Occurrence, SignUp
    from tongxin.volunteering.service.models import ServiceHours

    w = _world()
    base = live_server.url
    friday = w["activity"].occurrences.order_by("starts_at").first()

    # The volunteer, on a phone, finds the Friday activity among all coming dates and signs up.
    page.set_viewport_size(PHONE)
    _sign_in(page, base, "b_volunteer", "/activities/?when=all")
    expect(page.locator("#occurrences li").first).to_contain_text("主题党日活动")
    check_accessibility(page, "activity list")
    shot(page, "activities-list-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("#occurrences li").first.get_by_role("link", name=re.compile("报名|Sign up")).click()
    expect(page).to_have_url(re.compile(rf"/activities/o/{friday.pk}/$"))
    page.click("#signup-button")
    expect(page.locator(".my-place")).to_contain_text(re.compile("已报名|Signed up"))
    check_accessibility(page, "activity date")
    shot(page, "activities-signed-up-phone")
    assert SignUp.objects.get(occurrence=friday).state == "seated"

    # The day comes: the test stands in for the clock and moves this date to have begun just now.
    begun = timezone.now() - datetime.timedelta(minutes=10)
    Occurrence.objects.filter(pk=friday.pk).update(
        date=timezone.localdate(begun), starts_at=begun, ends_at=begun + datetime.timedelta(minutes=150)
    )

    # The leader opens the venue QR (desk screen): an inline SVG and the link it encodes.
    leader = page.context.browser.new_page(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
    _sign_in(leader, base, "b_secretary", f"/activities/o/{friday.pk}/qr/")
    qr = leader.locator("#venue-qr")
    expect(qr.locator("svg")).to_be_visible()
    checkin_url = qr.get_attribute("data-checkin-url")
    assert checkin_url and checkin_url.endswith(f"/activities/c/{friday.token}/")
    assert leader.locator("#checkin-link").get_attribute("href") == checkin_url
    check_accessibility(leader, "venue QR")
    shot(leader, "activities-venue-qr")

    # The volunteer "scans" it: the URL opens on the phone, one big button checks in, then out.
    page.goto(checkin_url)
    button = page.locator("#checkin-button")
    expect(button).to_contain_text("签到")
    check_accessibility(page, "check-in")
    shot(page, "activities-checkin-phone")
    button.click()
    expect(page.locator("#checkin-button")).to_contain_text("签退")
    shot(page, "activities-checked-in-phone")
    page.locator("#checkin-button").click()
    expect(page.locator(".checkin-done")).to_be_visible()
    shot(page, "activities-checked-out-phone")
    signup = SignUp.objects.get(occurrence=friday)
    assert signup.checked_in_at and signup.checked_out_at

    # Minutes passed, not hours: the leader enters the hours served in the roll call, then confirms.
    leader.goto(f"{base}/activities/o/{friday.pk}/roll/")
    leader.fill(f"input[name=hours_{signup.pk}]", "2.5")
    check_accessibility(leader, "roll call")
    shot(leader, "activities-rollcall")
    leader.click(".bottom-bar button[type=submit]")
    expect(leader).to_have_url(re.compile(rf"/activities/o/{friday.pk}/$"))
    leader.click("#confirm-all")
    expect(leader.locator("#seated tbody tr").first.locator(".status-closed")).to_contain_text("✓")
    shot(leader, "activities-confirmed")
    hours = ServiceHours.objects.get(source="activity", source_id=signup.pk)
    assert str(hours.hours) == "2.50" and hours.confirmed_at is not None

    # The volunteer's hours page shows them.
    page.goto(f"{base}/service/me/hours/")
    expect(page.locator("main")).to_contain_text("2.5")
    check_accessibility(page, "my hours")
    shot(page, "activities-my-hours-phone")
    page.goto(f"{base}/activities/mine/")
    expect(page.locator("#done, #coming").first).to_be_visible()
    shot(page, "activities-mine-phone")
