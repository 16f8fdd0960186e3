"""Rows of the permission matrix, kept beside each app in `tongxin/<app>/tests/matrix.py`.

Codes per row are in PERSONAS order: admin, street, secretary, grid worker, neighbour grid
worker, building leader, org secretary, party member, unit contact, outsider, anonymous.
`url` and data values may be callables of the `world` fixture.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Row = tuple[str, str, Callable[[Any], str], dict[str, Any], str]


class Rows(list[Row]):
    def row(
        self, name: str, method: str, url: Callable[[Any], str], codes: str, data: dict[str, Any] | None = None
    ) -> None:
        self.append((name, method, url, data or {}, codes))
