"""ledger: its data model."""
