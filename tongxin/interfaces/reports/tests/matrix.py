# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows for the reports pages (collected by tests/test_permission_matrix.py)."""

from __future__ import annotations

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()

# fmt: off
# Service figures: anyone who browses a place (VIEW) sees its figures; a place outside the
# scope is not offered (the form falls back to the first place the user sees).
ROWS.row("reports:service", "GET", lambda w: R("reports:service"),                                            "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("reports:service", "GET", lambda w: R("reports:service") + f"?node={w.other_community.pk}&start=x", "200 200 200 200 200 200 200 403 403 403 302")
# fmt: on

# fmt: off
# Community-work figures: whoever reads one of the registered indicators (campaigns, notices, the
# front desk, estates: the community and the subdistrict); a bad period falls back to this year.
ROWS.row("reports:community_work", "GET", lambda w: R("reports:community_work"),                                          "200 200 200 403 403 403 403 403 403 403 302")
ROWS.row("reports:community_work", "GET", lambda w: R("reports:community_work") + f"?node={w.other_community.pk}&start=x",   "200 200 200 403 403 403 403 403 403 403 302")
# fmt: on
