"""URLs of consultation (filled in by its pages)."""

from __future__ import annotations

from typing import Any

urlpatterns: list[Any] = []
