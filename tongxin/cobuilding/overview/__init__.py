"""overview (co-building)."""
