"""Deterministic demo data in the shapes of the seed articles (see DOMAIN.md)."""
