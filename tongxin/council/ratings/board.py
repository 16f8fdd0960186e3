"""The ratings section of a community's public board (公示栏), registered in RatingsConfig.ready().

For each scheme of the community, its latest round in publicity or published: the subjects by
level, stars and words. Places only — buildings, entrances, grids, estates: a household
scheme (道德评议) is left off the public board, where a family could be singled out.
Two queries whatever the size of the community.
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from tongxin.council.boards.sections import Section, register
from tongxin.council.ratings.models import RatingEntry, RatingRound, RatingScheme, RoundState, SubjectKind
from tongxin.registry.areas.models import Area

SHOWN_STATES = (RoundState.PUBLICITY, RoundState.PUBLISHED)


def build(community: Area, year: int) -> dict[str, Any] | None:
    latest = RatingRound.objects.filter(scheme_id=OuterRef("pk"), state__in=SHOWN_STATES).order_by("-period_end", "-id")
    schemes = list(
        RatingScheme.objects.filter(community=community, is_active=True)
        .exclude(subject_kind=SubjectKind.HOUSEHOLD)
        .annotate(latest=Subquery(latest.values("pk")[:1]))
        .filter(latest__isnull=False)
        .order_by("name", "id")
    )
    if not schemes:
        return None
    rounds = {r.pk: r for r in RatingRound.objects.filter(pk__in=[s.latest for s in schemes])}
    entries = (
        RatingEntry.objects.filter(round_id__in=list(rounds), score__isnull=False)
        .exclude(level_name="")
        .order_by("round_id", "-score", "position")
        .values_list("round_id", "label", "level_name", "stars", "level__threshold")
    )
    groups: dict[int, dict[tuple[Any, str, Any], list[str]]] = {}
    for round_id, label, level, stars, threshold in entries:
        groups.setdefault(round_id, {}).setdefault((threshold, level, stars), []).append(label)
    shown = []
    for scheme in schemes:
        rnd = rounds[scheme.latest]
        levels = sorted(groups.get(rnd.pk, {}).items(), key=lambda item: -(item[0][0] or 0))
        shown.append(
            {
                "scheme": scheme,
                "round": rnd,
                "levels": [{"name": k[1], "stars": k[2], "subjects": v} for k, v in levels],
            }
        )
    return {"rounds": shown}


def register_section() -> None:
    register(
        Section(code="ratings", label=_("Star ratings"), template="ratings/board_section.html", build=build, order=20)
    )
