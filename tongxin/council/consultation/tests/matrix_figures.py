"""Permission-matrix rows (see matrix.py)."""

from __future__ import annotations

from tests.matrix_rows import Rows

ROWS = Rows()
