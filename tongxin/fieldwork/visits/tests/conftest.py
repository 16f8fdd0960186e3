from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from tongxin.grid.cases.defaults import ensure_default_categories


def write_default_cadence() -> None:
    """What the data migration writes (0001_initial.default_cadence)."""
    migration = importlib.import_module("tongxin.fieldwork.visits.migrations.0001_initial")
    migration.default_cadence(apps, None)


@pytest.fixture(autouse=True)
def _default_cadence(db: None) -> None:
    """The default cadence and the case categories (a need becomes a case) come with data
    migrations, which a transactional test elsewhere (concurrent sign-up, browser tests) flushes."""
    write_default_cadence()
    ensure_default_categories()
