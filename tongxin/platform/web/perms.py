"""The one way a page refuses a role: `require_perm` on the view, `require` inside it.

A write service checks its actor itself and raises `Forbidden`; `ForbiddenMiddleware` answers
that with the site's 403 page, so a view neither re-checks nor translates the refusal. What
stays in views is the gate before a form is even shown (a GET has no service to ask).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import HttpRequest, HttpResponse

from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import Forbidden

V = TypeVar("V", bound=Callable[..., HttpResponse])


def require(user: Any, *perms: str) -> None:
    """403 unless the user holds every one of `perms` somewhere (the scope then narrows it)."""
    scope = scope_for(user)
    if not all(scope.has_perm(perm) for perm in perms):
        raise PermissionDenied


def require_perm(*perms: str) -> Callable[[V], V]:
    """Decorate a view: 403 unless the signed-in user holds every one of `perms` somewhere."""

    def decorate(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require(request.user, *perms)
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


class ForbiddenMiddleware:
    """A service's `Forbidden` becomes the 403 page, as a view's PermissionDenied does."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Forbidden):
            denied = PermissionDenied(*exception.messages)
            denied.__cause__ = exception
            return response_for_exception(request, denied)
        return None
