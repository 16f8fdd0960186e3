"""Helpers for ratings tests: the 星级楼组 scheme of community 甲 and a round taken through its states."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tongxin.council.ratings import services
from tongxin.council.ratings.models import RatingCriterion, RatingEntry, RatingRound, RatingScheme
from tongxin.council.ratings.services.schemes import Criterion, Level

D = Decimal
# weights 40/30/20/10 (sum 100), top marks 10/10/5/20.
CRITERIA = [
    Criterion("环境整洁", D(40), D(10)),
    Criterion("邻里和睦", D(30), D(10)),
    Criterion("文明守法", D(20), D(5)),
    Criterion("参与公益", D(10), D(20)),
]
LEVELS = [Level("五星", D(90), 5), Level("四星", D(80), 4), Level("三星", D(70), 3)]


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_ratings_staff", defaults={"is_superuser": True})[0]


def scheme(
    community: Any, *, kind: str = "building", criteria: Any = None, levels: Any = None, **extra: Any
) -> RatingScheme:
    return services.scheme_create(
        actor=staff(),
        community=community,
        name=extra.pop("name", "星级楼组创建"),
        subject_kind=kind,
        criteria=criteria or CRITERIA,
        levels=levels or LEVELS,
        **extra,
    )


def open_round(s: RatingScheme, year: int = 2026, *, start: bool = True) -> RatingRound:
    rnd = services.round_create(
        actor=staff(),
        scheme=s,
        name=f"{year}年度{s.name}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
    )
    if start:
        services.round_start(actor=staff(), rnd=rnd)
    return rnd


def score_all(rnd: RatingRound, rows: dict[str, list[Any]]) -> None:
    """Scores by subject label, one value per criterion in order."""
    criteria = list(RatingCriterion.objects.filter(scheme_id=rnd.scheme_id).order_by("position"))
    entries = {e.label: e.pk for e in RatingEntry.objects.filter(round=rnd)}
    values = {
        (entries[label], c.pk): (None if v is None else D(str(v)))
        for label, scores in rows.items()
        for c, v in zip(criteria, scores, strict=True)
    }
    services.scores_save(actor=staff(), rnd=rnd, values=values)


def published(community: Any, rows: dict[str, list[Any]], year: int = 2026) -> RatingRound:
    """A round of a new (or the existing) building scheme, scored, publicised and published."""
    s = RatingScheme.objects.filter(community=community, subject_kind="building").first() or scheme(community)
    rnd = open_round(s, year)
    score_all(rnd, rows)
    services.round_publicise(actor=staff(), rnd=rnd, now=timezone.now() - datetime.timedelta(days=10))
    return services.round_publish(actor=staff(), rnd=rnd)
