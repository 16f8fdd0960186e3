"""Demo Star ratings (评星定级): written through the services as an office would have."""

from __future__ import annotations

import datetime


def seed_ratings(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's ratings; returns counts of what was written."""
    return {}
