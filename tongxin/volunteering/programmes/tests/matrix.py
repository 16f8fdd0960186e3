# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows for the programme pages (collected by tests/test_permission_matrix.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse as R
from django.utils import timezone

from tests.matrix_rows import Rows

ROWS = Rows()


def _programme(w: Any, *, published: bool = True, community: Any = None) -> Any:
    """An after-school class of 甲社区 (or another community) running now, 20 seats, ages 6–12."""
    from tongxin.volunteering.programmes.tests.support import programme

    today = timezone.localdate()
    return programme(
        community or w.community,
        start_date=today - datetime.timedelta(days=10),
        end_date=today + datetime.timedelta(days=60),
        is_published=published,
    )


def _session(w: Any) -> Any:
    from tongxin.volunteering.programmes.tests.support import session

    return session(_programme(w), timezone.localdate() - datetime.timedelta(days=1))


def _enrolment(w: Any) -> Any:
    from tongxin.volunteering.programmes import services
    from tongxin.volunteering.programmes.tests.support import staff

    return services.enrolment_create(
        actor=staff(),
        programme=_programme(w),
        name="张小明",
        phone="13812345678",
        birth_date=_birth(),
        guardian_name="张三",
    )


def _birth() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=365 * 8)


def _programme_data(w: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "area": lambda w: str(w.community.pk),
        "kind": "lecture",
        "title": "社区大讲堂",
        "place": "会议室",
        "start_date": today.isoformat(),
        "end_date": today.isoformat(),
        "capacity": "50",
        "audience": "anyone",
    }


CHILD = {
    "name": "李小红",
    "birth_date": lambda w: _birth().isoformat(),
    "guardian_name": "李四",
    "phone": "13900001111",
    "consent": "on",
}

# fmt: off
# Staff pages: read with VIEW in the community's subtree (a grid worker's grid holds no programme
# of the community: 404), changed with SERVICE (admin, community secretary).
ROWS.row("programmes:list",            "GET",  lambda w: R("programmes:list"),                                                "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("programmes:list",            "GET",  lambda w: R("programmes:list") + f"?node={w.other_community.pk}&kind=x&period=y", "200 200 404 404 404 404 404 403 403 403 302")
ROWS.row("programmes:create",          "GET",  lambda w: R("programmes:create"),                                              "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("programmes:create",          "POST", lambda w: R("programmes:create"),                                              "302 403 302 403 403 403 403 403 403 403 302", _programme_data(None))
ROWS.row("programmes:detail",          "GET",  lambda w: R("programmes:detail", args=[_programme(w).pk]),                     "200 200 200 404 404 404 404 404 404 404 302")
ROWS.row("programmes:detail",          "GET",  lambda w: R("programmes:detail", args=[_programme(w, community=w.other_community).pk]), "200 200 404 404 404 404 404 404 404 404 302")
ROWS.row("programmes:edit",            "GET",  lambda w: R("programmes:edit", args=[_programme(w).pk]),                       "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("programmes:edit",            "POST", lambda w: R("programmes:edit", args=[_programme(w).pk]),                       "302 403 302 404 404 404 404 404 404 404 302", _programme_data(None))
ROWS.row("programmes:session_add",     "GET",  lambda w: R("programmes:session_add", args=[_programme(w).pk]),                "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("programmes:session_add",     "POST", lambda w: R("programmes:session_add", args=[_programme(w).pk]),                "302 403 302 404 404 404 404 404 404 404 302",
         {"date": lambda w: timezone.localdate().isoformat(), "starts_at": "16:30", "ends_at": "18:00"})
ROWS.row("programmes:sessions_repeat", "GET",  lambda w: R("programmes:sessions_repeat", args=[_programme(w).pk]),            "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("programmes:enrol",           "GET",  lambda w: R("programmes:enrol", args=[_programme(w).pk]),                      "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("programmes:enrol",           "POST", lambda w: R("programmes:enrol", args=[_programme(w).pk]),                      "302 403 302 404 404 404 404 404 404 404 302", CHILD)
ROWS.row("programmes:enrolment_cancel", "POST", lambda w: R("programmes:enrolment_cancel", args=[_enrolment(w).pk]),          "302 403 302 404 404 404 404 404 404 404 302")
# A full phone number: REVEAL in the community's subtree (the subdistrict officer too), audited.
ROWS.row("programmes:enrolment_reveal", "POST", lambda w: R("programmes:enrolment_reveal", args=[_enrolment(w).pk]),          "200 200 200 404 404 404 404 404 404 404 302")
ROWS.row("programmes:attendance",      "GET",  lambda w: R("programmes:attendance", args=[_session(w).pk]),                   "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("programmes:attendance",      "POST", lambda w: R("programmes:attendance", args=[_session(w).pk]),                   "302 403 302 404 404 404 404 404 404 404 302", {"present": ["x", "99999999"]})
ROWS.row("programmes:session_held",    "POST", lambda w: R("programmes:session_held", args=[_session(w).pk]),                 "302 403 302 404 404 404 404 404 404 404 302")
# Public pages: anyone, signed in or not; an unpublished programme does not exist there; an
# enrolment's page opens only in the browser session that made it or looked it up.
ROWS.row("programmes:public_list",     "GET",  lambda w: R("programmes:public_list") + f"?community={w.community.pk}",       "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("programmes:public_detail",   "GET",  lambda w: R("programmes:public_detail", args=[_programme(w).pk]),              "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("programmes:public_detail",   "GET",  lambda w: R("programmes:public_detail", args=[_programme(w, published=False).pk]), "404 404 404 404 404 404 404 404 404 404 404")
ROWS.row("programmes:public_enrol",    "GET",  lambda w: R("programmes:public_enrol", args=[_programme(w).pk]),               "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("programmes:public_enrol",    "POST", lambda w: R("programmes:public_enrol", args=[_programme(w).pk]),               "302 302 302 302 302 302 302 302 302 302 302", CHILD)
ROWS.row("programmes:public_enrol",    "POST", lambda w: R("programmes:public_enrol", args=[_programme(w, published=False).pk]), "404 404 404 404 404 404 404 404 404 404 404", CHILD)
ROWS.row("programmes:public_lookup",   "GET",  lambda w: R("programmes:public_lookup"),                                       "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("programmes:public_enrolment", "GET", lambda w: R("programmes:public_enrolment", args=[_enrolment(w).code]),          "404 404 404 404 404 404 404 404 404 404 404")
ROWS.row("programmes:public_cancel",   "POST", lambda w: R("programmes:public_cancel", args=[_enrolment(w).code]),            "404 404 404 404 404 404 404 404 404 404 404")
# fmt: on
