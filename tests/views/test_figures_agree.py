"""One figure, one number: the pages that show the same figure agree (issue 12).

Each test builds a small world in which the old, separate definitions gave different numbers
and reads the figure off every page that shows it.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tongxin.grid.cases import services as case_services
from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.partylife.dues.services import dues_base_set, dues_payment_record
from tongxin.registry.areas.models import Household

D = Decimal
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _soup(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def _number(text: str) -> str:
    return re.sub(r"[^\d.]", "", text)


def _home_figure(client, url_name):
    """The value of the home page's card that links to `url_name`."""
    page = _soup(client, reverse("home"))
    card = page.select_one(f'a.card.figure[href^="{reverse(url_name)}"]')
    assert card is not None, url_name
    return _number(card.select_one(".value").get_text())


def _count(page):
    return _number(page.select_one(".result-count").get_text())


def test_dues_owed_is_the_same_on_me_and_on_my_dues_page(client, world, party_member, org_secretary):
    """Owed from last year stays owed: both pages count every month due up to this one."""
    with time_machine.travel(datetime.datetime(2025, 3, 15, 10, 0, tzinfo=SHANGHAI), tick=False):
        member = world.member1
        member.joined_on = datetime.date(2024, 1, 5)
        member.save()
        dues_base_set(actor=org_secretary, member=member, month=202401, kind="employed", monthly_income=D("4500.00"))
        for month in range(202401, 202411):  # 2024: November and December not paid
            dues_payment_record(
                actor=org_secretary, member=member, month=month, amount=D("45.00"), paid_on=datetime.date(2025, 1, 2)
            )
        dues_payment_record(
            actor=org_secretary, member=member, month=202501, amount=D("45.00"), paid_on=datetime.date(2025, 1, 2)
        )
        client.force_login(party_member)
        me = _soup(client, reverse("me"))
        card = me.select_one(f'a.card.figure[href="{reverse("dues:member", args=[member.pk])}"] .value')
        mine = _soup(client, reverse("dues:mine"))
        owed = mine.select_one(".facts .dues-owed")
    # Owed: November, December 2024, February and March 2025 = 4 × 45.00.
    assert card.get_text(strip=True) == "¥180.00"
    assert owed.get_text(strip=True) == "¥180.00"


def test_overdue_tab_counts_the_rows_badged_overdue(client, world, secretary, grid_worker):
    category = CaseCategory.objects.create(code="t_leak", name_zh="漏水")
    long_ago = timezone.now() - datetime.timedelta(days=60)

    def case(state):
        c = case_services.case_report(
            actor=grid_worker, category=category, description="漏水", area=world.building1, at=long_ago
        )
        Case.objects.filter(pk=c.pk).update(state=state)
        return c

    case("accepted")  # late: overdue
    case("in_progress")  # late: overdue
    case("returned")  # waiting for the reporter: the deadline clock does not run
    case("resolved")  # done, waiting for verification
    case_services.case_report(actor=grid_worker, category=category, description="新", area=world.building1)
    client.force_login(secretary)
    page = _soup(client, reverse("cases:list") + "?queue=open")
    tab = page.select_one('nav.tabs a[href="?queue=overdue"] .count').get_text(strip=True)
    badged = [row for row in page.select("table tbody tr") if row.select(".status-overdue")]
    overdue_page = _soup(client, reverse("cases:list") + "?queue=overdue")
    assert int(tab) == len(badged) == len(overdue_page.select("table tbody tr")) == 2


def test_party_members_on_home_and_on_the_list(client, world, secretary):
    world.member2.left_on = datetime.date(2025, 1, 1)  # transferred out of the system
    world.member2.save()
    client.force_login(secretary)
    home = _home_figure(client, "members:list")
    listed = _count(_soup(client, reverse("members:list")))
    assert home == listed == "1"


def test_households_on_home_and_on_the_service_figures(client, world, secretary):
    Household.objects.create(area=world.building1, grid=world.grid1, number="102", kind=Household.Kind.VACANT)
    client.force_login(secretary)
    home = _home_figure(client, "households:list")
    report = _soup(client, reverse("reports:service"))
    figure = report.select_one('[data-figure="visits.households"] .value').get_text(strip=True)
    # 甲: 101 and 201 are lived in; 102 stands empty.
    assert home == _number(figure) == "2"
    # The home figure opens the rows behind it: the same households.
    card = _soup(client, reverse("home")).select_one(f'a.card.figure[href^="{reverse("households:list")}"]')
    assert _count(_soup(client, card["href"])) == "2"
