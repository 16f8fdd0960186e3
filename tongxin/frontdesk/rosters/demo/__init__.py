"""Demo rosters: written through the services as an office would have."""

from __future__ import annotations

import datetime


def seed_rosters(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's rosters; returns counts of what was written."""
    return {}
