# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows for the development pages (collected by tests/test_permission_matrix.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _candidate(w: Any, org: Any = None) -> Any:
    """An applicant of branch 1 (or `org`) who wrote the letter in January 2026."""
    from tongxin.partylife.development.models import Candidate
    from tongxin.platform.core.people import pinyin_of

    c = Candidate(
        org=org or w.branch1, name="孙申请", birth_date=datetime.date(1995, 5, 5), applied_on=datetime.date(2026, 1, 10)
    )
    c.name_pinyin, c.name_initials = pinyin_of(c.name)
    c.save()
    return c


def _c1(w: Any) -> int:
    return _candidate(w).pk


def _c2(w: Any) -> int:
    return _candidate(w, w.branch2).pk


def _file(w: Any) -> list[int]:
    from django.core.files.base import ContentFile

    from tongxin.partylife.development.models import CandidateFile

    c = _candidate(w)
    f = CandidateFile(
        candidate=c, step="applied", name="申请书.pdf", content_type="application/pdf", extension="pdf", size=9
    )
    f.file.save("x.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return [c.pk, f.pk]


def _pdf(w: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("思想汇报.pdf", b"%PDF-1.4\n" + b"0" * 100, content_type="application/pdf")


NEW = {"name": "周新人", "birth_date": "1998-07-01", "applied_on": "2026-01-02"}

# fmt: off
# Read with VIEW in the branch's subtree (grid 1's worker sees branch 1, anchored at grid 1); written with PARTY_WORK.
ROWS.row("development:pipeline",    "GET",  lambda w: R("development:pipeline"),                                          "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("development:pipeline",    "GET",  lambda w: R("development:pipeline") + f"?node={w.branch1.pk}&stage=x&q=%00",   "200 200 200 200 404 404 200 403 403 403 302")
ROWS.row("development:pipeline",    "GET",  lambda w: R("development:pipeline") + "?due=on",                               "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("development:create",      "GET",  lambda w: R("development:create"),                                            "200 403 200 403 403 403 200 403 403 403 302")
ROWS.row("development:create",      "GET",  lambda w: R("development:create") + f"?org={w.branch2.pk}",                    "200 403 200 403 403 403 404 403 403 403 302")
ROWS.row("development:create",      "POST", lambda w: R("development:create") + f"?org={w.branch1.pk}",                    "302 403 302 403 403 403 302 403 403 403 302", NEW)
ROWS.row("development:detail",      "GET",  lambda w: R("development:detail", args=[_c1(w)]),                              "200 200 200 200 404 404 200 404 404 404 302")
ROWS.row("development:detail",      "GET",  lambda w: R("development:detail", args=[_c2(w)]),                              "200 200 200 404 200 404 404 404 404 404 302")
ROWS.row("development:edit",        "GET",  lambda w: R("development:edit", args=[_c1(w)]),                                "200 403 200 403 404 404 200 404 404 404 302")
ROWS.row("development:edit",        "POST", lambda w: R("development:edit", args=[_c1(w)]),                                "302 403 302 403 404 404 302 404 404 404 302", NEW)
ROWS.row("development:step",        "POST", lambda w: R("development:step", args=[_c1(w), "talk"]),                        "302 403 302 403 404 404 302 404 404 404 302",
         {"talk-talked_on": "2026-01-20"})
ROWS.row("development:step",        "POST", lambda w: R("development:step", args=[_c2(w), "drop"]),                        "302 403 302 404 403 404 404 404 404 404 302",
         {"drop-dropped_on": "2026-02-01", "drop-drop_reason": "本人撤回申请"})
ROWS.row("development:files_add",   "POST", lambda w: R("development:files_add", args=[_c1(w)]),                           "302 403 302 403 404 404 302 404 404 404 302",
         {"files-step": "applied", "files-files": _pdf})
ROWS.row("development:file",        "GET",  lambda w: R("development:file", args=_file(w)),                                "200 200 200 200 404 404 200 404 404 404 302")
ROWS.row("development:file_delete", "POST", lambda w: R("development:file_delete", args=_file(w)),                         "302 403 302 403 404 404 302 404 404 404 302")
# fmt: on
