"""Ratings' pages: schemes and rounds (views/schemes.py); a round, its desk table, a card (views/rounds.py)."""
