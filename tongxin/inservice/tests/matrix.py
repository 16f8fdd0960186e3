"""Permission-matrix rows for the inservice pages (collected by tests/test_permission_matrix.py)."""

from __future__ import annotations

from tests.matrix_rows import Rows

ROWS = Rows()
