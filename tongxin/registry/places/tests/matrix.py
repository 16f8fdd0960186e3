# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of places (collected by tests/test_permission_matrix.py).

Reading takes Perm.VIEW over the place's area or an area below it (a grid worker and a building
leader read their community's places); an org secretary's tree holds none (404 for one), and
roles without VIEW are refused the pages (403). Writing takes Perm.EDIT_TREE: admin, the
subdistrict and the community. The public place page and its public photos are read by anyone;
an inactive place and a photo kept for staff are a 404 for everyone there.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _place(w: Any, **extra: Any) -> Any:
    from tongxin.registry.places.tests.support import centre

    return centre(w.community, **extra)


def _other(w: Any) -> Any:
    from tongxin.registry.places.tests.support import centre

    return centre(w.other_community)


def _photo(w: Any, public: bool = True) -> Any:
    from tongxin.registry.places.tests.support import with_photo

    return with_photo(_place(w), public=public)


def _upload(w: Any) -> Any:
    from tongxin.registry.places.tests.support import upload

    return upload()


PLACE = {
    "area": lambda w: w.community.pk,
    "kind": "service_centre",
    "name": "党群服务中心",
    "address": "幸福路1号",
    "phone": "010-6512 3456",
    "hours_1": "08:30-12:00 14:00-17:30",
    "services": "代缴水电费\n老年证办理",
    "active": "on",
}
BAD = {**PLACE, "hours_1": "早上八点", "capacity": "很多", "latitude": "north"}

# fmt: off
#                                                                                                                 adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("places:list", "GET", lambda w: (_place(w), R("places:list"))[1],                                        "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("places:list", "GET", lambda w: R("places:list") + f"?node={w.other_community.pk}",                       "200 200 404 404 404 404 404 403 403 403 302")
ROWS.row("places:list", "GET", lambda w: R("places:list") + "?node=x&kind=%00zzz&page=-1",                        "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("places:new", "GET", lambda w: R("places:new"),                                                          "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("places:new", "POST", lambda w: R("places:new"),                                                         "302 302 302 403 403 403 403 403 403 403 302", PLACE)
ROWS.row("places:new", "POST", lambda w: R("places:new"),                                                         "200 200 200 403 403 403 403 403 403 403 302", BAD)
ROWS.row("places:place", "GET", lambda w: R("places:place", args=[_place(w).pk]),                                 "200 200 200 200 200 200 404 403 403 403 302")
ROWS.row("places:place", "GET", lambda w: R("places:place", args=[_other(w).pk]),                                 "200 200 404 404 404 404 404 403 403 403 302")
ROWS.row("places:edit", "GET", lambda w: R("places:edit", args=[_place(w).pk]),                                   "200 200 200 403 403 403 404 403 403 403 302")
ROWS.row("places:edit", "POST", lambda w: R("places:edit", args=[_place(w).pk]),                                  "302 302 302 403 403 403 404 403 403 403 302", PLACE)
ROWS.row("places:photo_add", "GET", lambda w: R("places:photo_add", args=[_place(w).pk]),                         "200 200 200 403 403 403 404 403 403 403 302")
ROWS.row("places:photo_add", "POST", lambda w: R("places:photo_add", args=[_place(w).pk]),                        "302 302 302 403 403 403 404 403 403 403 302", {"photos": _upload, "caption": "正门", "public": "on"})
ROWS.row("places:photo", "GET", lambda w: R("places:photo", args=[_photo(w, public=False).pk]),                   "200 200 200 200 200 200 404 403 403 403 302")
ROWS.row("places:photo_remove", "POST", lambda w: R("places:photo_remove", args=[_photo(w).pk]),                  "302 302 302 403 403 403 404 403 403 403 302")
ROWS.row("places:public", "GET", lambda w: R("places:public", args=[_place(w).pk]),                               "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("places:public", "GET", lambda w: R("places:public", args=[_place(w, active=False).pk]),                  "404 404 404 404 404 404 404 404 404 404 404")
ROWS.row("places:public_photo", "GET", lambda w: R("places:public_photo", args=[_photo(w).pk]),                   "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("places:public_photo", "GET", lambda w: R("places:public_photo", args=[_photo(w, public=False).pk]),     "404 404 404 404 404 404 404 404 404 404 404")
# fmt: on
