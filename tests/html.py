"""Reading the HTML a view answered, the one way every test does it."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup


def soup(response: Any, *, status: int | None = None) -> BeautifulSoup:
    """The parsed page of a test client's response (or of HTML as bytes or text).

    With `status`, the response must have answered with it (its first lines say why not)."""
    if status is not None:
        assert response.status_code == status, (response.status_code, response.content[:300])
    return BeautifulSoup(getattr(response, "content", response), "html.parser")
