"""A building's (or a household's) history of ratings on its page, and its latest level beside
it on the area tree: registered in tongxin.registry.areas.page_parts from RatingsConfig.ready()."""

from __future__ import annotations

from typing import Any

from tongxin.council.ratings.models import RatingEntry, RoundState
from tongxin.council.ratings.queries import history_of_area, history_of_household
from tongxin.council.ratings.templatetags.ratings_tags import star_text
from tongxin.registry.areas.models import Area, Household
from tongxin.registry.areas.page_parts import register_area_part, register_household_part, register_tree_marks

# Marks beside a node: the latest published level of each scheme, at most this many.
MAX_MARKS = 2


def area_part(area: Area) -> dict[str, Any] | None:
    rows = history_of_area(area)
    return {"rows": rows} if rows else None


def household_part(household: Household) -> dict[str, Any] | None:
    rows = history_of_household(household)
    return {"rows": rows} if rows else None


def tree_marks(nodes: list[Area]) -> dict[int, list[str]]:
    rows = (
        RatingEntry.objects.filter(area_id__in=[n.pk for n in nodes], round__state=RoundState.PUBLISHED)
        .exclude(level_name="")
        .order_by("area_id", "round__scheme_id", "-round__period_end", "-round_id")
        .values_list("area_id", "round__scheme_id", "level_name", "stars")
    )
    marks: dict[int, list[str]] = {}
    seen: set[tuple[int, int]] = set()
    for area_id, scheme_id, level, stars in rows:
        if (area_id, scheme_id) in seen:
            continue
        seen.add((area_id, scheme_id))
        words = marks.setdefault(area_id, [])
        if len(words) < MAX_MARKS:
            words.append(f"{star_text(stars)} {level}".strip())
    return marks


def register_parts() -> None:
    register_area_part("ratings/area_part.html", area_part)
    register_household_part("ratings/area_part.html", household_part)
    register_tree_marks("ratings", tree_marks)
