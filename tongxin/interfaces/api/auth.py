"""Who is calling: a bearer token (scripts, other systems) or the browser session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from tongxin.platform.access.models import User
from tongxin.platform.access.tokens import token_user


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <key>` with a key from `manage.py issue_token`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return token_user(token)


# The token is tried first: a script sending a token never depends on a stray session
# cookie, and the session check (which enforces CSRF on unsafe methods) only runs for browsers.
API_AUTH = [ApiTokenAuth(), django_auth]
