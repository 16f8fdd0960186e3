"""places: its data model."""
