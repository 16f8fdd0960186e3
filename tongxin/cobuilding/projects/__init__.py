"""projects (co-building)."""
