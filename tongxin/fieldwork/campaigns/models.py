"""campaigns: its data model."""
