# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of commitments (collected by tests/test_permission_matrix.py).

Reading takes Perm.RECOGNISE over the community (admin, its secretary), the subdistrict above it,
or — for pledges only — Perm.PARTY_WORK over the member's organization (the branch secretary of
第一网格党支部 reads 赵党员's pledge, not 钱党员's). Changing a pledge: the staff or the branch; the
items, the convention and the board cards: the staff only (the subdistrict reads, 403). Roles
without any of these get 403; a community out of scope is a 404.
"""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse as R
from django.utils import timezone

from tests.matrix_rows import Rows

ROWS = Rows()


def _items(w: Any) -> list[Any]:
    from tongxin.council.commitments.models import PledgeItem
    from tongxin.council.commitments.tests.support import red_six

    return list(PledgeItem.objects.filter(community=w.community).order_by("position")) or red_six(w.community)


def _item(w: Any) -> str:
    return str(_items(w)[0].pk)


def _pledged(w: Any) -> Any:
    from tongxin.council.commitments.tests.support import pledge

    _items(w)
    return pledge(w.member1, w.community, entries=1)


def _entry_url(w: Any) -> str:
    return R("commitments:fulfilment_verify", args=[_pledged(w).fulfilments.first().pk])


def _fulfil_url(w: Any) -> str:
    _pledged(w)
    return R("commitments:fulfilment_add", args=[w.community.pk, w.member1.pk])


def _item_url(w: Any) -> str:
    return R("commitments:item_edit", args=[w.community.pk, _items(w)[0].pk])


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (12, 15), (200, 16, 46)).save(out, "JPEG")
    return out.getvalue()


def _photo_url(w: Any, consent: bool) -> str:
    from tongxin.council.commitments import services
    from tongxin.council.commitments.tests.support import staff

    card = services.card_save(
        actor=staff(),
        member=w.member1,
        community=w.community,
        post="党员中心户",
        shown=True,
        photo_consent=consent,
        photo=_jpeg(),
    )
    return R("commitments:member_photo", args=[card.pk])


def _today(w: Any) -> str:
    return timezone.localdate().isoformat()


C = lambda name, *extra: lambda w: R(f"commitments:{name}", args=[w.community.pk, *[e(w) for e in extra]])  # noqa: E731
OTHER = lambda name: lambda w: R(f"commitments:{name}", args=[w.other_community.pk])  # noqa: E731
M1 = lambda w: w.member1.pk  # noqa: E731
M2 = lambda w: w.member2.pk  # noqa: E731
PLEDGE = {"items": _item, "words": "每月清理楼道", "pledged_on": _today}
CONVENTION = {"articles": "爱护公共环境\n文明养犬", "adopted_on": _today, "decided_by": "居民代表会议"}

# fmt: off
#        name                              method  url                                          adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("commitments:index",             "GET",  lambda w: R("commitments:index"),             "200 200 302 403 403 403 302 403 403 403 302")
ROWS.row("commitments:pledges",           "GET",  C("pledges"),                                 "200 200 200 403 403 403 200 403 403 403 302")
ROWS.row("commitments:pledges",           "GET",  lambda w: C("pledges")(w) + "?year=x&branch=%00", "200 200 200 403 403 403 200 403 403 403 302")
ROWS.row("commitments:pledges",           "GET",  OTHER("pledges"),                             "200 200 404 403 403 403 404 403 403 403 302")
ROWS.row("commitments:pledge",            "GET",  C("pledge", M1),                              "200 200 200 403 403 403 200 403 403 403 302")
ROWS.row("commitments:pledge",            "GET",  C("pledge", M2),                              "200 200 200 403 403 403 404 403 403 403 302")
ROWS.row("commitments:pledge",            "POST", C("pledge", M1),                              "302 403 302 403 403 403 302 403 403 403 302", PLEDGE)
ROWS.row("commitments:pledge",            "POST", C("pledge", M1),                              "200 403 200 403 403 403 200 403 403 403 302", {**PLEDGE, "items": "999999"})
ROWS.row("commitments:fulfilment_add",    "POST", _fulfil_url,                                  "302 403 302 403 403 403 302 403 403 403 302", {"done_on": _today, "text": "清理楼道"})
ROWS.row("commitments:fulfilment_verify", "POST", _entry_url,                                   "302 403 302 403 403 403 302 403 403 403 302")
ROWS.row("commitments:items",             "GET",  C("items"),                                   "200 200 200 403 403 403 404 403 403 403 302")
ROWS.row("commitments:items",             "GET",  OTHER("items"),                               "200 200 404 403 403 403 404 403 403 403 302")
ROWS.row("commitments:items",             "POST", C("items"),                                   "302 403 302 403 403 403 404 403 403 403 302", {"item-title": "带头节约用水"})
ROWS.row("commitments:items_template",    "POST", C("items_template"),                          "302 403 302 403 403 403 404 403 403 403 302", {"tpl-template": "red_six"})
ROWS.row("commitments:item_edit",         "POST", _item_url,                                    "302 403 302 403 403 403 404 403 403 403 302", {"title": "亮身份", "is_active": "on"})
ROWS.row("commitments:convention",        "GET",  C("convention"),                              "200 200 200 403 403 403 404 403 403 403 302")
ROWS.row("commitments:convention",        "POST", C("convention"),                              "302 403 302 403 403 403 404 403 403 403 302", CONVENTION)
ROWS.row("commitments:convention",        "POST", C("convention"),                              "200 403 200 403 403 403 404 403 403 403 302", {**CONVENTION, "topic": "999999"})
ROWS.row("commitments:cards",             "GET",  C("cards"),                                   "200 200 200 403 403 403 404 403 403 403 302")
ROWS.row("commitments:card",              "GET",  C("card", M1),                                "200 403 200 403 403 403 404 403 403 403 302")
ROWS.row("commitments:card",              "POST", C("card", M1),                                "302 403 302 403 403 403 404 403 403 403 302", {"post": "楼栋长", "shown": "on"})
# The photo of a member on the public board: everyone while the member consents, no one without.
ROWS.row("commitments:member_photo",      "GET",  lambda w: _photo_url(w, True),                "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("commitments:member_photo",      "GET",  lambda w: _photo_url(w, False),               "404 404 404 404 404 404 404 404 404 404 404")
# fmt: on
