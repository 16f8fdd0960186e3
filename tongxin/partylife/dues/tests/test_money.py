"""Money on the dues pages: every amount as ¥1,234.50, never a raw decimal (issue 12)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.urls import reverse

from tongxin.partylife.dues.services import dues_base_set, dues_payment_record
from tongxin.platform.core.money import format_yuan

D = Decimal
YUAN = re.compile(r"^-?¥\d{1,3}(,\d{3})*\.\d{2}$")
# A number with three or more decimals anywhere in the text: 18898.80000000000000.
RAW = re.compile(r"\d+\.\d{3,}")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("18898.80000000000000"), "¥18,898.80"),
        (D("1234.5"), "¥1,234.50"),
        (D("0.2"), "¥0.20"),
        (D("0.005"), "¥0.01"),  # half up, as the dues brackets round
        (D("-45"), "-¥45.00"),
        (0, "¥0.00"),
        (None, ""),
        ("abc", ""),
    ],
)
def test_format_yuan(value, text):
    assert format_yuan(value) == text
    assert Template("{% load money %}{{ v|yuan }}").render(Context({"v": value})) == text


@pytest.fixture
def rich_ledger(ledger, org_secretary):
    """member1 of the ledger moves to 92,345.67 a month from 2025-05: 2 % → 1,846.91 a month, so
    sums pass a thousand; a student member of branch 1 pays the flat 0.20 a month."""
    dues_base_set(
        actor=org_secretary, member=ledger.member1, month=202505, kind="employed", monthly_income=D("92345.67")
    )
    dues_payment_record(
        actor=org_secretary,
        member=ledger.member1,
        month=202505,
        amount=D("1846.91"),
        paid_on=datetime.date(2025, 6, 2),
    )
    return ledger


def _amount_texts(page: BeautifulSoup) -> list[str]:
    """The text of every amount cell of the dues tables and summaries."""
    cells = page.select(".dues-table td.num, .dues-table tfoot .num, .facts dd.num, .dues-a")
    texts = []
    for cell in cells:
        text = cell.get_text(" ", strip=True).replace("✓", "").strip()
        # Counts of members and rates (1.5%) share the tables; amounts are the other cells
        # with a decimal point.
        if "." in text and not text.endswith("%"):
            texts.append(text.split(" · ")[0])
    return texts


@pytest.mark.parametrize(
    ("name", "who"),
    [("overview", "secretary"), ("org", "org_secretary"), ("member", "org_secretary"), ("statement", "org_secretary")],
)
def test_dues_pages_show_money_as_yuan(client, rich_ledger, request, name, who):
    client.force_login(request.getfixturevalue(who))
    args = {
        "overview": [],
        "org": [rich_ledger.branch1.pk],
        "member": [rich_ledger.member1.pk],
        "statement": [rich_ledger.member1.pk],
    }[name]
    response = client.get(reverse(f"dues:{name}", args=args) + "?year=2025")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    text = page.get_text(" ")
    assert not RAW.findall(text)
    amounts = _amount_texts(page)
    assert amounts, "no amounts found"
    assert [a for a in amounts if not YUAN.match(a)] == []
    assert any("," in a for a in amounts), amounts  # thousands are grouped


@pytest.mark.parametrize(("value", "text"), [(D("0.0150"), "1.5%"), (D("0.0200"), "2%"), (D("0.005"), "0.5%")])
def test_percent(value, text):
    assert Template("{% load money %}{{ v|percent }}").render(Context({"v": value})) == text
