"""The ledger's pages: staff (views.staff, views.lists) and the owners' public page (views.public)."""
