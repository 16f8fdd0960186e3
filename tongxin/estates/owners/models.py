"""owners: its data model."""
