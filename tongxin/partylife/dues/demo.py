"""Demo dues: bases and two years of payments for the demo's members, with some arrears.

Call it once the members are written, e.g. from the demo runner:

    from tongxin.partylife.dues.demo import seed_dues
    seed_dues(PartyMember.objects.filter(org__path__startswith=root.path), today=today, seed=seed)

Rows go in with bulk_create (no audit records: nobody recorded them). Members who already
have a base are left alone, so a second call adds nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable
from decimal import Decimal

from tongxin.partylife.dues import months
from tongxin.partylife.dues.models import DuesBase, DuesPayment
from tongxin.partylife.dues.rates import DuesKind, monthly_dues, rate_for
from tongxin.registry.party.models import MemberKind, PartyMember

BATCH = 2000
PAYERS = ("配偶代缴", "子女代缴", "支部代收")


def _income(rng: random.Random, low: int, high: int) -> Decimal:
    # Round hundreds, with now and then an exact bracket bound (3,000.00, 5,000.00, 10,000.00).
    if rng.random() < 0.05:
        return Decimal(rng.choice([3000, 5000, 10000]))
    return Decimal(rng.randrange(low, high, 100))


def _kind_and_income(rng: random.Random, member: PartyMember, today: datetime.date) -> tuple[str, Decimal | None]:
    age = (today - member.birth_date).days // 365 if member.birth_date else 45
    if member.is_needy or rng.random() < 0.05:
        return DuesKind.LOW_INCOME, None
    if member.kind == MemberKind.RETIRED or age >= 60:
        return DuesKind.RETIRED, _income(rng, 2200, 9000)
    return DuesKind.EMPLOYED, _income(rng, 2000, 16000)


def _base(member: PartyMember, month: int, kind: str, income: Decimal | None, voluntary: Decimal | None) -> DuesBase:
    return DuesBase(
        member=member,
        month=month,
        kind=kind,
        monthly_income=income,
        voluntary_amount=voluntary,
        rate=rate_for(kind, income),
        amount=monthly_dues(kind, income, voluntary),
        note="演示数据",
    )


def seed_dues(
    members: Iterable[PartyMember], *, today: datetime.date, seed: int = 0, batch: int = BATCH
) -> dict[str, int]:
    """Bases from January of last year (or the month of joining), payments to this month.

    About one member in eight falls behind for the last 2–8 months, one in twenty-five has a
    month paid only in part, a few pay more than the standard amount, some get a raise, and
    in-service members (双报到) have no base here: they pay at their employer's organization.
    """
    rng = random.Random(f"dues-{seed}")
    now = months.of(today)
    start = (today.year - 1) * 100 + 1
    having = set(DuesBase.objects.values_list("member_id", flat=True).distinct())
    bases: list[DuesBase] = []
    payments: list[DuesPayment] = []
    counts = {"bases": 0, "payments": 0, "members_behind": 0}

    def flush(force: bool = False) -> None:
        if bases and (force or len(bases) >= batch):
            DuesBase.objects.bulk_create(bases, batch_size=batch)
            counts["bases"] += len(bases)
            bases.clear()
        if payments and (force or len(payments) >= batch):
            DuesPayment.objects.bulk_create(payments, batch_size=batch)
            counts["payments"] += len(payments)
            payments.clear()

    for member in members:
        if member.pk in having or member.kind == MemberKind.IN_SERVICE:
            continue
        first = max(start, months.of(member.joined_on) if member.joined_on else start)
        if first > now:
            continue
        kind, income = _kind_and_income(rng, member, today)
        voluntary = None
        if rng.random() < 0.04:
            voluntary = monthly_dues(kind, income) + Decimal(rng.choice([5, 10, 50]))
        schedule = [_base(member, first, kind, income, voluntary)]
        raise_at = months.add(first, rng.randint(6, 18))
        if income is not None and voluntary is None and raise_at <= now and rng.random() < 0.2:
            schedule.append(_base(member, raise_at, kind, income + Decimal(rng.choice([300, 800, 1500])), None))
        bases.extend(schedule)
        behind_from = months.add(now, -rng.randint(1, 7)) if rng.random() < 0.12 else None
        counts["members_behind"] += behind_from is not None
        month = first
        while month <= now:
            due = [b for b in schedule if b.month <= month][-1].amount
            missed = (behind_from is not None and month >= behind_from) or rng.random() < 0.02
            if month == now and rng.random() < 0.5:
                missed = True  # this month's dues are often collected at the branch meeting, later
            if not missed:
                amount = (due / 2).quantize(Decimal("0.01")) if rng.random() < 0.04 and due >= 1 else due
                paid = months.first_day(month) + datetime.timedelta(days=rng.randint(0, 40))
                payments.append(
                    DuesPayment(
                        member=member,
                        month=month,
                        amount=amount,
                        paid_on=min(paid, today),
                        paid_by=rng.choice(PAYERS) if rng.random() < 0.03 else "",
                        note=f"收据 {month}-{member.pk:05d}",
                    )
                )
            month = months.add(month, 1)
        flush()
    flush(force=True)
    return counts
