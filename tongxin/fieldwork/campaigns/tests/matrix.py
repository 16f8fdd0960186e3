# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of campaigns (collected by tests/test_permission_matrix.py).

The office (Perm.CAMPAIGN: admin, the community secretary) sets campaigns up, starts and closes
them and registers inspection points; the subdistrict reads all of it but may not act (403).
Grid workers and building leaders (Perm.VISIT) open the running campaigns with targets in their
place and check those targets; another grid's target is a 404, as is a draft. A campaign of
another community is a 404 for its neighbour's secretary.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _running(w: Any) -> Any:
    from tongxin.fieldwork.campaigns.tests.support import campaign

    return campaign(w.community)


def _draft(w: Any) -> Any:
    from tongxin.fieldwork.campaigns.tests.support import campaign

    return campaign(w.community, start=False)


def _other(w: Any) -> Any:
    from tongxin.fieldwork.campaigns.tests.support import campaign

    return campaign(w.other_community)


def _target1(w: Any) -> Any:
    """The running sweep's target of household 101 (building 1, grid 1)."""
    return _running(w).targets.get(household=w.household1)


def _point(w: Any, community: Any = None, grid: Any = None) -> Any:
    from tongxin.fieldwork.campaigns.tests.support import grate

    return grate(community or w.community, grid or w.grid1, "YS-001")


NEW = {
    "kind": "safety",
    "place": lambda w: w.community.pk,
    "target_kind": "",
    "name": "",
    "starts_on": "2026-11-01",
    "ends_on": "2026-11-30",
}
POINT = {
    "community": lambda w: w.community.pk,
    "kind": "rain_grate",
    "name": "YS-100",
    "latitude": "30.5",
    "longitude": "114.3",
    "grid": lambda w: w.grid1.pk,
    "building": "",
    "is_active": "on",
}

# fmt: off
#                                                                                                         adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("campaigns:list", "GET", lambda w: R("campaigns:list"),                                           "200 200 200 200 200 200 403 403 403 403 302")
ROWS.row("campaigns:list", "GET", lambda w: (_running(w), R("campaigns:list") + f"?status=running&node={w.community.pk}&ending=soon")[1], "200 200 200 404 404 404 403 403 403 403 302")
ROWS.row("campaigns:list", "GET", lambda w: R("campaigns:list") + f"?node={w.other_community.pk}",         "200 200 404 404 404 404 403 403 403 403 302")
ROWS.row("campaigns:list", "GET", lambda w: R("campaigns:list") + "?node=x&status=%00&page=zz",           "200 200 200 200 200 200 403 403 403 403 302")
ROWS.row("campaigns:new", "GET", lambda w: R("campaigns:new"),                                             "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("campaigns:new", "POST", lambda w: R("campaigns:new"),                                            "302 403 302 403 403 403 403 403 403 403 302", NEW)
ROWS.row("campaigns:new", "POST", lambda w: R("campaigns:new"),                                            "200 403 200 403 403 403 403 403 403 403 302", {**NEW, "ends_on": "2026-10-01"})
ROWS.row("campaigns:campaign", "GET", lambda w: R("campaigns:campaign", args=[_running(w).pk]),             "200 200 200 200 200 200 403 403 403 403 302")
ROWS.row("campaigns:campaign", "GET", lambda w: R("campaigns:campaign", args=[_draft(w).pk]),               "200 200 200 404 404 404 403 403 403 403 302")
ROWS.row("campaigns:campaign", "GET", lambda w: R("campaigns:campaign", args=[_other(w).pk]),               "200 200 404 404 404 404 403 403 403 403 302")
ROWS.row("campaigns:start", "POST", lambda w: R("campaigns:start", args=[_draft(w).pk]),                   "302 403 302 404 404 404 403 403 403 403 302")
ROWS.row("campaigns:close", "GET", lambda w: R("campaigns:close", args=[_running(w).pk]),                  "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("campaigns:close", "POST", lambda w: R("campaigns:close", args=[_running(w).pk]),                 "302 403 302 403 403 403 403 403 403 403 302", {"summary": "排查完毕"})
ROWS.row("campaigns:summary", "GET", lambda w: R("campaigns:summary", args=[_running(w).pk]),              "200 200 200 200 200 200 403 403 403 403 302")
ROWS.row("campaigns:targets", "GET", lambda w: R("campaigns:targets", args=[_running(w).pk]) + f"?grid={w.grid1.pk}", "200 200 200 200 200 200 403 403 403 403 302")
ROWS.row("campaigns:targets", "GET", lambda w: R("campaigns:targets", args=[_other(w).pk]),                 "200 200 404 404 404 404 403 403 403 403 302")
ROWS.row("campaigns:target_ok", "POST", lambda w: R("campaigns:target_ok", args=[_target1(w).pk]),         "302 403 302 302 404 302 403 403 403 403 302")
ROWS.row("campaigns:target_problem", "GET", lambda w: R("campaigns:target_problem", args=[_target1(w).pk]), "200 403 200 200 404 200 403 403 403 403 302")
ROWS.row("campaigns:target_problem", "POST", lambda w: R("campaigns:target_problem", args=[_target1(w).pk]), "302 403 302 302 404 302 403 403 403 403 302", {"note": "楼道堆放杂物"})
ROWS.row("campaigns:target_problem", "POST", lambda w: R("campaigns:target_problem", args=[_target1(w).pk]), "200 403 200 200 404 200 403 403 403 403 302", {"note": ""})
ROWS.row("campaigns:points", "GET", lambda w: (_point(w), R("campaigns:points") + f"?kind=rain_grate&grid={w.grid1.pk}&q=YS")[1], "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("campaigns:point_new", "GET", lambda w: R("campaigns:point_new"),                                 "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("campaigns:point_new", "POST", lambda w: R("campaigns:point_new"),                                "302 403 302 403 403 403 403 403 403 403 302", POINT)
ROWS.row("campaigns:point_new", "POST", lambda w: R("campaigns:point_new"),                                "200 403 200 403 403 403 403 403 403 403 302", {**POINT, "latitude": "abc", "grid": lambda w: w.other_grid.pk})
ROWS.row("campaigns:point_edit", "GET", lambda w: R("campaigns:point_edit", args=[_point(w).pk]),          "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("campaigns:point_edit", "GET", lambda w: R("campaigns:point_edit", args=[_point(w, w.other_community, w.other_grid).pk]), "200 403 404 403 403 403 403 403 403 403 302")
ROWS.row("campaigns:point_edit", "POST", lambda w: R("campaigns:point_edit", args=[_point(w).pk]),         "302 403 302 403 403 403 403 403 403 403 302", {**POINT, "name": "YS-002"})
# fmt: on
