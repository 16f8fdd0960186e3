# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the public boards: they answer everyone alike, signed in or not."""

from __future__ import annotations

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()
# fmt: off
ROWS.row("boards:index", "GET", lambda w: R("boards:index"),                                          "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("boards:board", "GET", lambda w: R("boards:board", args=[w.community.pk]),                   "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("boards:board", "GET", lambda w: R("boards:board", args=[w.community.pk]) + "?screen=1",     "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("boards:board", "GET", lambda w: R("boards:board", args=[w.community.pk]) + "?place=%00" + "x" * 300, "200 200 200 200 200 200 200 200 200 200 200")
ROWS.row("boards:board", "GET", lambda w: R("boards:board", args=[w.building1.pk]),                  "404 404 404 404 404 404 404 404 404 404 404")
# fmt: on
