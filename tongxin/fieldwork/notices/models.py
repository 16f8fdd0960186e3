"""notices: its data model."""
