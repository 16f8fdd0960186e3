# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the duty rosters (collected by tests/test_permission_matrix.py).

Reading the office's pages takes Perm.FRONT_DESK or the subdistrict's role; writing takes
Perm.FRONT_DESK over the community (the subdistrict reads but may not act: 403). A rota of another
community is a 404 for its neighbour's secretary. A person's own shifts need no permission:
the matrix's grid worker checks in to their own shift, hands it over, answers a swap asked of
them; anyone else's assignment is a 404.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _rota(w: Any, community: Any = None) -> Any:
    from tongxin.frontdesk.rosters.tests.support import rota

    return rota(community or w.community)


def _shift(w: Any) -> Any:
    from tongxin.frontdesk.rosters.tests.support import future_shift, person

    return future_shift(w.community, people=(person("t_on", w.community),))


def _staff_id(w: Any) -> int:
    from tongxin.frontdesk.rosters.tests.support import person

    return int(person("t_new", w.community).pk)


def _mine(w: Any) -> Any:
    from tongxin.frontdesk.rosters.tests.support import grid_workers_assignment

    return grid_workers_assignment(w)


def _asked(w: Any) -> Any:
    from tongxin.frontdesk.rosters.tests.support import swap_asked_of_grid_worker

    return swap_asked_of_grid_worker(w)


def _accepted(w: Any) -> Any:
    from tongxin.frontdesk.rosters.tests.support import accepted_swap

    return accepted_swap(w)


def grid_later(w: Any) -> Any:
    from tongxin.frontdesk.rosters.tests.support import grid_workers_assignment

    return grid_workers_assignment(w, minutes=600)


# fmt: off
#                                                                                                              adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("rosters:list", "GET", lambda w: (_shift(w), R("rosters:list"))[1],                                    "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("rosters:new", "GET", lambda w: R("rosters:new"),                                                      "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("rosters:new", "POST", lambda w: R("rosters:new"),                                                     "302 403 302 403 403 403 403 403 403 403 302", {"community": lambda w: w.community.pk, "kind": "checkpoint", "name": "夜班值守卡点", "location": "东门"})
ROWS.row("rosters:new", "POST", lambda w: R("rosters:new"),                                                     "200 403 200 403 403 403 403 403 403 403 302", {"community": lambda w: w.other_community.pk, "kind": "bad", "name": "x" * 500})
ROWS.row("rosters:rota", "GET", lambda w: R("rosters:rota", args=[_shift(w).rota_id]) + "?from=2026-13-45",     "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("rosters:rota", "GET", lambda w: R("rosters:rota", args=[_rota(w, w.other_community).pk]),             "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("rosters:edit", "GET", lambda w: R("rosters:edit", args=[_rota(w).pk]),                               "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("rosters:edit", "POST", lambda w: R("rosters:edit", args=[_rota(w).pk]),                              "302 403 302 403 403 403 403 403 403 403 302", {"kind": "front_desk", "name": "一站式窗口", "location": "一楼"})
ROWS.row("rosters:shift_add", "POST", lambda w: R("rosters:shift_add", args=[_rota(w).pk]),                     "302 403 302 403 403 403 403 403 403 403 302", {"s-date": "2026-12-30", "s-start_time": "08:30", "s-end_time": "17:30", "s-needed": "2"})
ROWS.row("rosters:generate", "GET", lambda w: R("rosters:generate", args=[_rota(w).pk]),                       "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("rosters:generate", "POST", lambda w: R("rosters:generate", args=[_rota(w).pk]),                      "302 403 302 403 403 403 403 403 403 403 302", {"starts_on": "2027-01-04", "ends_on": "2027-01-17", "weekdays": ["0", "2"], "start_time": "08:30", "end_time": "17:30", "needed": "1"})
ROWS.row("rosters:shift", "GET", lambda w: R("rosters:shift", args=[_shift(w).pk]),                             "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("rosters:assign", "POST", lambda w: R("rosters:assign", args=[_shift(w).pk]),                          "302 403 302 403 403 403 403 403 403 403 302", {"user": _staff_id})
ROWS.row("rosters:unassign", "POST", lambda w: R("rosters:unassign", args=[_shift(w).assignments.get().pk]),    "302 403 302 403 403 403 403 403 403 403 302")
ROWS.row("rosters:gaps", "GET", lambda w: (_shift(w), R("rosters:gaps"))[1],                                    "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("rosters:swaps", "GET", lambda w: (_accepted(w), R("rosters:swaps"))[1],                               "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("rosters:swap_approve", "POST", lambda w: R("rosters:swap_approve", args=[_accepted(w).pk]),           "302 403 302 403 403 403 403 403 403 403 302")
ROWS.row("rosters:mine", "GET", lambda w: (_mine(w), R("rosters:mine"))[1],                                      "200 200 200 200 200 200 200 200 200 200 302")
ROWS.row("rosters:check_in", "POST", lambda w: R("rosters:check_in", args=[_mine(w).pk]),                       "404 404 404 302 404 404 404 404 404 404 302", per_persona=True)
ROWS.row("rosters:swap_ask", "GET", lambda w: R("rosters:swap_ask", args=[_mine(w).pk]),                      "404 404 404 200 404 404 404 404 404 404 302", per_persona=True)
ROWS.row("rosters:swap_ask", "POST", lambda w: R("rosters:swap_ask", args=[grid_later(w).pk]),                  "404 404 404 302 404 404 404 404 404 404 302", {"note": "家里有事"}, per_persona=True)
ROWS.row("rosters:swap_accept", "POST", lambda w: R("rosters:swap_accept", args=[_asked(w).pk]),                "404 404 404 302 404 404 404 404 404 404 302", per_persona=True)
ROWS.row("rosters:swap_decline", "POST", lambda w: R("rosters:swap_decline", args=[_asked(w).pk]),              "302 404 302 302 404 404 404 404 404 404 302", per_persona=True)
# fmt: on
