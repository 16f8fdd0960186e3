"""Bases, payments and the figures computed from them, against the hand-made ledger."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tongxin.partylife.dues.models import DuesBase, DuesPayment
from tongxin.partylife.dues.queries import arrears_by_org, member_totals, year_grid
from tongxin.partylife.dues.services import dues_base_set, dues_payment_record, dues_payment_remove
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.models import AuditEvent

D = Decimal
JUNE_1 = datetime.date(2025, 6, 1)


def test_member_totals_for_2025(ledger):
    totals = member_totals([ledger.member1.pk, ledger.member2.pk], 202501, 202506)
    m1, m2 = totals[ledger.member1.pk], totals[ledger.member2.pk]
    assert (m1.due, m1.settled, m1.paid, m1.owed) == (D("450.00"), D("180.00"), D("190.00"), D("270.00"))
    assert (m2.due, m2.settled, m2.paid, m2.owed) == (D("150.00"), D("25.00"), D("25.00"), D("125.00"))


def test_member_totals_since_joining(ledger):
    m1 = member_totals([ledger.member1.pk], 200001, 202506)[ledger.member1.pk]
    assert (m1.due, m1.settled, m1.owed) == (D("900.00"), D("630.00"), D("270.00"))


def test_a_month_before_the_first_base_or_joining_owes_nothing(ledger):
    m1 = member_totals([ledger.member1.pk], 202401, 202402)
    assert ledger.member1.pk not in m1 or m1[ledger.member1.pk].due == 0


def test_a_new_base_recalculates_from_its_month(ledger, org_secretary):
    # A raise back-dated to 2025-01: January (paid 45) and February now owe 90 each.
    dues_base_set(actor=org_secretary, member=ledger.member1, month=202501, kind="employed", monthly_income=D("6000"))
    m1 = member_totals([ledger.member1.pk], 202501, 202506)[ledger.member1.pk]
    assert m1.due == D("540.00")  # 6 × 90
    assert m1.settled == D("180.00")  # 45 (Jan) + 45 (Mar) + 90 (Apr)
    assert m1.owed == D("360.00")
    assert DuesBase.objects.filter(member=ledger.member1).count() == 3  # the history is kept


def test_setting_a_base_twice_for_one_month_replaces_it(ledger, org_secretary):
    dues_base_set(actor=org_secretary, member=ledger.member1, month=202503, kind="employed", monthly_income=D("12000"))
    base = DuesBase.objects.get(member=ledger.member1, month=202503)
    assert (base.rate, base.amount) == (D("0.02"), D("240.00"))
    assert DuesBase.objects.filter(member=ledger.member1).count() == 2


def test_arrears_per_org(ledger, admin_user):
    rows = {r.org.pk: r for r in arrears_by_org(admin_user, ledger.committee, 202501, 202506)}
    b1, b2 = rows[ledger.branch1.pk], rows[ledger.branch2.pk]
    assert (b1.totals.due, b1.totals.owed, b1.totals.members_owing) == (D("450.00"), D("270.00"), 1)
    assert (b2.totals.due, b2.totals.owed, b2.without_base) == (D("150.00"), D("125.00"), 0)


def test_arrears_per_org_is_scoped(ledger, org_secretary):
    # The secretary of branch 1 sees branch 1 only, even when asking for the whole scope.
    rows = arrears_by_org(org_secretary, None, 202501, 202506)
    assert [r.org.pk for r in rows] == [ledger.branch1.pk]


def test_grid_agrees_with_the_database(ledger):
    row = year_grid([ledger.member1], 2025, today_month=202506)[0]
    assert [str(c.owed) for c in row.cells[:6]] == ["0.00", "45.00", "45.00", "0.00", "90.00", "90.00"]
    assert [c.state for c in row.cells[:6]] == ["paid", "owed", "partial", "paid", "owed", "owed"]
    assert row.cells[6].future and row.cells[6].due == D("90.00")
    db = member_totals([ledger.member1.pk], 202501, 202506)[ledger.member1.pk]
    assert (row.due, row.owed) == (db.due, db.owed)


def test_top_up_a_partly_paid_month_then_refuse_a_duplicate(ledger, org_secretary):
    dues_payment_record(actor=org_secretary, member=ledger.member1, month=202503, amount=D("45.00"), paid_on=JUNE_1)
    with pytest.raises(DomainError) as exc:
        dues_payment_record(actor=org_secretary, member=ledger.member1, month=202503, amount=D("90"), paid_on=JUNE_1)
    assert exc.value.error_dict["month"][0].code == "duplicate"
    assert "2025-03" in exc.value.messages[0]


@pytest.mark.parametrize(
    "kwargs,field,code",
    [
        ({"month": 202402}, "month", "before_joining"),
        ({"month": 202607}, "month", "too_far_ahead"),
        ({"month": 202513}, "month", "month"),
        ({"month": 199912}, "month", "month"),
        ({"amount": D("0")}, "amount", "not_positive"),
        ({"amount": D("-45.00")}, "amount", "not_positive"),
        ({"amount": D("0.001")}, "amount", "fen"),
        ({"amount": D("NaN")}, "amount", "amount"),
        ({"amount": D("Infinity")}, "amount", "amount"),
        ({"amount": D("1000000")}, "amount", "too_large"),
        ({"amount": 45.0}, "amount", "amount"),
        ({"paid_on": datetime.date(2025, 6, 16)}, "paid_on", "future"),
    ],
)
def test_payment_refusals(ledger, org_secretary, kwargs, field, code):
    args = {"month": 202505, "amount": D("90.00"), "paid_on": JUNE_1, **kwargs}
    with pytest.raises(DomainError) as exc:
        dues_payment_record(actor=org_secretary, member=ledger.member1, **args)
    assert exc.value.error_dict[field][0].code == code
    assert exc.value.messages[0]


def test_payment_without_a_base_is_refused(world, org_secretary, june_2025):
    with pytest.raises(DomainError) as exc:
        dues_payment_record(actor=org_secretary, member=world.member1, month=202505, amount=D("1"), paid_on=JUNE_1)
    assert exc.value.error_dict["month"][0].code == "no_base"


def test_only_recorders_in_scope_may_write(ledger, grid_worker, secretary, street_officer):
    for actor in (grid_worker, street_officer):
        with pytest.raises(DomainError, match="您无权为该党员登记党费"):
            dues_payment_record(actor=actor, member=ledger.member1, month=202505, amount=D("90"), paid_on=JUNE_1)
    # The community secretary keeps dues too.
    dues_payment_record(actor=secretary, member=ledger.member1, month=202505, amount=D("90"), paid_on=JUNE_1)


def test_base_refusals(ledger, org_secretary):
    cases = [
        ({"month": 202402}, "month", "赵党员 于 2024-03 入党，2024-02 无需交纳党费"),  # before joining
        ({"kind": "pensioner"}, "kind", "基数类型不对"),
        ({"monthly_income": None}, "monthly_income", "请填写每月税后收入"),
        ({"monthly_income": D("-1")}, "monthly_income", "金额不能是负数"),
        ({"monthly_income": D("0")}, "monthly_income", "没有收入的党员每月交 0.20 元"),
        ({"monthly_income": D("4500.001")}, "monthly_income", "金额最多精确到分"),
        ({"voluntary_amount": D("10.00")}, "voluntary_amount", "自愿交纳金额只能高于标准的每月 45.00 元"),
    ]
    for kwargs, field, message in cases:
        args = {"month": 202506, "kind": "employed", "monthly_income": D("4500.00"), **kwargs}
        with pytest.raises(DomainError) as exc:
            dues_base_set(actor=org_secretary, member=ledger.member1, **args)
        assert field in exc.value.error_dict, (kwargs, exc.value)
        assert message in exc.value.message_dict[field][0], (kwargs, exc.value)


def test_writes_are_audited(ledger, org_secretary):
    payment = DuesPayment.objects.filter(member=ledger.member1, month=202504).get()
    dues_payment_remove(actor=org_secretary, payment=payment, reason="记错月份")
    events = AuditEvent.objects.filter(object_type="party.partymember", object_id=str(ledger.member1.pk))
    actions = list(events.values_list("action", flat=True))
    assert actions.count("dues_base_set") == 2
    assert actions.count("dues_payment_record") == 13  # 10 in 2024, 3 in 2025
    assert actions.count("dues_payment_remove") == 1
    with pytest.raises(DomainError, match="请说明删除这笔交费的原因"):
        dues_payment_remove(actor=org_secretary, payment=DuesPayment.objects.first(), reason=" ")


def test_low_income_base_and_voluntary(world, org_secretary, june_2025):
    base = dues_base_set(
        actor=org_secretary, member=world.member1, month=202501, kind="low_income", monthly_income=D("800")
    )
    assert (base.rate, base.monthly_income, base.amount) == (None, None, D("0.20"))
    base = dues_base_set(
        actor=org_secretary,
        member=world.member1,
        month=202502,
        kind="low_income",
        monthly_income=None,
        voluntary_amount=D("1.00"),
    )
    assert base.amount == D("1.00")
