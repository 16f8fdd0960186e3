"""Every error the API returns is JSON shaped `{"detail": "<message>"}`.

Ninja's defaults differ (a list of pydantic errors for 422, "Not Found" for 404); clients and
the zh-Hans translation get one shape and translatable messages instead.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from tongxin.platform.core.exceptions import Forbidden

MAX_MESSAGE_ERRORS = 5


def _field_name(loc: list[Any]) -> str:
    # loc is e.g. ["query", "node"]: the parameter name is the last string in it.
    names = [str(part) for part in loc if isinstance(part, str) and part not in {"query", "path", "body"}]
    return names[-1] if names else "request"


def describe_validation_errors(errors: list[dict[str, Any]]) -> str:
    parts = [f"{_field_name(list(e.get('loc', [])))}: {e.get('msg', '')}" for e in errors[:MAX_MESSAGE_ERRORS]]
    return _("Invalid request: %(errors)s") % {"errors": "; ".join(parts)}


def install_error_handlers(api: NinjaAPI) -> None:
    def detail(request: HttpRequest, message: str, status: int) -> HttpResponse:
        return api.create_response(request, {"detail": message}, status=status)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The same answer for "does not exist" and "not yours": existence must not leak.
        return detail(request, _("Not found."), 404)

    def unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
        response = detail(request, _("Authentication required: sign in, or send an API token as a Bearer token."), 401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def http_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, HttpError)
        return detail(request, str(exc), exc.status_code)

    def invalid_request(request: HttpRequest, exc: Exception) -> HttpResponse:
        assert isinstance(exc, NinjaValidationError)
        return detail(request, describe_validation_errors(exc.errors), 422)

    def domain_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # DomainError is a ValidationError: its messages are written for the user.
        assert isinstance(exc, DjangoValidationError)
        return detail(request, " ".join(exc.messages) or _("Invalid request."), 400)

    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return detail(request, _("Your role may not do this."), 403)

    def refused(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A service refused its actor: the one place the API turns that into a 403.
        assert isinstance(exc, Forbidden)
        return detail(request, " ".join(exc.messages) or _("Your role may not do this."), 403)

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthorized)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(NinjaValidationError, invalid_request)
    api.add_exception_handler(DjangoValidationError, domain_error)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Forbidden, refused)


def json_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other path under /api/v1/: a JSON 404, not the site's HTML page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


def json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn ninja's plain-text 405 into the API's JSON error shape, keeping the Allow header."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            replacement = JsonResponse({"detail": _("Method not allowed.")}, status=405)
            replacement["Allow"] = response.get("Allow", "")
            return replacement
        return response

    return wrapped
