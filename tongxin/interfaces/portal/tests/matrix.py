# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the unit's portal (collected by tests/test_permission_matrix.py).

Only a contact of a unit has a portal: everyone else, the admin included, answers for no unit and
gets 404 (the staff read units on their own pages).
"""

from __future__ import annotations

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()

# fmt: off
#        name             method url                         adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("portal:portal", "GET", lambda w: R("portal:portal"), "404 404 404 404 404 404 404 404 200 404 302")
ROWS.row("portal:needs",  "GET", lambda w: R("portal:needs"),  "404 404 404 404 404 404 404 404 200 404 302")
# fmt: on
