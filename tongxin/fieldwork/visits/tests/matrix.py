# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows for the visit pages (collected by tests/test_permission_matrix.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse as R
from django.utils import timezone

from tests.matrix_rows import Rows

ROWS = Rows()


def _visit(w: Any, household: Any = None, needs: str = "") -> Any:
    from tongxin.fieldwork.visits.models import Visit

    return Visit.objects.create(
        household=household or w.household1,
        visited_on=timezone.localdate() - datetime.timedelta(days=3),
        visitor_name="网格员甲",
        needs=needs,
    )


def _category(w: Any) -> str:
    from tongxin.grid.cases.models import CaseCategory

    return str(CaseCategory.objects.filter(is_active=True, children__isnull=True).order_by("sort_order", "code")[0].pk)


def _today(w: Any) -> str:
    return timezone.localdate().isoformat()


# fmt: off
# Reading: anyone who looks after an area (VIEW in the area tree) sees its households' visits;
# recording needs VISIT over the household (grid worker, building leader, community, admin).
ROWS.row("visits:due",      "GET",  lambda w: R("visits:due"),                                              "200 200 200 200 200 200 403 403 403 403 302")
ROWS.row("visits:due",      "GET",  lambda w: R("visits:due") + f"?node={w.grid1.pk}&all=1",                "200 200 200 200 404 404 403 403 403 403 302")
ROWS.row("visits:due",      "GET",  lambda w: R("visits:due") + "?node=x&page=-1",                          "404 404 404 404 404 404 403 403 403 403 302")
ROWS.row("visits:record",   "GET",  lambda w: R("visits:record", args=[w.household1.pk]),                   "200 403 200 200 404 200 404 404 404 404 302")
ROWS.row("visits:record",   "GET",  lambda w: R("visits:record", args=[w.other_household.pk]),              "200 403 404 404 404 404 404 404 404 404 302")
ROWS.row("visits:record",   "POST", lambda w: R("visits:record", args=[w.household1.pk]),                   "302 403 302 302 404 302 404 404 404 404 302",
         {"visited_on": _today, "way": "door", "residents_met": lambda w: str(w.zhangsan.pk), "findings": "身体不错"})
ROWS.row("visits:list",     "GET",  lambda w: R("visits:list"),                                             "200 200 200 200 200 200 403 403 403 403 302")
ROWS.row("visits:list",     "GET",  lambda w: R("visits:list") + f"?household={w.other_household.pk}",      "200 200 404 404 404 404 403 403 403 403 302")
ROWS.row("visits:detail",   "GET",  lambda w: R("visits:detail", args=[_visit(w).pk]),                      "200 200 200 200 404 200 404 404 404 404 302")
ROWS.row("visits:detail",   "GET",  lambda w: R("visits:detail", args=[_visit(w, w.other_household).pk]),   "200 200 404 404 404 404 404 404 404 404 302")
ROWS.row("visits:to_case",  "POST", lambda w: R("visits:to_case", args=[_visit(w, needs="需要修水管").pk]),  "302 403 302 302 404 302 404 404 404 404 302",
         {"category": _category, "description": "需要修水管"})
# Only the visitor corrects or withdraws a visit (none of the personas recorded this one).
ROWS.row("visits:edit",     "GET",  lambda w: R("visits:edit", args=[_visit(w).pk]),                        "403 403 403 403 404 403 404 404 404 404 302")
ROWS.row("visits:edit",     "POST", lambda w: R("visits:edit", args=[_visit(w).pk]),                        "403 403 403 403 404 403 404 404 404 404 302",
         {"visited_on": _today, "way": "phone", "others_met": "家属"})
ROWS.row("visits:delete",   "POST", lambda w: R("visits:delete", args=[_visit(w).pk]),                      "403 403 403 403 404 403 404 404 404 404 302")
ROWS.row("visits:coverage", "GET",  lambda w: R("visits:coverage") + "?by=visitor&from=2026-01-01&to=bad",  "200 200 200 200 200 200 403 403 403 403 302")
ROWS.row("visits:coverage", "GET",  lambda w: R("visits:coverage") + f"?node={w.other_community.pk}",        "200 200 404 404 404 404 403 403 403 403 302")
ROWS.row("visits:coverage_households", "GET", lambda w: R("visits:coverage_households") + "?which=never",    "200 200 200 200 200 200 403 403 403 403 302")
ROWS.row("visits:coverage_households", "GET", lambda w: R("visits:coverage_households") + f"?node={w.grid2.pk}", "200 200 200 404 200 404 403 403 403 403 302")
ROWS.row("visits:facts",    "GET",  lambda w: R("visits:facts"),                                            "200 200 200 200 200 200 403 403 403 403 302")
ROWS.row("visits:facts",    "GET",  lambda w: R("visits:facts") + f"?node={w.other_community.pk}",           "200 200 404 404 404 404 403 403 403 403 302")
# The cadence table: SERVICE (community secretary, admin).
ROWS.row("visits:cadence",  "GET",  lambda w: R("visits:cadence"),                                          "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("visits:cadence",  "POST", lambda w: R("visits:cadence"),                                          "302 403 302 403 403 403 403 403 403 403 302",
         {"category_code": "disabled", "months": "3"})
# fmt: on
