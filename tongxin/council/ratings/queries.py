"""Reads of ratings, scoped with `visible_to`: who reads them, the rounds, and the results
worked out in the database (weighted score out of 100 → level) while a round is being scored.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Round

from tongxin.council.ratings.models import (
    RatingCriterion,
    RatingEntry,
    RatingLevel,
    RatingRound,
    RatingScheme,
    RoundState,
    Score,
    SubjectKind,
)
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.registry.areas.models import Area, Estate, Household

# Publicity ending within this many days shows on the workbench (the results are to be published).
PUBLICITY_SOON_DAYS = 2
WAITING = ("scoring", "publicity")
SCORE_FIELD: Any = DecimalField(max_digits=8, decimal_places=2)


def reads_ratings(user: Actor) -> bool:
    """Ratings are the community's to keep (Perm.RECOGNISE) and the subdistrict's to read."""
    scope = scope_for(user)
    return scope.has_perm(Perm.RECOGNISE) or Role.SUBDISTRICT in scope.roles


def schemes_visible_to(user: Actor) -> QuerySet[RatingScheme]:
    if not reads_ratings(user):
        return RatingScheme.objects.none()
    return visible_to(RatingScheme.objects.all(), user)


def rounds_visible_to(user: Actor) -> QuerySet[RatingRound]:
    if not reads_ratings(user):
        return RatingRound.objects.none()
    return visible_to(RatingRound.objects.all(), user)


def waiting_q(key: str, now: datetime.datetime) -> Q:
    """Rounds waiting for someone: being scored, or with publicity ending soon or ended."""
    if key == "scoring":
        return Q(state__in=(RoundState.OPEN, RoundState.SCORING))
    return Q(state=RoundState.PUBLICITY, publicity_ends__lte=now + datetime.timedelta(days=PUBLICITY_SOON_DAYS))


def round_rows(user: Actor) -> QuerySet[RatingRound]:
    """Rounds the user reads, with their subjects counted and their place named, in one query."""
    entries = RatingEntry.objects.filter(round_id=OuterRef("pk")).order_by().values("round_id")
    return (
        rounds_visible_to(user)
        .select_related("scheme", "scheme__community")
        .defer("scheme__community__outline")
        .annotate(
            n_entries=Coalesce(Subquery(entries.annotate(n=Count("pk")).values("n")[:1]), 0),
        )
        .order_by("-period_end", "scheme__community__path", "-id")
    )


def _points(entry_ref: Any) -> Subquery:
    # Σ weight × score / top mark for one entry: the share of the weights it earned. In floating
    # point: SQLite keeps whole-number decimals as integers and would divide them as integers.
    share = ExpressionWrapper(
        Cast("value", FloatField())
        * Cast("criterion__weight", FloatField())
        / Cast("criterion__max_score", FloatField()),
        output_field=FloatField(),
    )
    return Subquery(
        Score.objects.filter(entry_id=entry_ref).order_by().values("entry_id").annotate(p=Sum(share)).values("p")[:1],
        output_field=FloatField(),
    )


def total_weight(scheme: RatingScheme) -> Decimal:
    return RatingCriterion.objects.filter(scheme=scheme).aggregate(w=Sum("weight"))["w"] or Decimal(0)


def score_expression(total: Decimal, entry_ref: Any = None) -> Any:
    """The weighted score out of 100, rounded to two places, of the entry `entry_ref` names."""
    if not total:
        return Value(None, output_field=SCORE_FIELD)
    ref = entry_ref if entry_ref is not None else OuterRef("pk")
    hundredths = ExpressionWrapper(_points(ref) * Value(100.0) / Value(float(total)), output_field=FloatField())
    # Rounded to two places before it meets a level's threshold (66.666… is 66.67 everywhere).
    return Cast(Round(hundredths, 2), SCORE_FIELD)


def level_of(scheme: RatingScheme, score_ref: Any, field: str = "pk") -> Subquery:
    """The highest level whose threshold the score reaches."""
    return Subquery(
        RatingLevel.objects.filter(scheme=scheme, threshold__lte=score_ref).order_by("-threshold").values(field)[:1]
    )


def live_results(rnd: RatingRound) -> QuerySet[RatingEntry]:
    """Each entry of the round with how many criteria are scored, its weighted score and its
    level as they stand (published rounds read the columns written at publicity)."""
    scheme = rnd.scheme
    scored = Score.objects.filter(entry_id=OuterRef("pk")).order_by().values("entry_id")
    qs = RatingEntry.objects.filter(round=rnd).annotate(
        n_scored=Coalesce(Subquery(scored.annotate(n=Count("pk")).values("n")[:1]), 0, output_field=IntegerField())
    )
    if rnd.state in (RoundState.PUBLICITY, RoundState.PUBLISHED):
        return qs.annotate(live_score=F("score"), live_level=F("level_name"), live_stars=F("stars"))
    total = total_weight(scheme)
    qs = qs.annotate(live_score=score_expression(total))
    return qs.annotate(
        live_level=level_of(scheme, OuterRef("live_score"), "name"),
        live_stars=level_of(scheme, OuterRef("live_score"), "stars"),
    )


def subjects_of(scheme: RatingScheme) -> list[dict[str, Any]]:
    """The scheme's subjects as they are now: what a new round rates, in the tree's order."""
    community = scheme.community
    kind = scheme.subject_kind
    if kind == SubjectKind.HOUSEHOLD:
        households = (
            Household.objects.filter(area__path__startswith=community.path)
            .order_by("area__path", "number")
            .values_list("pk", "area__name", "number")
        )
        return [{"household_id": pk, "label": f"{area} {number}"} for pk, area, number in households]
    if kind == SubjectKind.ESTATE:
        estates = Estate.objects.filter(community=community).order_by("name").values_list("pk", "name")
        return [{"estate_id": pk, "label": name} for pk, name in estates]
    areas = Area.objects.filter(path__startswith=community.path, level=kind).order_by("path")
    return [{"area_id": pk, "label": name} for pk, name in areas.values_list("pk", "name")]


def history_of_area(area: Area) -> list[RatingEntry]:
    """A place's published and publicised results, the latest first."""
    return list(_history(RatingEntry.objects.filter(area=area)))


def history_of_household(household: Household) -> list[RatingEntry]:
    return list(_history(RatingEntry.objects.filter(household=household)))


def _history(qs: QuerySet[RatingEntry]) -> QuerySet[RatingEntry]:
    return (
        qs.filter(round__state__in=(RoundState.PUBLICITY, RoundState.PUBLISHED), score__isnull=False)
        .select_related("round", "round__scheme")
        .order_by("-round__period_end", "-round_id")[:20]
    )
