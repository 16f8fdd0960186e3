# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the errands (collected by tests/test_permission_matrix.py).

Reading takes Perm.FRONT_DESK or the subdistrict's role; writing takes Perm.FRONT_DESK over the
community (the subdistrict reads but may not act: 403). An errand of another community is a 404
for its neighbour's secretary. A visitor's phone is revealed to those who may reveal (audited).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _errand(w: Any) -> Any:
    from tongxin.frontdesk.errands.tests.support import errand

    return errand(w.community, resident=w.zhangsan)


def _visitor(w: Any) -> Any:
    from tongxin.frontdesk.errands.tests.support import errand

    return errand(w.community, visitor_name="赵来访", visitor_phone="13912345678")


def _other(w: Any) -> Any:
    from tongxin.frontdesk.errands.tests.support import errand

    return errand(w.other_community, resident=w.wangwu)


# fmt: off
#                                                                                                                     adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("errands:list", "GET", lambda w: (_errand(w), R("errands:list"))[1],                                           "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("errands:list", "GET", lambda w: R("errands:list") + f"?node={w.other_community.pk}&due=soon&status=x&from=abc&to=2026-02-30", "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("errands:new", "GET", lambda w: R("errands:new") + f"?community={w.community.pk}&q=张",                       "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("errands:new", "POST", lambda w: R("errands:new") + f"?community={w.community.pk}&resident={w.zhangsan.pk}",  "302 403 302 403 403 403 403 403 403 403 302", {"kind": "disability_card", "description": "残疾人证年审", "office": "区残联", "documents": "身份证复印件\n照片", "received_on": "2026-03-02"})
ROWS.row("errands:new", "GET", lambda w: R("errands:new") + f"?community={w.community.pk}&resident={w.wangwu.pk}",     "404 403 404 403 403 403 403 403 403 403 302")
ROWS.row("errands:errand", "GET", lambda w: R("errands:errand", args=[_visitor(w).pk]),                                "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("errands:errand", "GET", lambda w: R("errands:errand", args=[_other(w).pk]),                                  "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("errands:step", "POST", lambda w: R("errands:step", args=[_errand(w).pk]),                                    "302 403 302 403 403 403 403 403 403 403 302", {"step-on": "2026-03-03"})
ROWS.row("errands:cancel", "POST", lambda w: R("errands:cancel", args=[_errand(w).pk]),                                "302 403 302 403 403 403 403 403 403 403 302", {"cancel-reason": "群众自行办理"})
ROWS.row("errands:document_add", "POST", lambda w: R("errands:document_add", args=[_errand(w).pk]),                    "302 403 302 403 403 403 403 403 403 403 302", {"doc-name": "户口本复印件", "doc-received_on": "2026-03-03"})
ROWS.row("errands:reveal", "POST", lambda w: R("errands:reveal", args=[_visitor(w).pk]),                               "200 200 200 403 403 403 403 403 403 403 302", {"field": "phone"})
# fmt: on
