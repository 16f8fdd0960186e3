# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the estates' owners' committees (collected by tests/test_permission_matrix.py).

Reading takes Perm.ESTATE over the estate's community (admin, the community secretary) or the
subdistrict's role above it; writing takes Perm.ESTATE (the subdistrict reads but may not act:
403). Grid workers, building leaders, Party and unit roles get 403; an estate of another
community is a 404 for the neighbour's secretary.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _estate(w: Any) -> Any:
    from tongxin.estates.owners.tests.support import committee, estate

    e = estate(w.community)
    committee(e, members=3)
    return e


def _other(w: Any) -> Any:
    from tongxin.estates.owners.tests.support import estate

    return estate(w.other_community, "乙小区")


def _committee(w: Any) -> Any:
    return _estate(w).owners_committees.get()


def _member(w: Any) -> Any:
    return _committee(w).members.order_by("id").last()


def _appointment(w: Any) -> Any:
    import datetime

    from tongxin.estates.owners import services
    from tongxin.estates.owners.tests.support import staff

    return services.appointment_save(
        actor=staff(), estate=_estate(w), person="周经理", company="安居物业", company_post="项目经理",
        party_post="社区党委兼职委员", since=datetime.date(2025, 3, 1),
    )  # fmt: skip


# fmt: off
#                                                                                                       adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("owners:estates", "GET", lambda w: (_estate(w), R("owners:estates"))[1],                        "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("owners:estates", "GET", lambda w: R("owners:estates") + "?term=ending&without=1&page=x",       "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("owners:estate", "GET", lambda w: R("owners:estate", args=[_estate(w).pk]),                     "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("owners:estate", "GET", lambda w: R("owners:estate", args=[_other(w).pk]),                      "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("owners:estate", "GET", lambda w: R("owners:estate", args=[2**62 + 5]),                         "404 404 404 403 403 403 403 403 403 403 302")
ROWS.row("owners:committee_new", "GET", lambda w: R("owners:committee_new", args=[_estate(w).pk]),       "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("owners:committee_new", "POST", lambda w: R("owners:committee_new", args=[_estate(w).pk]),      "302 403 302 403 403 403 403 403 403 403 302", {"elected_on": "2029-12-20", "term_starts": "2030-01-01", "term_ends": "2034-12-31"})
ROWS.row("owners:committee_new", "POST", lambda w: R("owners:committee_new", args=[_estate(w).pk]),      "200 403 200 403 403 403 403 403 403 403 302", {"elected_on": "x", "term_starts": "2030-01-01", "term_ends": "2020-12-31"})
ROWS.row("owners:committee_edit", "GET", lambda w: R("owners:committee_edit", args=[_committee(w).pk]),  "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("owners:member_new", "GET", lambda w: R("owners:member_new", args=[_committee(w).pk]),          "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("owners:member_new", "POST", lambda w: R("owners:member_new", args=[_committee(w).pk]),         "302 403 302 403 403 403 403 403 403 403 302", {"name": "孙委员", "post": "member", "phone": "13700001234", "resident": ""})
ROWS.row("owners:member_new", "POST", lambda w: R("owners:member_new", args=[_committee(w).pk]),         "200 403 200 403 403 403 403 403 403 403 302", {"name": "", "post": "king", "phone": "12", "resident": "999999"})
ROWS.row("owners:member_edit", "GET", lambda w: R("owners:member_edit", args=[_member(w).pk]),           "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("owners:member_remove", "POST", lambda w: R("owners:member_remove", args=[_member(w).pk]),      "302 403 302 403 403 403 403 403 403 403 302")
ROWS.row("owners:member_reveal", "POST", lambda w: R("owners:member_reveal", args=[_member(w).pk]),      "200 200 200 403 403 403 403 403 403 403 302", {"field": "phone"})
ROWS.row("owners:appointment_new", "GET", lambda w: R("owners:appointment_new", args=[_estate(w).pk]),   "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("owners:appointment_new", "POST", lambda w: R("owners:appointment_new", args=[_estate(w).pk]),  "302 403 302 403 403 403 403 403 403 403 302", {"person": "周经理", "company": "安居物业", "company_post": "项目经理", "party_post": "兼职委员", "since": "2025-03-01", "until": ""})
ROWS.row("owners:appointment_edit", "GET", lambda w: R("owners:appointment_edit", args=[_appointment(w).pk]), "200 403 200 403 403 403 403 403 403 403 302")
# fmt: on
