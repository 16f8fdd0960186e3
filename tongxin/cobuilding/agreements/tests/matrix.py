# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of co-building agreements (collected by tests/test_permission_matrix.py).

Reading takes Perm.COBUILD over the community or the subdistrict's role above it; the unit's own
contact opens their unit's agreement (from the portal) and reports deliveries, nothing else.
Writing takes Perm.COBUILD (admin, the community secretary): the subdistrict reads but may not
act (403). An agreement of another community is a 404 for its neighbour's secretary.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _draft(w: Any) -> Any:
    from tongxin.cobuilding.agreements import services
    from tongxin.cobuilding.agreements.tests.support import draft, staff

    a = draft(w.unit, w.community)
    services.commitment_add(actor=staff(), agreement=a, kind="money", description="资助", quantity="100")
    return a


def _signed(w: Any, unit: Any = None, community: Any = None) -> Any:
    from tongxin.cobuilding.agreements.tests.support import signed_agreement

    return signed_agreement(unit or w.unit, community or w.community)


def _other(w: Any) -> Any:
    return _signed(w, w.other_unit, w.other_community)


def _scanned(w: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tongxin.cobuilding.agreements import services
    from tongxin.cobuilding.agreements.tests.support import staff

    a = _signed(w)
    pdf = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    services.agreement_scan_upload(actor=staff(), agreement=a, upload=pdf)
    return a


def _commitment(w: Any) -> Any:
    return _signed(w).commitments.order_by("id").first()


# fmt: off
#                                                                                                                       adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("agreements:list", "GET", lambda w: R("agreements:list"),                                                       "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("agreements:list", "GET", lambda w: (_signed(w), R("agreements:list") + f"?node={w.community.pk}&year=2026&status=signed&kind=hospital&ending=soon")[1], "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("agreements:list", "GET", lambda w: R("agreements:list") + f"?node={w.other_community.pk}",                       "200 200 404 403 403 403 403 403 403 403 302")
ROWS.row("agreements:list", "GET", lambda w: R("agreements:list") + "?node=x&year=abc&status=zzz&kind=%00",                "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("agreements:new", "GET", lambda w: R("agreements:new"),                                                         "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("agreements:new", "POST", lambda w: R("agreements:new"),                                                        "200 403 200 403 403 403 403 403 403 403 302", {"unit": lambda w: w.unit.pk, "year": "2026", "title": "", "starts_on": "2026-01-01", "ends_on": "2025-12-31"})
ROWS.row("agreements:new", "POST", lambda w: R("agreements:new"),                                                        "302 403 302 403 403 403 403 403 403 403 302", {"unit": lambda w: w.unit.pk, "year": "2026", "title": "2026年度共建协议", "starts_on": "2026-01-01", "ends_on": "2026-12-31"})
ROWS.row("agreements:agreement", "GET", lambda w: R("agreements:agreement", args=[_signed(w).pk]),                        "200 200 200 403 403 403 403 403 200 403 302")
ROWS.row("agreements:agreement", "GET", lambda w: R("agreements:agreement", args=[_other(w).pk]),                         "200 200 404 403 403 403 403 403 404 403 302")
ROWS.row("agreements:edit", "GET", lambda w: R("agreements:edit", args=[_draft(w).pk]),                                  "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("agreements:edit", "POST", lambda w: R("agreements:edit", args=[_draft(w).pk]),                                 "302 403 302 403 403 403 403 403 403 403 302", {"year": "2026", "title": "改名", "starts_on": "2026-01-01", "ends_on": "2026-12-31"})
ROWS.row("agreements:sign", "GET", lambda w: R("agreements:sign", args=[_draft(w).pk]),                                  "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("agreements:sign", "POST", lambda w: R("agreements:sign", args=[_draft(w).pk]),                                 "302 403 302 403 403 403 403 403 403 403 302", {"signed_on": "2026-01-05", "community_signatory": "王书记", "unit_signatory": "李院长"})
ROWS.row("agreements:end", "POST", lambda w: R("agreements:end", args=[_signed(w).pk]),                                  "302 403 302 403 403 403 403 403 403 403 302")
ROWS.row("agreements:scan_upload", "GET", lambda w: R("agreements:scan_upload", args=[_signed(w).pk]),                   "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("agreements:scan", "GET", lambda w: R("agreements:scan", args=[_scanned(w).pk]),                                "200 200 200 403 403 403 403 403 200 403 302")
ROWS.row("agreements:scan", "GET", lambda w: R("agreements:scan", args=[_signed(w).pk]),                                 "404 404 404 403 403 403 403 403 404 403 302")
ROWS.row("agreements:commitment_add", "POST", lambda w: R("agreements:commitment_add", args=[_draft(w).pk]),             "302 403 302 403 403 403 403 403 403 403 302", {"c-kind": "money", "c-description": "活动经费", "c-quantity": "2000"})
ROWS.row("agreements:commitment_add", "POST", lambda w: R("agreements:commitment_add", args=[_draft(w).pk]),             "302 403 302 403 403 403 403 403 403 403 302", {"c-kind": "bad", "c-description": "", "c-quantity": "-1"})
ROWS.row("agreements:commitment_edit", "GET", lambda w: R("agreements:commitment_edit", args=[_commitment(w).pk]),       "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("agreements:commitment_remove", "POST", lambda w: R("agreements:commitment_remove", args=[_commitment(w).pk]),  "302 403 302 403 403 403 403 403 403 403 302")
ROWS.row("agreements:delivery_new", "GET", lambda w: R("agreements:delivery_new", args=[_commitment(w).pk]),             "200 403 200 403 403 403 403 403 200 403 302")
ROWS.row("agreements:delivery_new", "POST", lambda w: R("agreements:delivery_new", args=[_commitment(w).pk]),            "302 403 302 403 403 403 403 403 302 403 302", {"quantity": "4", "delivered_on": "2026-01-10", "description": "开放礼堂"})
# fmt: on
