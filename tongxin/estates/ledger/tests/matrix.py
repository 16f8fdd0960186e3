# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the estates' ledgers (collected by tests/test_permission_matrix.py).

Staff pages: Perm.ESTATE writes (admin, the community secretary), the subdistrict reads (a write
is 403), everyone else 403; another community's estate is 404. The public ledger and the ask
form need no account: 200 for everyone, anonymous included. A receipt photo is public once its
month is published; before, only those who read the ledger see it (404 for the rest).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse as R
from django.utils import timezone

from tests.matrix_rows import Rows

ROWS = Rows()


def _last_month() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _published(w: Any) -> Any:
    from tongxin.estates.ledger.tests.support import published_estate

    return published_estate(w.community, _last_month())


def _other(w: Any) -> Any:
    from tongxin.estates.ledger.tests.support import published_estate

    return published_estate(w.other_community, _last_month(), name="乙小区")


def _draft(w: Any) -> Any:
    from tongxin.estates.ledger.tests.support import draft

    estate, _entry = _published(w)
    return draft(estate, "repairs", "120", timezone.localdate(), "修路灯")


def _question(w: Any) -> Any:
    from tongxin.estates.ledger import services

    return services.question_ask(entry=_published(w)[1], asker="3-501", text="停车费怎么收的？")


def _receipt(w: Any, published: bool) -> Any:
    from tongxin.estates.ledger import services
    from tongxin.estates.ledger.models import Receipt
    from tongxin.estates.ledger.tests.support import category, committee, estate, staff
    from tongxin.grid.cases.photos import photos_process
    from tongxin.grid.cases.tests.photo_files import jpeg, upload

    e = estate(w.community, "收据小区")
    c = committee(e, members=2)
    photo = photos_process([upload("receipt.jpg", jpeg((320, 240)))])[0]
    entry = services.entry_save(
        actor=staff(), estate=e, category=category(e, "repairs"), occurred_on=_last_month(), amount="80",
        description="换灯泡", photos=[photo],
    )  # fmt: skip
    if published:
        services.entry_approve(actor=staff(), entry=entry, member=c.members.all()[0])
        services.month_publish(actor=staff(), estate=e, month=_last_month())
    return Receipt.objects.filter(entry=entry).get()


def _category(w: Any) -> Any:
    from tongxin.estates.ledger.tests.support import category, estate

    return category(estate(w.community), "security")


# fmt: off
#                                                                                                                    adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("ledger:ledger", "GET", lambda w: R("ledger:ledger", args=[_published(w)[0].pk]),                            "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ledger:ledger", "GET", lambda w: R("ledger:ledger", args=[_published(w)[0].pk]) + "?month=2026-13",           "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ledger:ledger", "GET", lambda w: R("ledger:ledger", args=[_other(w)[0].pk]),                                "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("ledger:entry_new", "GET", lambda w: R("ledger:entry_new", args=[_published(w)[0].pk]),                      "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("ledger:entry_new", "POST", lambda w: R("ledger:entry_new", args=[_published(w)[0].pk]),                     "200 403 200 403 403 403 403 403 403 403 302", {"category": "abc", "occurred_on": "2026-02-30", "amount": "1,000", "description": ""})
ROWS.row("ledger:month_publish", "POST", lambda w: R("ledger:month_publish", args=[_published(w)[0].pk]),             "302 403 302 403 403 403 403 403 403 403 302", {"month": "2026-13"})
ROWS.row("ledger:categories", "GET", lambda w: R("ledger:categories", args=[_published(w)[0].pk]),                    "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ledger:categories", "POST", lambda w: R("ledger:categories", args=[_published(w)[0].pk]),                   "302 403 302 403 403 403 403 403 403 403 302", {"name": "快递柜收益", "direction": "income"})
ROWS.row("ledger:category_toggle", "POST", lambda w: R("ledger:category_toggle", args=[_category(w).pk]),             "302 403 302 403 403 403 403 403 403 403 302")
ROWS.row("ledger:entry", "GET", lambda w: R("ledger:entry", args=[_published(w)[1].pk]),                              "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ledger:entry", "GET", lambda w: R("ledger:entry", args=[_other(w)[1].pk]),                                  "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("ledger:entry_edit", "GET", lambda w: R("ledger:entry_edit", args=[_draft(w).pk]),                           "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("ledger:entry_edit", "GET", lambda w: R("ledger:entry_edit", args=[_published(w)[1].pk]),                    "302 403 302 403 403 403 403 403 403 403 302")
ROWS.row("ledger:entry_discard", "POST", lambda w: R("ledger:entry_discard", args=[_draft(w).pk]),                    "302 403 302 403 403 403 403 403 403 403 302")
ROWS.row("ledger:entry_approve", "POST", lambda w: R("ledger:entry_approve", args=[_draft(w).pk]),                    "302 403 302 403 403 403 403 403 403 403 302", {"member": "x"})
ROWS.row("ledger:entry_correct", "GET", lambda w: R("ledger:entry_correct", args=[_published(w)[1].pk]),              "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("ledger:entry_correct", "POST", lambda w: R("ledger:entry_correct", args=[_published(w)[1].pk]),             "302 403 302 403 403 403 403 403 403 403 302", {"amount": "-100", "description": "多记100元"})
ROWS.row("ledger:receipt", "GET", lambda w: R("ledger:receipt", args=[_receipt(w, True).pk, "thumb"]),                "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("ledger:receipt", "GET", lambda w: R("ledger:receipt", args=[_receipt(w, False).pk, "full"]),                "200 200 200 404 404 404 404 404 404 404 404")
ROWS.row("ledger:drafts", "GET", lambda w: (_draft(w), R("ledger:drafts"))[1],                                        "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ledger:ready", "GET", lambda w: R("ledger:ready"),                                                          "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ledger:questions", "GET", lambda w: (_question(w), R("ledger:questions"))[1],                                "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ledger:questions", "GET", lambda w: R("ledger:questions") + "?answered=1&page=999",                           "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("ledger:question_answer", "POST", lambda w: R("ledger:question_answer", args=[_question(w).pk]),             "302 403 302 403 403 403 403 403 403 403 302", {"answer": "每车每月100元，收据已公示"})
ROWS.row("ledger:public", "GET", lambda w: R("ledger:public", args=[_published(w)[0].pk]),                            "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("ledger:public", "GET", lambda w: R("ledger:public", args=[_draft(w).estate_id + 10**6]),                   "404 404 404 404 404 404 404 404 404 404 404")
ROWS.row("ledger:public_ask", "GET", lambda w: R("ledger:public_ask", args=[_published(w)[1].pk]),                    "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("ledger:public_ask", "GET", lambda w: R("ledger:public_ask", args=[_draft(w).pk]),                           "404 404 404 404 404 404 404 404 404 404 404")
ROWS.row("ledger:public_ask", "POST", lambda w: R("ledger:public_ask", args=[_published(w)[1].pk]),                   "302 302 302 302 302 302 302 302 302 302 302", {"asker": "3号楼501", "text": "三月停车费为何比二月少？", "phone": ""})
# fmt: on
