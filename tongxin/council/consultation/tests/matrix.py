"""Permission-matrix rows of consultation (collected by tests/test_permission_matrix.py), kept
per part of the app so each part's rows sit beside its pages."""

from __future__ import annotations

from tests.matrix_rows import Rows
from tongxin.council.consultation.tests import matrix_figures, matrix_meetings, matrix_public, matrix_topics

ROWS = Rows()
for _part in (matrix_topics, matrix_meetings, matrix_public, matrix_figures):
    ROWS.extend(_part.ROWS)
