"""committee (co-building)."""
