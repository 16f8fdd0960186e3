"""Checks of the seeded demo's ledger (collected by tongxin/interfaces/demo/tests/test_seed_demo.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from tongxin.estates.ledger.models import Entry, Month, Question
from tongxin.estates.ledger.queries import month_summaries
from tongxin.estates.ledger.services import next_month
from tongxin.registry.areas.models import Estate


def _estate() -> Estate:
    return Estate.objects.get(pk=Entry.objects.values("estate_id").order_by("id")[:1])


def test_a_year_of_ledger_published_up_to_last_month() -> None:
    estate = _estate()
    assert not estate.has_property_company
    months = list(Month.objects.filter(estate=estate).order_by("month").values_list("month", flat=True))
    assert len(months) == 12
    this_month = next_month(months[-1])
    # Every month before this one is published, in a row; this month's entries wait for approval.
    assert all(next_month(a) == b for a, b in zip(months, months[1:], strict=False))
    assert not Entry.objects.filter(estate=estate, occurred_on__lt=this_month, status="draft").exists()
    assert not Entry.objects.filter(estate=estate, occurred_on__gte=this_month, status="approved").exists()
    codes = set(Entry.objects.filter(estate=estate).values_list("category__code", flat=True))
    assert {"parking", "advertising", "cleaning", "greening", "repairs"} <= codes
    assert Entry.objects.filter(estate=estate, receipts__isnull=False).exists()


def test_the_correcting_entry_takes_back_the_overstated_repair() -> None:
    fix = Entry.objects.get(corrects__isnull=False)
    assert fix.amount == Decimal("-300.00") and fix.corrects.amount == Decimal("1800.00")
    assert fix.status == "approved" and fix.corrects.category_id == fix.category_id
    assert fix.occurred_on >= next_month(fix.corrects.occurred_on.replace(day=1))


def test_balances_run_from_month_to_month() -> None:
    estate = _estate()
    months = list(Month.objects.filter(estate=estate).order_by("month").values_list("month", flat=True))
    summaries = month_summaries(estate, months)
    for before, after in zip(summaries, summaries[1:], strict=False):
        assert after.opening == before.closing
    assert summaries[0].opening == 0 and summaries[-1].closing > 0
    assert all(s.income > 0 and s.expense > 0 for s in summaries)


def test_two_owners_questions_one_answered() -> None:
    questions = list(Question.objects.order_by("id"))
    assert len(questions) == 2
    assert [bool(q.answered_at) for q in questions] == [True, False]
    assert questions[0].phone_enc and "13912345678" not in questions[0].phone_enc
    published = Month.objects.filter(estate=_estate()).values_list("month", flat=True)
    assert all(q.entry.occurred_on.replace(day=1) in set(published) for q in questions)
    assert isinstance(questions[0].created_at, datetime.datetime)
