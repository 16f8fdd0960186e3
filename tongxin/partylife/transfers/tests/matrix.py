# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows for the transfers pages (collected by tests/test_permission_matrix.py)."""

from __future__ import annotations

from django.urls import reverse as R

from tests.matrix_rows import Rows
from tongxin.partylife.transfers.tests.support import floating_in, floating_out, internal_transfer, out_transfer, walk

ROWS = Rows()

# fmt: off
#       name                          method  url                                                                                  adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("transfers:list",            "GET",  lambda w: R("transfers:list"),                                                       "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("transfers:list",            "GET",  lambda w: R("transfers:list") + f"?node={w.branch1.pk}&state=x&overdue=zz",          "200 200 200 200 404 404 200 403 403 403 302")
ROWS.row("transfers:list",            "GET",  lambda w: R("transfers:list") + "?state=pending",                                    "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("transfers:create",          "GET",  lambda w: R("transfers:create"),                                                     "200 403 200 403 403 403 200 403 403 403 302")
ROWS.row("transfers:create",          "GET",  lambda w: R("transfers:create") + f"?direction=in&node={w.branch2.pk}",              "200 403 200 403 403 403 404 403 403 403 302")
ROWS.row("transfers:detail",          "GET",  lambda w: R("transfers:detail", args=[out_transfer(w).pk]),                          "200 200 200 200 404 404 200 200 404 404 302")
ROWS.row("transfers:detail",          "GET",  lambda w: R("transfers:detail", args=[internal_transfer(w).pk]),                     "200 200 200 200 200 404 200 200 404 404 302")
ROWS.row("transfers:transition",      "POST", lambda w: R("transfers:transition", args=[out_transfer(w).pk]),                      "302 403 302 403 404 404 302 403 404 404 302", {"to": "sent"})
# Receiving belongs to the receiving branch: branch 1's secretary may not receive into branch 2.
ROWS.row("transfers:transition",      "POST", lambda w: R("transfers:transition", args=[walk(internal_transfer(w), "sent").pk]), "302 403 302 403 403 404 403 403 404 404 302", {"to": "received"})
ROWS.row("transfers:floating",        "GET",  lambda w: R("transfers:floating"),                                                   "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("transfers:floating",        "GET",  lambda w: R("transfers:floating") + f"?show=in&node={w.branch1.pk}&flag=x",          "200 200 200 200 404 404 200 403 403 403 302")
ROWS.row("transfers:floating_create", "GET",  lambda w: R("transfers:floating_create"),                                            "200 403 200 403 403 403 200 403 403 403 302")
ROWS.row("transfers:floating_create", "GET",  lambda w: R("transfers:floating_create") + "?kind=in",                               "200 403 200 403 403 403 200 403 403 403 302")
ROWS.row("transfers:floating_detail", "GET",  lambda w: R("transfers:floating_detail", args=["out", floating_out(w).pk]),           "200 200 200 200 404 404 200 200 404 404 302")
ROWS.row("transfers:floating_detail", "GET",  lambda w: R("transfers:floating_detail", args=["in", floating_in(w).pk]),             "200 200 200 404 404 404 404 404 404 404 302")
ROWS.row("transfers:floating_detail", "GET",  lambda w: R("transfers:floating_detail", args=["sideways", floating_out(w).pk]),      "404 404 404 404 404 404 404 404 404 404 302")
ROWS.row("transfers:contact_create",  "POST", lambda w: R("transfers:contact_create", args=[floating_out(w).pk]),                  "302 403 302 403 404 404 302 403 404 404 302", {"on": "2025-06-01", "how": "phone", "note": "电话联系"})
ROWS.row("transfers:floating_end",    "POST", lambda w: R("transfers:floating_end", args=["out", floating_out(w).pk]),             "302 403 302 403 404 404 302 403 404 404 302", {"on": "2025-06-01"})
ROWS.row("transfers:floating_end",    "POST", lambda w: R("transfers:floating_end", args=["in", floating_in(w).pk]),               "302 403 302 404 404 404 404 404 404 404 302", {"on": "2025-06-01"})
ROWS.row("transfers:floating_end",    "POST", lambda w: R("transfers:floating_end", args=["sideways", floating_out(w).pk]),        "404 404 404 404 404 404 404 404 404 404 302", {"on": "2025-06-01"})
# fmt: on
