from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule of the domain refused the change; the message is for the user."""


class Forbidden(DomainError):
    """The acting user may not do this here: pages answer 403, the API 403, in one place each.

    A write service raises it after checking its actor itself, so a view, a task or a test that
    calls the service cannot skip the check.
    """

    def __init__(self, message: Any, code: str | None = "forbidden", params: Any = None) -> None:
        super().__init__(message, code=code, params=params)
