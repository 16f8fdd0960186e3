from __future__ import annotations

import pytest

from tongxin.grid.cases.defaults import ensure_default_categories


@pytest.fixture(autouse=True)
def _default_case_categories(db: None) -> None:
    """The catalogue ties services to case categories, which a data migration writes; a
    transactional test elsewhere (concurrent sign-up, browser tests) flushes them."""
    ensure_default_categories()
