"""Rows of the permission matrix, kept beside each app in `tongxin/<app>/tests/matrix.py`.

Codes per row are in PERSONAS order: admin, street, secretary, grid worker, neighbour grid
worker, building leader, org secretary, party member, unit contact, outsider, anonymous.
`url` and data values may be callables of the `world` fixture.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Row = tuple[str, str, Callable[[Any], str], dict[str, Any], str]


class PerPersona:
    """A row's URL made again for each persona, after it signed in: for a row about the signed-in
    person's own record (their shift, a swap asked of them), which their account must exist for."""

    def __init__(self, url: Callable[[Any], str]) -> None:
        self.url = url

    def __call__(self, world: Any) -> str:
        return self.url(world)


class Rows(list[Row]):
    def row(
        self,
        name: str,
        method: str,
        url: Callable[[Any], str],
        codes: str,
        data: dict[str, Any] | None = None,
        *,
        per_persona: bool = False,
    ) -> None:
        self.append((name, method, PerPersona(url) if per_persona else url, data or {}, codes))
