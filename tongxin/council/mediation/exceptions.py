"""Mediation's domain errors: the message is for the user."""

from __future__ import annotations

from tongxin.platform.core.exceptions import DomainError


class CaseChanged(DomainError):
    """Someone else moved the case first (a double submit, two people at once)."""
