from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule of the domain refused the change; the message is for the user."""
