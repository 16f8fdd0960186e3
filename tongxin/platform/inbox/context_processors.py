from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.functional import cached_property

from tongxin.platform.inbox.services import unread_count


class _Inbox:
    """The header's unread count, counted on first use only (htmx partials never pay for it)."""

    def __init__(self, user: AbstractBaseUser) -> None:
        self._user = user

    @cached_property
    def unread(self) -> int:
        return unread_count(self._user)


def inbox(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox": _Inbox(user)}
