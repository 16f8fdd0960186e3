# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of shared resources and bookings (collected by tests/test_permission_matrix.py).

Co-building staff and the subdistrict read; the unit's contact reads and edits their unit's
resources, approves or refuses bookings of its venues and records who came; staff (Perm.COBUILD)
request bookings for a group. The subdistrict reads but may not act (403). A resource of another
community is a 404 for its neighbour's secretary and for the unit's contact.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _hall(w: Any, unit: Any = None, community: Any = None) -> Any:
    from tongxin.cobuilding.resources.tests.support import hall

    return hall(unit or w.unit, community or w.community)


def _friday() -> str:
    from tongxin.cobuilding.resources.tests.test_services import next_weekday

    return next_weekday(5).isoformat()


def _booking(w: Any) -> Any:
    from tongxin.cobuilding.agreements.tests.support import staff
    from tongxin.cobuilding.resources import services
    from tongxin.cobuilding.resources.tests.test_services import next_weekday

    return services.booking_request(
        actor=staff(), resource=_hall(w), day=next_weekday(5), starts=datetime.time(18), ends=datetime.time(20),
        user_group="第一网格党支部", purpose="主题党日", people=20,
    )  # fmt: skip


def _approved(w: Any) -> Any:
    from django.contrib.auth import get_user_model

    from tongxin.cobuilding.resources.models import Booking

    b = _booking(w)
    Booking.objects.filter(pk=b.pk).update(status="approved", decided_by=get_user_model().objects.first())
    return b


# fmt: off
#                                                                                                                       adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("resources:list", "GET", lambda w: (_hall(w), R("resources:list"))[1],                                         "200 200 200 403 403 403 403 403 200 403 302")
ROWS.row("resources:list", "GET", lambda w: R("resources:list") + f"?node={w.community.pk}&kind=venue&bookable=1&unit=1", "200 200 200 403 403 403 403 403 404 403 302")
ROWS.row("resources:list", "GET", lambda w: R("resources:list") + f"?node={w.other_community.pk}",                     "200 200 404 403 403 403 403 403 404 403 302")
ROWS.row("resources:new", "GET", lambda w: R("resources:new"),                                                          "200 403 200 403 403 403 403 403 200 403 302")
ROWS.row("resources:new", "POST", lambda w: R("resources:new"),                                                         "200 403 200 403 403 403 403 403 200 403 302", {"community": lambda w: w.community.pk, "unit": lambda w: w.unit.pk, "kind": "venue", "name": "", "bookable": "on"})
ROWS.row("resources:new", "POST", lambda w: R("resources:new"),                                                         "302 403 302 403 403 403 403 403 302 403 302", {"community": lambda w: w.community.pk, "unit": lambda w: w.unit.pk, "kind": "funds", "name": "助学资金", "quantity": "10000", "measure": "元", "active": "on"})
ROWS.row("resources:resource", "GET", lambda w: R("resources:resource", args=[_hall(w).pk]),                            "200 200 200 403 403 403 403 403 200 403 302")
ROWS.row("resources:resource", "GET", lambda w: R("resources:resource", args=[_hall(w, w.other_unit, w.other_community).pk]), "200 200 404 403 403 403 403 403 404 403 302")
ROWS.row("resources:edit", "GET", lambda w: R("resources:edit", args=[_hall(w).pk]),                                    "200 403 200 403 403 403 403 403 200 403 302")
ROWS.row("resources:calendar", "GET", lambda w: R("resources:calendar", args=[_hall(w).pk]) + "?week=2026-03-02&day=2026-03-06", "200 200 200 403 403 403 403 403 200 403 302")
ROWS.row("resources:calendar", "GET", lambda w: R("resources:calendar", args=[_hall(w).pk]) + "?week=nonsense&day=9999-99-99", "200 200 200 403 403 403 403 403 200 403 302")
ROWS.row("resources:calendar", "POST", lambda w: R("resources:calendar", args=[_hall(w).pk]),                           "302 403 302 403 403 403 403 403 403 403 302", {"day": lambda w: _friday(), "starts": "18:00", "ends": "20:00", "user_group": "第一网格党支部", "purpose": "主题党日", "people": "20"})
ROWS.row("resources:calendar", "POST", lambda w: R("resources:calendar", args=[_hall(w).pk]),                           "200 403 200 403 403 403 403 403 403 403 302", {"day": "2020-01-03", "starts": "18:10", "ends": "17:00", "user_group": "", "purpose": "", "people": "x"})
ROWS.row("resources:decide", "POST", lambda w: R("resources:decide", args=[_booking(w).pk]),                            "302 403 403 403 403 403 403 403 302 403 302", {"decision": "approve", "next": "portal"})
ROWS.row("resources:decide", "POST", lambda w: R("resources:decide", args=[_booking(w).pk]),                            "302 403 403 403 403 403 403 403 302 403 302", {"decision": "refuse", "decision_note": ""})
ROWS.row("resources:cancel", "POST", lambda w: R("resources:cancel", args=[_booking(w).pk]),                            "302 403 302 403 403 403 403 403 302 403 302")
ROWS.row("resources:attended", "GET", lambda w: R("resources:attended", args=[_approved(w).pk]),                        "200 403 200 403 403 403 403 403 200 403 302")
# fmt: on
