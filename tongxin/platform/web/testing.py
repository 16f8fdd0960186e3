"""Helpers for API tests: calling with a session or a bearer token, and reading JSON."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tongxin.platform.access.models import User
from tongxin.platform.access.tokens import token_issue


class ApiClient:
    """A test client that authenticates as one user, by session or by bearer token."""

    def __init__(self, client: Client, user: User | None = None, *, token: bool = False) -> None:
        self.client = client
        self.headers: dict[str, str] = {}
        if user is not None:
            if token:
                self.headers["Authorization"] = f"Bearer {token_issue(user=user, name='test')}"
            else:
                client.force_login(user)

    def get(self, url: str, **params: Any) -> Any:
        return self.client.get(url, params, headers=self.headers)


def names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["name"] for item in response.json()["items"])


def assert_error(response: Any, status: int) -> str:
    """The response is `status` with the API's one error shape; returns the message."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail"}
    assert isinstance(body["detail"], str) and body["detail"]
    return body["detail"]
