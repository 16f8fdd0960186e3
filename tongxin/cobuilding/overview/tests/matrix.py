# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the co-building figures (collected by tests/test_permission_matrix.py).

Co-building staff (admin, the community) and the subdistrict read the figures; everyone else is
refused (403). A community outside the user's subtree is a 404 (the secretary of 甲 asking for 乙).
"""

from __future__ import annotations

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()

# fmt: off
#        name                  method url                                                                     adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("cobuilding:figures", "GET", lambda w: R("cobuilding:figures"),                                       "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("cobuilding:figures", "GET", lambda w: R("cobuilding:figures") + f"?node={w.community.pk}",          "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("cobuilding:figures", "GET", lambda w: R("cobuilding:figures") + f"?node={w.other_community.pk}",    "200 200 404 403 403 403 403 403 403 403 302")
# fmt: on
