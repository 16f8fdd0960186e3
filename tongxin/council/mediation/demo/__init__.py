"""Demo Mediation (人民调解): written through the services as an office would have."""

from __future__ import annotations

import datetime


def seed_mediation(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's mediation; returns counts of what was written."""
    return {}
