# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows for the pairing pages (collected by tests/test_permission_matrix.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _b(w: Any, *, other: bool = False) -> Any:
    """张三 (grid 1 of 甲社区) is looked after; or 王五 of 乙社区."""
    from tongxin.volunteering.pairing.tests.support import beneficiary

    if other:
        return beneficiary(w, resident=w.wangwu, community=w.other_community)
    return beneficiary(w)


def _pairing(w: Any, *, other: bool = False) -> Any:
    """赵党员 (member1, the party_member persona's record) helps 张三; 钱党员 helps 王五."""
    from tongxin.volunteering.pairing.tests.support import paired

    return paired(_b(w, other=other), w.member2 if other else w.member1)


def _photo(w: Any) -> int:
    from django.core.files.base import ContentFile

    from tongxin.volunteering.pairing.models import PairingPhoto, PairingVisit

    visit = PairingVisit.objects.create(
        pairing=_pairing(w), visited_on=datetime.date(2025, 3, 1), by_name="赵党员", help_kind="visit"
    )
    photo = PairingPhoto(visit=visit)
    photo.file.save("p.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=False)
    photo.thumbnail.save("t.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=False)
    photo.save()
    return photo.pk


# fmt: off
# Read with VIEW over the beneficiary's place (the household's building, else the community) or,
# for a member beneficiary, their organization; written with SERVICE (admin, community). A helper
# with an account (the party_member persona is 赵党员) sees and logs visits of their own pairing.
ROWS.row("pairing:list",    "GET",  lambda w: R("pairing:list"),                                               "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("pairing:list",    "GET",  lambda w: R("pairing:list") + f"?node={w.other_community.pk}&kind=x&days=y", "200 200 404 404 404 404 404 403 403 403 302")
ROWS.row("pairing:create",  "GET",  lambda w: R("pairing:create"),                                             "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("pairing:create",  "POST", lambda w: R("pairing:create"),                                             "302 403 302 403 403 403 403 403 403 403 302",
         {"community": lambda w: str(w.community.pk), "kind": "disabled", "resident": lambda w: str(w.lisi.pk), "since": "2025-01-01"})
ROWS.row("pairing:mine",    "GET",  lambda w: R("pairing:mine"),                                               "200 200 200 200 200 200 200 200 200 200 302")
ROWS.row("pairing:figures", "GET",  lambda w: R("pairing:figures"),                                            "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("pairing:figures", "GET",  lambda w: R("pairing:figures") + f"?node={w.other_community.pk}&start=2025-01-01&end=x", "200 200 404 404 404 404 404 403 403 403 302")
ROWS.row("pairing:detail",  "GET",  lambda w: R("pairing:detail", args=[_b(w).pk]),                            "200 200 200 200 404 200 404 404 404 404 302")
ROWS.row("pairing:detail",  "GET",  lambda w: R("pairing:detail", args=[_pairing(w).beneficiary_id]),          "200 200 200 200 404 200 404 200 404 404 302")
ROWS.row("pairing:detail",  "GET",  lambda w: R("pairing:detail", args=[_b(w, other=True).pk]),                "200 200 404 404 404 404 404 404 404 404 302")
ROWS.row("pairing:start",   "GET",  lambda w: R("pairing:start", args=[_b(w).pk]),                             "200 403 200 403 404 403 404 404 404 404 302")
ROWS.row("pairing:start",   "POST", lambda w: R("pairing:start", args=[_b(w).pk]),                             "302 403 302 403 404 403 404 404 404 404 302",
         {"goal": "每周探望", "started_on": "2025-02-01", "visit_interval_days": "14", "members": lambda w: str(w.member1.pk)})
ROWS.row("pairing:visit",   "GET",  lambda w: R("pairing:visit", args=[_pairing(w).pk]),                       "200 403 200 403 404 403 404 200 404 404 302")
ROWS.row("pairing:visit",   "POST", lambda w: R("pairing:visit", args=[_pairing(w).pk]),                       "302 403 302 403 404 403 404 302 404 404 302",
         {"help_kind": "goods", "amount": "200", "visited_on": "2025-03-01", "note": "米面油"})
ROWS.row("pairing:visit",   "POST", lambda w: R("pairing:visit", args=[_pairing(w, other=True).pk]),           "302 403 404 404 404 404 404 404 404 404 302",
         {"help_kind": "visit", "visited_on": "2025-03-01"})
ROWS.row("pairing:close",   "GET",  lambda w: R("pairing:close", args=[_pairing(w).pk]),                       "200 403 200 403 404 403 404 403 404 404 302")
ROWS.row("pairing:close",   "POST", lambda w: R("pairing:close", args=[_pairing(w).pk]),                       "302 403 302 403 404 403 404 403 404 404 302",
         {"closed_on": "2025-06-01", "outcome": "achieved"})
ROWS.row("pairing:photo",   "GET",  lambda w: R("pairing:photo", args=[_photo(w)]),                            "200 200 200 200 404 200 404 200 404 404 302")
ROWS.row("pairing:photo_thumb", "GET", lambda w: R("pairing:photo_thumb", args=[_photo(w)]),                   "200 200 200 200 404 200 404 200 404 404 302")
# fmt: on
