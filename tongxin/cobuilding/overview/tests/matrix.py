# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the co-building figures (collected by tests/test_permission_matrix.py).

Co-building staff (admin, the community) and the subdistrict read the figures; everyone else is
refused (403). A community outside the user's subtree is a 404 (the secretary of 甲 asking for 乙).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _need(w: Any) -> Any:
    """赵党员 reported in to 甲 (confirmed); a need open there."""
    from django.utils import timezone

    from tongxin.cobuilding.projects.models import Need
    from tongxin.partylife.inservice.models import ReportIn

    ReportIn.objects.create(
        member=w.member1, community=w.community, reported_on=datetime.date(2026, 1, 5), confirmed_at=timezone.now()
    )
    return Need.objects.create(community=w.community, category="elderly", title="独居老人助餐")


def _offer(w: Any) -> Any:
    """赵党员 offered to take the need on: waiting for staff."""
    from django.utils import timezone

    from tongxin.cobuilding.projects.models import Need, Project

    need = Need.objects.create(community=w.community, category="elderly", title="助餐", status="claimed")
    return Project.objects.create(
        need=need, community=w.community, member=w.member1, title="助餐", state="proposed", claimed_at=timezone.now()
    )


# fmt: off
#        name                  method url                                                                     adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("cobuilding:figures", "GET", lambda w: R("cobuilding:figures"),                                       "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("cobuilding:figures", "GET", lambda w: R("cobuilding:figures") + f"?node={w.community.pk}",          "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("cobuilding:figures", "GET", lambda w: R("cobuilding:figures") + f"?node={w.other_community.pk}",    "200 200 404 403 403 403 403 403 403 403 302")
# A member offers to take on a need of their community; co-building staff decide.
ROWS.row("cobuilding:offer_need",     "GET",  lambda w: R("cobuilding:offer_need", args=[_need(w).pk]),          "404 404 404 404 404 404 404 200 404 404 302")
ROWS.row("cobuilding:offer_need",     "POST", lambda w: R("cobuilding:offer_need", args=[_need(w).pk]),          "404 404 404 404 404 404 404 302 404 404 302",
         {"description": "每周二送餐"})
ROWS.row("cobuilding:offers",         "GET",  lambda w: R("cobuilding:offers"),                                   "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("cobuilding:offer_confirm",  "POST", lambda w: R("cobuilding:offer_confirm", args=[_offer(w).pk]),      "302 403 302 403 403 403 403 403 403 403 302")
ROWS.row("cobuilding:offer_decline",  "POST", lambda w: R("cobuilding:offer_decline", args=[_offer(w).pk]),      "302 403 302 403 403 403 403 403 403 403 302",
         {"reason": "已有单位对接"})
# fmt: on
