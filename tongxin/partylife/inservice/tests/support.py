"""Helpers for inservice tests: members reporting in, their service, needy members' help."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tongxin.partylife.inservice.models import NeedyHelp, ReportIn, ServiceLog
from tongxin.partylife.meetings.tests.support import member


def reported(org: Any, name: str, community: Any, on: datetime.date = datetime.date(2025, 3, 1)) -> ReportIn:
    """A new in-service member of `org` reported in to `community` by staff (confirmed)."""
    m = member(org, name, kind="in_service")
    return ReportIn.objects.create(
        member=m, community=community, reported_on=on, employer="示范区税务局", confirmed_at=timezone.now()
    )


def served(report: ReportIn, on: datetime.date, hours: str, *, confirmed: bool = True) -> ServiceLog:
    return ServiceLog.objects.create(
        member_id=report.member_id,
        report_in=report,
        served_on=on,
        hours=Decimal(hours),
        description="服务",
        confirmed_at=timezone.now() if confirmed else None,
    )


def helped(m: Any, on: datetime.date, kind: str, amount: str | None = None, text: str = "") -> NeedyHelp:
    return NeedyHelp.objects.create(
        member=m, given_on=on, kind=kind, amount=Decimal(amount) if amount else None, description=text
    )
