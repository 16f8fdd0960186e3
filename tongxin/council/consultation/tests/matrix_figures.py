# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the figures page (see matrix.py).

Read with VIEW: the figures of the places the user looks after (a building leader's building and
an org secretary's branch take no figures: the page says so). A place outside the user's subtree
is a 404; a bad filter is a form error, never a 500. The API's rows are in
tongxin/interfaces/api/tests/test_permissions.py.
"""

from __future__ import annotations

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()

# fmt: off
#                                                                                                                   adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("consultation:figures", "GET", lambda w: R("consultation:figures"),                                         "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("consultation:figures", "GET", lambda w: R("consultation:figures") + f"?node={w.community.pk}&start=2025-01-01&end=2025-12-31", "200 200 200 404 404 404 404 403 403 403 302")
ROWS.row("consultation:figures", "GET", lambda w: R("consultation:figures") + f"?node={w.grid1.pk}",                 "200 200 200 200 404 404 404 403 403 403 302")
ROWS.row("consultation:figures", "GET", lambda w: R("consultation:figures") + "?node=x&start=2026-13-40&end=1",      "200 200 200 200 200 200 200 403 403 403 302")
# fmt: on
