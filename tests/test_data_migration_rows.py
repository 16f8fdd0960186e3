"""Rows written by data migrations survive transactional tests (root conftest.py).

A transactional test (transaction=True, live_server) ends by emptying every table; the tests
after it on the same xdist worker then missed the case categories, the default visit cadence
and the meeting requirements. pytest-django runs transactional tests after the others and
tests without a database last, so here the second test runs after the first, on the same
worker (one xdist group).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest


def migrated_rows() -> tuple[Counter[str], dict[str, int]]:
    """Rows per model as the test database was made, and as it is now."""
    from django.apps import apps
    from django.db import connection

    made = Counter(row["model"] for row in json.loads(connection._test_serialized_contents))  # type: ignore[attr-defined]  # set by the test runner
    return made, {label: apps.get_model(label)._default_manager.count() for label in made}


def assert_migrated_rows_present() -> None:
    from tongxin.fieldwork.visits.models import VisitCadence
    from tongxin.grid.cases.models import CaseCategory
    from tongxin.partylife.meetings.models import MeetingRequirement

    made, now = migrated_rows()
    assert {"cases.casecategory", "visits.visitcadence", "meetings.meetingrequirement"} <= set(made)
    assert now == dict(made)
    assert CaseCategory.objects.filter(parent=None).exists()
    assert VisitCadence.objects.exists() and MeetingRequirement.objects.exists()


@pytest.mark.xdist_group("data-migration-rows")
@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_starts_with_the_rows_of_the_data_migrations() -> None:
    assert_migrated_rows_present()


@pytest.mark.xdist_group("data-migration-rows")
def test_the_rows_of_the_data_migrations_outlive_a_transactional_test(
    django_db_setup: None, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock():
        assert_migrated_rows_present()
