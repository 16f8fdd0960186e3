"""The national brackets at and around every boundary, with hand-computed amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongxin.partylife.dues.rates import FLAT_MONTHLY, MAX_INCOME, RateError, monthly_dues, rate_for, standard_dues

D = Decimal


@pytest.mark.parametrize(
    "income,rate,dues",
    [
        ("0.01", "0.005", "0.00"),  # 0.00005 rounds down
        ("1.00", "0.005", "0.01"),  # 0.005 rounds half up to 0.01
        ("2000.00", "0.005", "10.00"),
        ("2999.99", "0.005", "15.00"),  # 14.99995 → 15.00 (half up)
        ("3000.00", "0.005", "15.00"),  # the bound belongs to the lower bracket
        ("3000.01", "0.01", "30.00"),  # 30.0001
        ("4500.00", "0.01", "45.00"),
        ("4999.99", "0.01", "50.00"),  # 49.9999
        ("5000.00", "0.01", "50.00"),
        ("5000.01", "0.015", "75.00"),  # 75.00015
        ("7777.77", "0.015", "116.67"),  # 116.66655 → 116.67
        ("9999.99", "0.015", "150.00"),  # 149.99985
        ("10000.00", "0.015", "150.00"),
        ("10000.01", "0.02", "200.00"),  # 200.0002
        ("12345.67", "0.02", "246.91"),  # 246.9134
        ("9999999.99", "0.02", "200000.00"),  # 199999.9998
    ],
)
def test_employed_brackets(income, rate, dues):
    assert rate_for("employed", D(income)) == D(rate)
    assert standard_dues("employed", D(income)) == D(dues)
    assert str(standard_dues("employed", D(income))) == dues  # always two places


@pytest.mark.parametrize(
    "income,rate,dues",
    [
        ("1000.00", "0.005", "5.00"),
        ("3000.01", "0.005", "15.00"),  # retired brackets differ from the employed ones at 3,000
        ("4999.99", "0.005", "25.00"),  # 24.99995 → 25.00
        ("5000.00", "0.005", "25.00"),
        ("5000.01", "0.01", "50.00"),
        ("6543.21", "0.01", "65.43"),  # 65.4321
        ("20000.00", "0.01", "200.00"),
    ],
)
def test_retired_brackets(income, rate, dues):
    assert rate_for("retired", D(income)) == D(rate)
    assert standard_dues("retired", D(income)) == D(dues)


def test_low_income_is_flat_whatever_the_income():
    assert rate_for("low_income", None) is None
    assert rate_for("low_income", D("99999.00")) is None
    assert monthly_dues("low_income", None) == D("0.20") == FLAT_MONTHLY


def test_rounding_is_half_up_to_the_fen():
    # 1,234.50 × 1 % = 12.345 → 12.35 (banker's rounding would give 12.34)
    assert standard_dues("employed", D("3234.50")) == D("32.35")
    assert standard_dues("employed", D("3234.49")) == D("32.34")  # 32.3449


def test_voluntary_amount_may_only_be_higher():
    assert monthly_dues("employed", D("4500.00"), D("100.00")) == D("100.00")
    assert monthly_dues("employed", D("4500.00"), D("45.00")) == D("45.00")
    assert monthly_dues("low_income", None, D("1.00")) == D("1.00")  # a farmer paying 1 yuan
    with pytest.raises(RateError) as exc:
        monthly_dues("employed", D("4500.00"), D("44.99"))
    assert exc.value.field == "voluntary_amount"
    assert "自愿交纳金额只能高于标准的每月 45.00 元" in str(exc.value.message)


@pytest.mark.parametrize(
    "kind,income,field,message",
    [
        ("employed", None, "monthly_income", "请填写每月税后收入"),
        ("employed", D("-0.01"), "monthly_income", "金额不能是负数"),
        ("employed", D("NaN"), "monthly_income", "请填写金额（元）"),
        ("employed", D("Infinity"), "monthly_income", "请填写金额（元）"),
        ("employed", D("4500.001"), "monthly_income", "金额最多精确到分"),
        ("employed", MAX_INCOME + D("0.01"), "monthly_income", "金额太大：最多 9999999.99 元"),
        ("employed", 4500.0, "monthly_income", "请用数字填写金额（元）"),  # a float has lost the fen already
        ("employed", "abc", "monthly_income", "请填写金额（元）"),
        ("pensioner", D("4500"), "kind", "基数类型不对"),
        ("", D("4500"), "kind", "基数类型不对"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(kind, income, field, message):
    with pytest.raises(RateError) as exc:
        monthly_dues(kind, income)
    assert exc.value.field == field
    assert message in str(exc.value.message)


# Properties: over the whole range, the rate is the bracket's, and the amount is income × rate
# rounded half up — compared with integer arithmetic in fen, which cannot round wrongly.
incomes = st.integers(min_value=1, max_value=int(MAX_INCOME * 100)).map(lambda fen: D(fen) / 100)


def _expected_rate(kind: str, income: Decimal) -> Decimal:
    bounds = {"employed": [(3000, "0.005"), (5000, "0.01"), (10000, "0.015")], "retired": [(5000, "0.005")]}
    for bound, rate in bounds[kind]:
        if income <= bound:
            return D(rate)
    return D("0.02") if kind == "employed" else D("0.01")


@given(income=incomes, kind=st.sampled_from(["employed", "retired"]))
def test_property_rate_and_rounding(income, kind):
    rate = rate_for(kind, income)
    assert rate == _expected_rate(kind, income)
    # rate = k / 10,000, so the dues are fen × k / 10,000 fen: add half and floor.
    fen = int(income * 100)
    expected_fen = (fen * int(rate * 10000) + 5000) // 10000
    assert standard_dues(kind, income) == D(expected_fen) / 100


@given(income=incomes.filter(lambda i: i < MAX_INCOME), kind=st.sampled_from(["employed", "retired"]))
def test_property_dues_never_fall_when_income_rises_across_a_bound(income, kind):
    # Brackets are by whole income, so crossing a bound raises the dues (never lowers them).
    assert standard_dues(kind, income + D("0.01")) >= standard_dues(kind, income)


@given(offset=st.integers(min_value=-100, max_value=100), bound=st.sampled_from([3000, 5000, 10000]))
def test_property_exact_around_employed_bounds(offset, bound):
    income = D(bound) + D(offset) / 100
    assert rate_for("employed", income) == _expected_rate("employed", income)
