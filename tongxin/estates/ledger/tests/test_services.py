"""The ledger's rules: amounts read with clear messages, approval by a member in office, an
approved entry never changed (service and database), corrections, publication in order."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from tongxin.estates.ledger import services
from tongxin.estates.ledger.models import Entry, Month
from tongxin.estates.ledger.queries import month_summaries, months_ready
from tongxin.estates.ledger.tests.support import approved, category, committee, draft, estate, staff
from tongxin.platform.core.exceptions import DomainError, Forbidden


def last_month() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def months_ago(n: int) -> datetime.date:
    m = timezone.localdate().replace(day=1)
    for _ in range(n):
        m = (m - datetime.timedelta(days=1)).replace(day=1)
    return m


@pytest.mark.parametrize(
    "typed,message",
    [
        ("1,234.50", "commas"),
        ("1，234", "commas"),
        ("-5", "minus"),
        ("12345678.00", "too large"),
        ("99999999999999999999", "too large"),
        ("abc", "number"),
        ("1e5", "number"),
        ("NaN", "number"),
        ("", "amount"),
        ("0", "zero"),
        ("1.234", "fen"),
    ],
)
def test_amounts_typed_by_hand_are_refused_with_a_clear_message(typed, message):
    with translation.override("en"), pytest.raises(DomainError) as exc:
        services.parse_amount(typed)
    assert message in " ".join(exc.value.messages)


def test_amounts_read_to_the_fen():
    assert services.parse_amount(" ¥1234.5 ") == Decimal("1234.50")
    assert services.parse_amount("-20", signed=True) == Decimal("-20.00")


def test_an_entry_takes_its_direction_from_its_category_and_starts_as_a_draft(world):
    e = estate(world.community)
    entry = draft(e, "greening", "800", last_month())
    assert entry.direction == "expense" and entry.status == "draft" and entry.amount == Decimal("800.00")


def test_approval_names_a_member_of_the_committee_in_office(world):
    e = estate(world.community)
    other = estate(world.community, "别的小区")
    c = committee(e)
    foreign = committee(other).members.all()[0]
    entry = draft(e, "parking", "100", last_month())
    with pytest.raises(DomainError):
        services.entry_approve(actor=staff(), entry=entry, member=foreign)
    member = c.members.get(post="chair")
    done = services.entry_approve(actor=staff(), entry=entry, member=member)
    assert done.status == "approved" and done.approved_by == member and done.approved_at is not None
    assert done.approval_recorded_by == staff()


def test_an_approved_entry_is_never_edited_nor_discarded(world):
    e = estate(world.community)
    c = committee(e)
    entry = approved(e, c, "parking", "100", last_month())
    with pytest.raises(DomainError):
        services.entry_save(
            actor=staff(),
            entry=entry,
            category=entry.category,
            occurred_on=entry.occurred_on,
            amount="1",
            description="x",
        )
    with pytest.raises(DomainError):
        services.entry_discard(actor=staff(), entry=entry)
    assert Entry.objects.get(pk=entry.pk).amount == Decimal("100.00")


def test_the_database_refuses_to_update_an_approved_entry(world):
    e = estate(world.community)
    c = committee(e)
    entry = approved(e, c, "parking", "100", last_month())
    with pytest.raises(IntegrityError, match="never changed"), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    assert Entry.objects.get(pk=entry.pk).amount == Decimal("100.00")
    # A draft is still corrected freely.
    d = draft(e, "parking", "50", last_month())
    Entry.objects.filter(pk=d.pk).update(amount=Decimal("60.00"))


def test_a_correcting_entry_references_the_approved_one_and_cannot_take_back_more(world):
    e = estate(world.community)
    c = committee(e)
    entry = approved(e, c, "repairs", "500", last_month())
    with pytest.raises(DomainError):
        services.entry_correct(actor=staff(), entry=entry, amount="-600", description="多退")
    fix = services.entry_correct(actor=staff(), entry=entry, amount="-50", description="多记50元")
    assert fix.corrects == entry and fix.category == entry.category and fix.status == "draft"
    assert fix.amount == Decimal("-50.00") and fix.occurred_on == timezone.localdate()
    with pytest.raises(DomainError):
        services.entry_correct(actor=staff(), entry=fix, amount="-1", description="x")
    services.entry_approve(actor=staff(), entry=fix, member=c.members.all()[0])
    summary = month_summaries(e, [timezone.localdate().replace(day=1)])[0]
    assert summary.expense == Decimal("-50.00")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_months_publish_in_order_once_all_their_entries_are_approved(world):
    e = estate(world.community)
    c = committee(e)
    two, one = months_ago(2), months_ago(1)
    approved(e, c, "parking", "1000", two)
    d = draft(e, "cleaning", "200", two.replace(day=3))
    approved(e, c, "parking", "900", one)
    with pytest.raises(DomainError, match="approval"):
        services.month_publish(actor=staff(), estate=e, month=two)
    with pytest.raises(DomainError, match="earlier"):
        services.month_publish(actor=staff(), estate=e, month=one)
    assert months_ready(staff(), timezone.localdate()) == []
    services.entry_approve(actor=staff(), entry=d, member=c.members.all()[0])
    ready = months_ready(staff(), timezone.localdate())
    assert [(r.estate.pk, r.month) for r in ready] == [(e.pk, two)]
    services.month_publish(actor=staff(), estate=e, month=two)
    services.month_publish(actor=staff(), estate=e, month=one)
    with pytest.raises(DomainError, match="not over"):
        services.month_publish(actor=staff(), estate=e, month=timezone.localdate().replace(day=1))
    assert Month.objects.filter(estate=e).count() == 2
    # A published month is closed: no entry dated in it.
    with pytest.raises(DomainError, match="published"):
        draft(e, "parking", "1", one.replace(day=20))
    first, second = month_summaries(e, [two, one])
    assert (first.opening, first.income, first.expense, first.closing) == (
        Decimal("0"), Decimal("1000.00"), Decimal("200.00"), Decimal("800.00"),
    )  # fmt: skip
    assert (second.opening, second.closing) == (Decimal("800.00"), Decimal("1700.00"))


def test_questions_are_asked_on_published_entries_only_and_keep_the_phone_encrypted(world):
    e = estate(world.community)
    c = committee(e)
    entry = approved(e, c, "parking", "1000", last_month())
    with pytest.raises(DomainError):
        services.question_ask(entry=entry, asker="3-501", text="停车费怎么收的？")
    services.month_publish(actor=staff(), estate=e, month=last_month())
    with pytest.raises(DomainError):
        services.question_ask(entry=entry, asker="3-501", text="?", phone="12345")
    q = services.question_ask(entry=entry, asker="3-501", text="停车费怎么收的？", phone="13812345678")
    assert "13812345678" not in q.phone_enc and q.phone_masked == "138****5678"
    with pytest.raises(DomainError):
        services.question_answer(actor=staff(), question=q, answer="  ")
    services.question_answer(actor=staff(), question=q, answer="按月每车100元")
    q.refresh_from_db()
    assert q.answered_at is not None and q.answered_by == staff()


def test_only_the_community_office_writes(world, street_officer, grid_worker):
    e = estate(world.community)
    with pytest.raises(Forbidden):
        services.entry_save(
            actor=street_officer,
            estate=e,
            category=category(e, "parking"),
            occurred_on=last_month(),
            amount="1",
            description="x",
        )
    with pytest.raises(Forbidden):
        services.category_save(actor=grid_worker, estate=e, name="新", direction="income")


def test_entries_are_not_dated_in_the_future(world):
    e = estate(world.community)
    with pytest.raises(DomainError, match="future"):
        draft(e, "parking", "1", timezone.localdate() + datetime.timedelta(days=1))


def test_editing_a_correcting_draft_keeps_its_rules(world):
    e = estate(world.community)
    c = committee(e)
    entry = approved(e, c, "repairs", "500", last_month())
    fix = services.entry_correct(actor=staff(), entry=entry, amount="-50", description="多记")
    with pytest.raises(DomainError, match="more than"):
        services.entry_save(
            actor=staff(),
            entry=fix,
            category=entry.category,
            occurred_on=fix.occurred_on,
            amount="-501",
            description="x",
        )
    with pytest.raises(DomainError, match="category"):
        services.entry_save(
            actor=staff(), entry=fix, category=category(e, "parking"), occurred_on=fix.occurred_on, amount="-5",
            description="x",
        )  # fmt: skip
    done = services.entry_save(
        actor=staff(),
        entry=fix,
        category=entry.category,
        occurred_on=fix.occurred_on,
        amount="-500",
        description="全冲",
    )
    assert done.amount == Decimal("-500.00")
