from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")
D = Decimal


@pytest.fixture
def june_2025() -> Any:
    """Today is 15 June 2025 in Asia/Shanghai."""
    with time_machine.travel(datetime.datetime(2025, 6, 15, 10, 0, tzinfo=SHANGHAI), tick=False) as traveller:
        yield traveller


@pytest.fixture
def ledger(world: Any, org_secretary: Any, june_2025: Any) -> Any:
    """赵党员 (member1, branch 1) and 钱党员 (member2, branch 2) with bases and payments.

    member1 joined 2024-03-10; base 2024-03 employed 4,500.00 → 45.00; from 2025-03
    employed 6,000.00 → 90.00 (1.5 %). Paid 45.00 for each month 2024-03 … 2025-01, nothing
    for 2025-02, 45.00 for 2025-03 (half), 100.00 for 2025-04 (10.00 more than due), nothing
    for May and June.
      2025 (Jan–Jun): due 45+45+90+90+90+90 = 450.00; settled 45+0+45+90 = 180.00; owed 270.00;
      paid 190.00.  Since joining: due 900.00, settled 630.00, owed 270.00.
    member2 (retired, no joining date): base 2025-01 retired 5,000.00 → 25.00; paid 2025-01.
      2025 (Jan–Jun): due 150.00, settled 25.00, owed 125.00.
    """
    from tongxin.partylife.dues.services import dues_base_set, dues_payment_record
    from tongxin.platform.access.models import User

    admin = User.objects.create_user("t_dues_admin", is_superuser=True)
    m1, m2 = world.member1, world.member2
    m1.joined_on = datetime.date(2024, 3, 10)
    m1.save()
    dues_base_set(actor=org_secretary, member=m1, month=202403, kind="employed", monthly_income=D("4500.00"))
    dues_base_set(actor=org_secretary, member=m1, month=202503, kind="employed", monthly_income=D("6000.00"))
    paid_on = datetime.date(2025, 6, 1)
    for month in [*range(202403, 202413), 202501]:
        dues_payment_record(actor=org_secretary, member=m1, month=month, amount=D("45.00"), paid_on=paid_on)
    dues_payment_record(actor=org_secretary, member=m1, month=202503, amount=D("45.00"), paid_on=paid_on)
    dues_payment_record(actor=org_secretary, member=m1, month=202504, amount=D("100.00"), paid_on=paid_on)
    dues_base_set(actor=admin, member=m2, month=202501, kind="retired", monthly_income=D("5000.00"))
    dues_payment_record(actor=admin, member=m2, month=202501, amount=D("25.00"), paid_on=paid_on)
    world.dues_admin = admin
    return world
