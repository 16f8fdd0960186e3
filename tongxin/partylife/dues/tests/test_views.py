"""Dues pages: structure, who may do what, hostile input, and a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.partylife.dues.models import DuesBase, DuesPayment
from tongxin.platform.core.people import pinyin_of
from tongxin.registry.party.models import PartyMember

D = Decimal


def test_org_page_shows_members_by_month_and_totals(client, ledger, org_secretary):
    client.force_login(org_secretary)
    page = soup(client.get(reverse("dues:org", args=[ledger.branch1.pk]) + "?year=2025"), status=200)
    rows = page.select("table.dues-grid tbody tr")
    assert len(rows) == 1
    cells = rows[0].select(".dues-cell")
    assert len(cells) == 12
    assert [c["class"][1] for c in cells[:7]] == [
        "dues-paid",
        "dues-owed",
        "dues-partial",
        "dues-paid",
        "dues-owed",
        "dues-owed",
        "dues-future",
    ]
    owed = rows[0].select_one('td[data-label="欠交"]').get_text(strip=True)
    assert owed == "¥270.00"
    assert "¥270.00" in page.select_one(".dues-summary").get_text()
    assert page.select_one(f'a[href="{reverse("dues:pay", args=[ledger.member1.pk])}"]')


def test_overview_lists_arrears_per_org(client, ledger, secretary):
    client.force_login(secretary)
    page = soup(client.get(reverse("dues:overview") + "?year=2025"), status=200)
    names = [a.get_text() for a in page.select("table.dues-table tbody td:first-child a")]
    assert names == ["第一网格党支部", "第二网格党支部"]
    assert page.select_one("tfoot strong").get_text() == "¥395.00"  # 270 + 125


def test_overview_of_a_future_year_is_empty_not_an_error(client, ledger, secretary):
    client.force_login(secretary)
    page = soup(client.get(reverse("dues:overview") + "?year=2099"), status=200)
    assert page.select_one(".empty")


@pytest.mark.parametrize("year", ["abc", "-1", "99999999999999999999", "2025'--", "1999"])
def test_bad_year_falls_back_to_this_year(client, ledger, secretary, year):
    client.force_login(secretary)
    response = client.get(reverse("dues:org", args=[ledger.branch1.pk]), {"year": year})
    assert response.status_code == 200


def test_member_page_and_statement(client, ledger, party_member):
    client.force_login(party_member)
    page = soup(client.get(reverse("dues:member", args=[ledger.member1.pk]) + "?year=2025"), status=200)
    statement = page.select("table.dues-statement tbody tr")
    assert len(statement) == 12
    assert page.select_one("table.dues-statement tfoot strong").get_text() == "¥270.00"
    # The member reads their own dues but cannot record payments.
    assert not page.select_one(f'a[href="{reverse("dues:pay", args=[ledger.member1.pk])}"]')
    printable = soup(client.get(reverse("dues:statement", args=[ledger.member1.pk]) + "?year=2024"), status=200)
    assert printable.select_one("body.dues-print")
    assert len(printable.select("table.dues-statement tbody tr.dues-paid")) == 10  # Mar–Dec 2024


def test_party_member_lands_on_their_own_dues(client, ledger, party_member):
    client.force_login(party_member)
    target = reverse("dues:member", args=[ledger.member1.pk])
    assert client.get(reverse("dues:overview"))["Location"] == target
    assert client.get(reverse("dues:mine"))["Location"] == target
    # Another member's dues do not exist for them.
    assert client.get(reverse("dues:member", args=[ledger.member2.pk])).status_code == 404


def test_record_a_payment(client, ledger, org_secretary):
    client.force_login(org_secretary)
    url = reverse("dues:pay", args=[ledger.member1.pk])
    form = soup(client.get(url), status=200)
    # Pre-filled with the first month still owing this year, and what it owes.
    assert form.select_one("#id_month")["value"] == "2025-02"
    assert form.select_one("#id_amount")["value"] == "45.00"
    response = client.post(url, {"month": "2025-02", "amount": "45.00", "paid_on": "2025-06-10", "paid_by": "赵妻"})
    assert response.status_code == 302
    payment = DuesPayment.objects.get(member=ledger.member1, month=202502)
    assert (payment.amount, payment.paid_by, payment.recorded_by) == (D("45.00"), "赵妻", org_secretary)


@pytest.mark.parametrize(
    "data,field",
    [
        ({"month": "2025-01"}, "month"),  # already paid: a duplicate
        ({"month": "2024-02"}, "month"),  # before joining
        ({"month": "2025-13"}, "month"),
        ({"month": "2025-02'; DROP TABLE dues_duespayment;--"}, "month"),
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"amount": "Infinity"}, "amount"),
        ({"amount": "1e400"}, "amount"),
        ({"amount": "45.001"}, "amount"),
        ({"amount": "9" * 40}, "amount"),
        ({"amount": "100000.00"}, "amount"),
        ({"amount": "四十五"}, "amount"),
        ({"paid_on": "2099-01-01"}, "paid_on"),
        ({"paid_on": "2025-02-30"}, "paid_on"),
        ({"paid_by": "x" * 51}, "paid_by"),
    ],
)
def test_hostile_payment_input_is_refused_next_to_the_field(client, ledger, org_secretary, data, field):
    client.force_login(org_secretary)
    before = DuesPayment.objects.count()
    post = {"month": "2025-02", "amount": "45.00", "paid_on": "2025-06-10", **data}
    page = soup(client.post(reverse("dues:pay", args=[ledger.member1.pk]), post), status=200)
    error = page.select_one(f"#id_{field}").find_parent(class_="field").select_one(".error")
    assert error is not None and error.get_text(strip=True)
    assert DuesPayment.objects.count() == before


def test_change_the_base(client, ledger, org_secretary):
    client.force_login(org_secretary)
    url = reverse("dues:base", args=[ledger.member1.pk])
    form = soup(client.get(url), status=200)
    assert form.select_one("#id_kind option[selected]")["value"] == "employed"
    response = client.post(url, {"month": "2025-06", "kind": "employed", "monthly_income": "10000.00"})
    assert response.status_code == 302
    assert DuesBase.objects.get(member=ledger.member1, month=202506).amount == D("150.00")
    page = soup(client.post(url, {"month": "2025-06", "kind": "employed", "monthly_income": "NaN"}), status=200)
    assert page.select_one("#id_monthly_income").find_parent(class_="field").select_one(".error")
    page = soup(client.post(url, {"month": "2025-06", "kind": "employed", "monthly_income": ""}), status=200)
    assert page.select_one("#id_monthly_income").find_parent(class_="field").select_one(".error")
    page = soup(client.post(url, {"month": "2025-06", "kind": "rich", "monthly_income": "1"}), status=200)
    assert page.select_one("#id_kind").find_parent(class_="field").select_one(".error")


def test_remove_a_payment(client, ledger, org_secretary):
    client.force_login(org_secretary)
    payment = DuesPayment.objects.get(member=ledger.member1, month=202504)
    url = reverse("dues:payment_remove", args=[ledger.member1.pk, payment.pk])
    client.post(url, {"reason": ""})
    assert DuesPayment.objects.filter(pk=payment.pk).exists()
    client.post(url, {"reason": "记错了"})
    assert not DuesPayment.objects.filter(pk=payment.pk).exists()
    # A payment of another member through this member's URL is not found.
    other = DuesPayment.objects.filter(member=ledger.member2).first()
    url = reverse("dues:payment_remove", args=[ledger.member1.pk, other.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404


def _add_members(world, n: int) -> None:
    members = []
    for i in range(n):
        m = PartyMember(org=world.branch1, name=f"党员{i}", joined_on=datetime.date(2020, 1, 1))
        m.name_pinyin, m.name_initials = pinyin_of(m.name)
        members.append(m)
    PartyMember.objects.bulk_create(members)
    created = list(PartyMember.objects.filter(name__startswith="党员", dues_bases__isnull=True))
    DuesBase.objects.bulk_create(
        DuesBase(member=m, month=202401, kind="employed", monthly_income=D("4000"), rate=D("0.01"), amount=D("40"))
        for m in created
    )
    DuesPayment.objects.bulk_create(
        DuesPayment(member=m, month=month, amount=D("40"), paid_on=datetime.date(2025, 6, 1))
        for m in created
        for month in (202501, 202502, 202503)
    )


@pytest.mark.parametrize("url_name", ["dues:org", "dues:overview"])
def test_pages_cost_a_fixed_number_of_queries(client, ledger, secretary, url_name):
    client.force_login(secretary)
    url = reverse(url_name, args=[ledger.branch1.pk] if url_name == "dues:org" else None) + "?year=2025"
    client.get(url)  # warm up (session, content types)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _add_members(ledger, 3)
    small = count()
    _add_members(ledger, 40)  # still one page (50 a page)
    assert count() == small
