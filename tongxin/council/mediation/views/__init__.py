"""Mediation's pages: committees and sweeps, cases and their actions, the agreement, figures."""
