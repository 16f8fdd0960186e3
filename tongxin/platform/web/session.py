"""What a visitor without an account can come back to: the last records its browser made or found."""

from __future__ import annotations

from django.http import HttpRequest

# The cases a browser reported or looked up (the public report form, service requests), for following them.
TRACKED_CASES = "tracked_cases"
# How many records of one kind a browser remembers; the oldest go first.
KEEP = 20


def remember(request: HttpRequest, key: str, pk: int) -> None:
    """Put ``pk`` last in the browser's list under ``key``, keeping the latest KEEP."""
    known = [k for k in request.session.get(key, []) if k != pk][-(KEEP - 1) :]
    request.session[key] = [*known, pk]


def is_remembered(request: HttpRequest, key: str, pk: int) -> bool:
    return pk in request.session.get(key, [])
