"""Seeding the tiny demo for the tests, on a fixed day so every run seeds the same."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command

# The year of cases ends before the seed's "today".
TODAY = datetime.date(2026, 11, 23)


def seed_tiny() -> str:
    out = StringIO()
    call_command("seed_demo", scale="tiny", today=TODAY, stdout=out)
    return out.getvalue()
