"""Every write of reporting in and of help for needy members checks its actor itself."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tongxin.partylife.inservice import services
from tongxin.partylife.inservice.models import ReportIn, ServiceLog
from tongxin.platform.core.exceptions import Forbidden

D = datetime.date
TODAY = D(2026, 3, 1)


def _report(w) -> ReportIn:
    return ReportIn.objects.create(
        member=w.member1, community=w.community, reported_on=D(2026, 1, 10), confirmed_at=timezone.now()
    )


def _log(w, report: ReportIn | None = None) -> ServiceLog:
    return ServiceLog.objects.create(
        report_in=report or _report(w),
        member=w.member1,
        served_on=D(2026, 2, 1),
        hours=Decimal("2"),
        description="巡逻",
    )


WRITES = {
    "report_in_create": lambda w, a: services.report_in_create(
        actor=a, member=w.member1, community=w.community, reported_on=D(2026, 1, 10), today=TODAY
    ),
    "report_in_end": lambda w, a: services.report_in_end(
        actor=a, report=_report(w), ended_on=D(2026, 2, 1), today=TODAY
    ),
    "service_log_record": lambda w, a: services.service_log_record(
        actor=a, report=_report(w), served_on=D(2026, 2, 1), hours="2", description="x", confirmed=False, today=TODAY
    ),
    "service_log_confirm": lambda w, a: services.service_log_confirm(actor=a, log=_log(w)),
    "needy_help_record": lambda w, a: services.needy_help_record(
        actor=a, member=w.member2, given_on=D(2026, 2, 1), kind="visit", today=TODAY
    ),
}


@pytest.mark.parametrize("wrong", ["grid_worker", "building_leader", "outsider", "anonymous"])
@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_wrong_actor_is_refused_by_the_service(request, world, write, wrong):
    actor = AnonymousUser() if wrong == "anonymous" else request.getfixturevalue(wrong)
    with pytest.raises(Forbidden) as info:
        WRITES[write](world, actor)
    assert info.value.code == "forbidden"


def test_a_member_records_their_own_service_but_does_not_confirm_it(world, party_member):
    report = _report(world)
    args: dict[str, Any] = {
        "report": report,
        "served_on": D(2026, 2, 1),
        "hours": "2",
        "description": "x",
        "today": TODAY,
    }
    assert services.service_log_record(actor=party_member, confirmed=False, **args).confirmed_at is None
    with pytest.raises(Forbidden):
        services.service_log_record(actor=party_member, confirmed=True, **args)
    with pytest.raises(Forbidden):
        services.service_log_confirm(actor=party_member, log=_log(world, report))
