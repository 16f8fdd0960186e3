# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of notices to households (collected by tests/test_permission_matrix.py).

The office's pages take Perm.CAMPAIGN over the community (admin, the community secretary) to
write; the subdistrict reads (403 on writes). The notices list answers grid workers and building
leaders too (the notices they have households left for); the to-deliver list and the door
confirmation take Perm.VISIT in the household's place: a household of the neighbour's grid is a
404, a notice of another community a 404.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _draft(w: Any) -> Any:
    from tongxin.fieldwork.notices.tests.support import draft_notice

    return draft_notice(w.community)


def _sent(w: Any) -> Any:
    from tongxin.fieldwork.notices.tests.support import sent_notice

    return sent_notice(w.community)


def _other(w: Any) -> Any:
    from tongxin.fieldwork.notices.tests.support import sent_notice

    return sent_notice(w.other_community)


def _delivery(w: Any) -> Any:
    from tongxin.fieldwork.notices.models import NoticeDelivery

    return NoticeDelivery.objects.get(notice=_sent(w), household=w.household1)


NEW = {
    "title": "疫苗接种通知",
    "text": "周六上午接种",
    "area": lambda w: w.community.pk,
    "audience": "households",
    "care_category": "",
    "by_text": "on",
    "by_door": "on",
}

# fmt: off
#                                                                                                                 adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("notices:list", "GET", lambda w: R("notices:list"),                                                        "200 200 200 200 200 200 403 403 403 403 302")
ROWS.row("notices:list", "GET", lambda w: (_sent(w), R("notices:list") + "?status=sent&page=x")[1],                 "200 200 200 200 200 200 403 403 403 403 302")
ROWS.row("notices:new", "GET", lambda w: R("notices:new"),                                                          "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("notices:new", "POST", lambda w: R("notices:new"),                                                         "302 403 302 403 403 403 403 403 403 403 302", NEW)
ROWS.row("notices:new", "POST", lambda w: R("notices:new"),                                                         "200 403 200 403 403 403 403 403 403 403 302", {**NEW, "title": "", "area": "abc", "text": "字" * 400})
ROWS.row("notices:notice", "GET", lambda w: R("notices:notice", args=[_sent(w).pk]),                                "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("notices:notice", "GET", lambda w: R("notices:notice", args=[_other(w).pk]),                               "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("notices:edit", "GET", lambda w: R("notices:edit", args=[_draft(w).pk]),                                   "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("notices:edit", "POST", lambda w: R("notices:edit", args=[_draft(w).pk]),                                  "302 403 302 403 403 403 403 403 403 403 302", {**NEW, "title": "改名"})
ROWS.row("notices:send", "POST", lambda w: R("notices:send", args=[_draft(w).pk]),                                  "302 403 302 403 403 403 403 403 403 403 302")
ROWS.row("notices:remind", "POST", lambda w: R("notices:remind", args=[_sent(w).pk]),                               "302 403 302 403 403 403 403 403 403 403 302")
ROWS.row("notices:close", "POST", lambda w: R("notices:close", args=[_sent(w).pk]),                                 "302 403 302 403 403 403 403 403 403 403 302")
ROWS.row("notices:deliver", "GET", lambda w: R("notices:deliver"),                                                  "200 403 200 200 200 200 403 403 403 403 302")
ROWS.row("notices:deliver", "GET", lambda w: R("notices:deliver") + f"?notice={_sent(w).pk}",                       "200 403 200 200 200 200 403 403 403 403 302")
ROWS.row("notices:deliver", "GET", lambda w: R("notices:deliver") + f"?notice={_other(w).pk}",                      "200 403 404 404 404 404 403 403 403 403 302")
ROWS.row("notices:confirm", "POST", lambda w: R("notices:confirm", args=[_delivery(w).pk]),                         "302 403 302 302 404 302 403 403 403 403 302")
ROWS.row("notices:confirm", "POST", lambda w: R("notices:confirm", args=[_delivery(w).pk]),                         "302 403 302 302 404 302 403 403 403 403 302", {"nobody_home": "1", "notice": "x"})
# fmt: on
