from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tongxin.platform.web.testing import ApiClient


@pytest.fixture
def as_user(client: Client) -> Any:
    """`as_user(user)` signs in by session; `as_user(user, token=True)` sends a bearer token."""

    def make(user: Any, *, token: bool = False) -> ApiClient:
        return ApiClient(client, user, token=token)

    return make
