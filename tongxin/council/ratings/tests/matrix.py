# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the ratings pages (collected by tests/test_permission_matrix.py).

Ratings are read by those who keep them (Perm.RECOGNISE: admin, the community secretary) and by
the subdistrict, who may not change them (403); every other role is refused (403) before the
place is looked at; a community secretary gets 404 for another community's scheme or round.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _scheme(w: Any, other: bool = False) -> Any:
    key = "_ratings_scheme_other" if other else "_ratings_scheme"
    if getattr(w, key, None) is None:
        from tongxin.council.ratings.tests.support import scheme

        setattr(w, key, scheme(w.other_community if other else w.community))
    return getattr(w, key)


def _round(w: Any, other: bool = False, *, start: bool = True) -> Any:
    key = f"_ratings_round_{other}_{start}"
    if getattr(w, key, None) is None:
        from tongxin.council.ratings.tests.support import open_round

        setattr(w, key, open_round(_scheme(w, other), start=start))
    return getattr(w, key)


def _entry_url(w: Any, other: bool = False) -> str:
    rnd = _round(w, other)
    return R("ratings:round_card", args=[rnd.pk, rnd.entries.first().pk])


SCHEME = {
    "community": lambda w: str(w.community.pk),
    "name": "星级楼组创建",
    "subject_kind": "building",
    "cadence": "yearly",
    "publicity_days": "7",
    "c1_name": "环境整洁",
    "c1_weight": "60",
    "c1_max": "10",
    "c2_name": "邻里和睦",
    "c2_weight": "40",
    "c2_max": "10",
    "l1_name": "五星",
    "l1_threshold": "90",
    "l1_stars": "5",
}
ROUND = {"name": "2027年度星级楼组", "period_start": "2027-01-01", "period_end": "2027-12-31", "publicity_days": "7"}
EDIT = {"name": "星级楼组", "publicity_days": "5", "is_active": "on"}

# fmt: off
#        name                     method  url                                                                             adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("ratings:index",         "GET",  lambda w: R("ratings:index"),                                                    "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ratings:index",         "GET",  lambda w: R("ratings:index") + "?waiting=scoring&page=x",                        "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ratings:index",         "GET",  lambda w: R("ratings:index") + "?waiting=%00" + "x" * 300,                        "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ratings:scheme_create", "GET",  lambda w: R("ratings:scheme_create"),                                            "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("ratings:scheme_create", "POST", lambda w: R("ratings:scheme_create"),                                            "302 403 302 403 403 403 403 403 403 403 302", SCHEME)
# Another community: not among the secretary's choices (a form error, 200).
ROWS.row("ratings:scheme_create", "POST", lambda w: R("ratings:scheme_create"),                                            "302 403 200 403 403 403 403 403 403 403 302",
         {**SCHEME, "community": lambda w: str(w.other_community.pk)})
ROWS.row("ratings:scheme",        "GET",  lambda w: R("ratings:scheme", args=[_scheme(w).pk]),                              "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ratings:scheme",        "GET",  lambda w: R("ratings:scheme", args=[_scheme(w, True).pk]),                        "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("ratings:scheme_edit",   "GET",  lambda w: R("ratings:scheme_edit", args=[_scheme(w).pk]),                         "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("ratings:scheme_edit",   "POST", lambda w: R("ratings:scheme_edit", args=[_scheme(w).pk]),                         "302 403 302 403 403 403 403 403 403 403 302", EDIT)
ROWS.row("ratings:scheme_edit",   "POST", lambda w: R("ratings:scheme_edit", args=[_scheme(w, True).pk]),                   "302 403 404 403 403 403 403 403 403 403 302", EDIT)
ROWS.row("ratings:round_create",  "POST", lambda w: R("ratings:round_create", args=[_scheme(w).pk]),                        "302 403 302 403 403 403 403 403 403 403 302", ROUND)
# A period that ends before it starts: the form says so (200).
ROWS.row("ratings:round_create",  "POST", lambda w: R("ratings:round_create", args=[_scheme(w).pk]),                        "200 403 200 403 403 403 403 403 403 403 302",
         {**ROUND, "period_end": "2026-01-01"})
ROWS.row("ratings:round_create",  "POST", lambda w: R("ratings:round_create", args=[_scheme(w, True).pk]),                  "302 403 404 403 403 403 403 403 403 403 302", ROUND)
ROWS.row("ratings:round",         "GET",  lambda w: R("ratings:round", args=[_round(w).pk]),                                "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ratings:round",         "GET",  lambda w: R("ratings:round", args=[_round(w, True).pk]),                          "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("ratings:round_move",    "POST", lambda w: R("ratings:round_move", args=[_round(w, start=False).pk]),              "302 403 302 403 403 403 403 403 403 403 302", {"to": "start"})
ROWS.row("ratings:round_move",    "POST", lambda w: R("ratings:round_move", args=[_round(w).pk]),                           "302 403 302 403 403 403 403 403 403 403 302", {"to": "x" * 300})
ROWS.row("ratings:round_move",    "POST", lambda w: R("ratings:round_move", args=[_round(w, True).pk]),                     "302 403 404 403 403 403 403 403 403 403 302", {"to": "publicise"})
ROWS.row("ratings:round_desk",    "GET",  lambda w: R("ratings:round_desk", args=[_round(w).pk]),                           "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("ratings:round_desk",    "GET",  lambda w: R("ratings:round_desk", args=[_round(w, True).pk]),                     "200 403 404 403 403 403 403 403 403 403 302")
ROWS.row("ratings:round_desk",    "POST", lambda w: R("ratings:round_desk", args=[_round(w).pk]),                           "302 403 302 403 403 403 403 403 403 403 302",
         {"s_0_0": "5"})
ROWS.row("ratings:round_card",    "GET",  _entry_url,                                                                       "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("ratings:round_card",    "GET",  lambda w: _entry_url(w, True),                                                    "200 403 404 403 403 403 403 403 403 403 302")
ROWS.row("ratings:round_card",    "POST", _entry_url,                                                                       "302 403 302 403 403 403 403 403 403 403 302")
# fmt: on
