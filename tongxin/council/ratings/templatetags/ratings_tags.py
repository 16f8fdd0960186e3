"""Stars as the board and the pages show them (★★★☆☆), beside the level's name: never colour alone."""

from __future__ import annotations

from django import template

register = template.Library()
MAX_STARS = 5


@register.filter
def star_text(stars: int | None) -> str:
    if not stars:
        return ""
    n = max(0, min(int(stars), MAX_STARS))
    return "★" * n + "☆" * (MAX_STARS - n)
