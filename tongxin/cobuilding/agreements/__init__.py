"""agreements (co-building)."""
