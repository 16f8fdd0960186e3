"""rosters: its data model."""
