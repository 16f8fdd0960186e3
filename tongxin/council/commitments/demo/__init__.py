"""Demo Commitments (承诺践诺): written through the services as an office would have."""

from __future__ import annotations

import datetime


def seed_commitments(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's commitments; returns counts of what was written."""
    return {}
