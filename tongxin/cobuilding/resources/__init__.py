"""resources (co-building)."""
