"""Demo resources (co-building): written through the services as an office would have."""

from __future__ import annotations

import datetime


def seed_resources(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's resources; returns counts of what was written."""
    return {}
