from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from tongxin.platform.core import context


class RequestContextMiddleware:
    """Makes the acting request's address available to services for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = context.current_ip.set(context.client_ip(request))
        try:
            return self.get_response(request)
        finally:
            context.current_ip.reset(token)
