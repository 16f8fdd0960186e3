"""errands: its data model."""
