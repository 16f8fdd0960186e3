"""The ledgers' figures against a hand-made set whose answers are worked out by hand below."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from tongxin.estates.ledger import services
from tongxin.estates.ledger.models import Question
from tongxin.estates.ledger.tests.support import approved, committee, draft, estate, staff
from tongxin.platform.access.scope import Scope
from tongxin.platform.web.indicators import INDICATORS, Ratio


def test_income_expense_and_answered_questions_by_hand(world):
    today = timezone.localdate()
    start = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)  # last month
    end = today
    a = estate(world.community, "甲一小区")
    ca = committee(a)
    b = estate(world.other_community, "乙一小区")
    cb = committee(b)
    # Community 甲: income 1000 + 250.50 = 1250.50; expense 300, less a 40 correction = 260.
    approved(a, ca, "parking", "1000", start.replace(day=3))
    approved(a, ca, "advertising", "250.50", start.replace(day=4))
    repair = approved(a, ca, "repairs", "300", start.replace(day=5))
    fix = services.entry_correct(actor=staff(), entry=repair, amount="-40", description="多记")
    services.entry_approve(actor=staff(), entry=fix, member=ca.members.all()[0])
    draft(a, "parking", "5000", today)  # a draft counts for nothing
    # Before the period: counts for nothing.
    approved(a, ca, "parking", "777", start - datetime.timedelta(days=1))
    services.month_publish(actor=staff(), estate=a, month=(start - datetime.timedelta(days=1)).replace(day=1))
    # Community 乙: income 90, expense 0.
    approved(b, cb, "parking", "90", start.replace(day=9))
    services.month_publish(actor=staff(), estate=a, month=start)
    services.month_publish(actor=staff(), estate=b, month=start)
    entry = a.ledger_entries.get(amount=Decimal("1000"))
    q1 = services.question_ask(entry=entry, asker="1", text="?")
    services.question_ask(entry=entry, asker="2", text="?")
    services.question_answer(actor=staff(), question=q1, answer="答")
    old = services.question_ask(entry=entry, asker="3", text="?")
    Question.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=90))

    income = INDICATORS["ledger.income"].compute(world.subdistrict, start, end)
    expense = INDICATORS["ledger.expense"].compute(world.subdistrict, start, end)
    answered = INDICATORS["ledger.questions_answered"].compute(world.subdistrict, start, end)
    assert income.under(world.community.path) == Decimal("1250.50")
    assert income.under(world.other_community.path) == Decimal("90.00")
    assert income.total() == Decimal("1340.50")
    assert expense.under(world.community.path) == Decimal("260.00")
    assert expense.under(world.other_community.path) == Decimal("0.00")
    assert answered.under(world.community.path) == Ratio(1, 2)
    assert answered.total().percent == Decimal("50.0")
    only_a = INDICATORS["ledger.income"].compute(world.community, start, end)
    assert only_a.total() == Decimal("1250.50")


def test_who_reads_the_figures():
    may_read = INDICATORS["ledger.income"].may_read
    assert may_read(Scope(user_id=1, roles={"community"}))
    assert may_read(Scope(user_id=1, roles={"subdistrict"}))
    assert may_read(Scope(user_id=1, is_admin=True))
    assert not may_read(Scope(user_id=1, roles={"grid_worker"}))
    assert not may_read(Scope(user_id=None))
