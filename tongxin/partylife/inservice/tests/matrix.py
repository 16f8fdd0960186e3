# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows for the inservice pages (collected by tests/test_permission_matrix.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _report(w: Any, *, member: Any = None, community: Any = None) -> Any:
    """赵党员 (member1, branch 1) reported in to 甲社区 (or another member to another community)."""
    from tongxin.partylife.inservice.models import ReportIn

    return ReportIn.objects.create(
        member=member or w.member1,
        community=community or w.community,
        reported_on=datetime.date(2025, 3, 1),
        employer="示范区税务局",
        post="政策宣传",
        confirmed_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC),
    )


def _other_report(w: Any) -> Any:
    """钱党员 (member2, branch 2) reported in to 乙社区."""
    return _report(w, member=w.member2, community=w.other_community)


def _pending_log(w: Any) -> Any:
    from tongxin.partylife.inservice.models import ServiceLog

    report = _report(w)
    return ServiceLog.objects.create(
        member=w.member1,
        report_in=report,
        served_on=datetime.date(2025, 4, 1),
        hours=Decimal("2"),
        description="清理楼道",
    )


def _waiting(w: Any) -> Any:
    """赵党员 reported in to 甲社区 themself: waiting for staff."""
    report = _report(w)
    report.confirmed_at = None
    report.save()
    return report


# fmt: off
# Reporting in: read with VIEW (area of the community reported to, or the member's organization);
# written with PARTY_WORK; a member logs their own service (confirmed later by staff).
ROWS.row("inservice:list",        "GET",  lambda w: R("inservice:list"),                                        "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("inservice:list",        "GET",  lambda w: R("inservice:list") + f"?node={w.other_community.pk}&year=x", "200 200 404 404 404 404 404 403 403 403 302")
ROWS.row("inservice:create",      "GET",  lambda w: R("inservice:create"),                                      "200 403 200 403 403 403 200 403 403 403 302")
ROWS.row("inservice:create",      "POST", lambda w: R("inservice:create"),                                      "302 403 302 403 403 403 302 403 403 403 302",
         {"member": lambda w: str(w.member1.pk), "community": lambda w: str(w.community.pk), "reported_on": "2025-03-01"})
ROWS.row("inservice:detail",      "GET",  lambda w: R("inservice:detail", args=[_report(w).pk]),                "200 200 200 200 404 404 200 200 404 404 302")
ROWS.row("inservice:detail",      "GET",  lambda w: R("inservice:detail", args=[_other_report(w).pk]),          "200 200 200 404 200 404 404 404 404 404 302")
ROWS.row("inservice:log_create",  "POST", lambda w: R("inservice:log_create", args=[_report(w).pk]),            "302 403 302 403 404 404 302 302 404 404 302",
         {"served_on": "2025-05-01", "hours": "2.5", "description": "政策宣传"})
ROWS.row("inservice:end",         "POST", lambda w: R("inservice:end", args=[_report(w).pk]),                   "302 403 302 403 404 404 302 403 404 404 302",
         {"ended_on": "2025-12-31", "reason": "搬家"})
ROWS.row("inservice:log_confirm", "POST", lambda w: R("inservice:log_confirm", args=[_pending_log(w).pk]),      "302 403 302 403 404 404 302 403 404 404 302")
# A member's own report-in (from /me/): only someone with a member record; staff who write the
# report-in confirm or decline it.
ROWS.row("inservice:own_start",   "GET",  lambda w: R("inservice:own_start") + "?q=社区",                        "404 404 404 404 404 404 404 200 404 404 302")
ROWS.row("inservice:own_create",  "GET",  lambda w: R("inservice:own_create", args=[w.community.pk]),            "404 404 404 404 404 404 404 200 404 404 302")
ROWS.row("inservice:own_create",  "POST", lambda w: R("inservice:own_create", args=[w.community.pk]),            "404 404 404 404 404 404 404 302 404 404 302",
         {"post": "周末巡逻", "skills": "电工"})
ROWS.row("inservice:confirm",     "POST", lambda w: R("inservice:confirm", args=[_waiting(w).pk]),               "302 403 302 403 404 404 302 403 404 404 302")
ROWS.row("inservice:decline",     "POST", lambda w: R("inservice:decline", args=[_waiting(w).pk]),               "302 403 302 403 404 404 302 403 404 404 302",
         {"reason": "住址不在本社区"})
# Needy members: read with VIEW in the organization tree, help recorded with PARTY_WORK; a
# member does not read the organization's register of their own help.
ROWS.row("inservice:needy_list",  "GET",  lambda w: R("inservice:needy_list"),                                  "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("inservice:needy_list",  "GET",  lambda w: R("inservice:needy_list") + f"?node={w.branch2.pk}",        "200 200 200 404 200 404 404 403 403 403 302")
ROWS.row("inservice:needy_member", "GET", lambda w: R("inservice:needy_member", args=[w.member2.pk]),           "200 200 200 404 200 404 404 404 404 404 302")
ROWS.row("inservice:needy_member", "GET", lambda w: R("inservice:needy_member", args=[w.member1.pk]),           "200 200 200 200 404 404 200 403 404 404 302")
ROWS.row("inservice:help_create", "POST", lambda w: R("inservice:help_create", args=[w.member2.pk]),            "302 403 302 404 403 404 404 404 404 404 302",
         {"given_on": "2025-06-01", "kind": "material", "amount": "500.00", "description": "慰问金"})
# fmt: on
