"""At 390 px nothing scrolls sideways: the pairing visit form and the printable dues statement."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import PHONE, shot
from tests.browser.test_roles import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

WIDTH = "() => document.documentElement.scrollWidth"


def test_visit_form_and_dues_statement_fit_a_phone(live_server: Any, demo: None, page: Page) -> None:
    from tongxin.partylife.dues.queries import dues_members_visible_to
    from tongxin.platform.access.models import User
    from tongxin.platform.access.scope import visible_to
    from tongxin.volunteering.pairing.models import Pairing

    secretary = User.objects.get(username="secretary")

    base = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, base, "secretary")
    pairing = visible_to(Pairing.objects.filter(closed_on__isnull=True), secretary).order_by("pk").first()
    assert pairing is not None
    page.goto(f"{base}/pairing/pairings/{pairing.pk}/visit/")
    assert page.locator("form.pairing-visit").is_visible()
    shot(page, "pairing-visit-phone")
    assert page.evaluate(WIDTH) <= PHONE["width"]

    members = dues_members_visible_to(secretary).filter(dues_bases__isnull=False)
    member_id = members.order_by("pk").values_list("pk", flat=True).first()
    assert member_id is not None
    page.goto(f"{base}/dues/members/{member_id}/statement/")
    assert page.locator("table.dues-statement").is_visible()
    shot(page, "dues-statement-phone")
    assert page.evaluate(WIDTH) <= PHONE["width"]
