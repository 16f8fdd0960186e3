"""Star ratings (评星定级): schemes, rounds scored by a panel, publicity and awards; each place's history of ratings.

A scheme (星级楼组创建, 道德评议…) says what is rated (buildings, entrances, grids, estates or
households of one community or village), by which criteria with their weights and top marks,
into which levels (five stars, or titles such as 红色楼栋), how often, and by whom (a panel
council such as the 道德评议委员会, or the community's staff when it names none).

A round (RatingRound) takes the scheme's subjects as they are when it opens (`RatingEntry`
rows, one per subject, named as they were), is scored criterion by criterion (`Score` rows),
then publicised (公示) for some days with each entry's weighted score and level written on it,
then published. The weighted score is out of 100: Σ weight × score / top mark, over Σ weight.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.models import TimeStamped

SCORE_DIGITS = 6
SCORE_PLACES = 2


class SubjectKind(models.TextChoices):
    BUILDING = "building", _("Buildings")
    ENTRANCE = "entrance", _("Entrances")
    GRID = "grid", _("Grids")
    ESTATE = "estate", _("Estates")
    HOUSEHOLD = "household", _("Households")


class Cadence(models.TextChoices):
    YEARLY = "yearly", _("Yearly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")


class RatingScheme(TimeStamped):
    """What is rated in a community or village, by which criteria, into which levels."""

    SCOPE = {"area": "community__path"}

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community or village"), on_delete=models.PROTECT, related_name="rating_schemes"
    )
    name = models.CharField(_("name"), max_length=100)
    subject_kind = models.CharField(_("what is rated"), max_length=20, choices=SubjectKind.choices)
    cadence = models.CharField(_("rounds"), max_length=20, choices=Cadence.choices, default=Cadence.YEARLY)
    # The 道德评议委员会 or another council that scores; none: the community's staff score.
    panel = models.ForeignKey(
        "consultation.Council",
        verbose_name=_("panel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rating_schemes",
    )
    publicity_days = models.PositiveSmallIntegerField(_("publicity (days)"), default=7)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["community__path", "name", "id"]
        verbose_name = _("rating scheme")
        verbose_name_plural = _("rating schemes")

    def __str__(self) -> str:
        return self.name


class RatingCriterion(models.Model):
    SCOPE = {"area": "scheme__community__path"}

    scheme = models.ForeignKey(RatingScheme, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("criterion"), max_length=60)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    max_score = models.DecimalField(_("top mark"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["scheme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "position"], name="ratings_criterion_position"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="ratings_criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="ratings_criterion_max_positive"),
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class RatingLevel(models.Model):
    """A level reached at `threshold` points out of 100 or more: ★★★ or a title (红色楼栋)."""

    SCOPE = {"area": "scheme__community__path"}

    scheme = models.ForeignKey(RatingScheme, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(_("level"), max_length=30)
    stars = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True)
    threshold = models.DecimalField(_("from score"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["scheme", "-threshold"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "threshold"], name="ratings_level_threshold"),
            models.CheckConstraint(condition=Q(stars__lte=5), name="ratings_level_stars_max"),
        ]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self) -> str:
        return self.name


class RoundState(models.TextChoices):
    OPEN = "open", _("Open")
    SCORING = "scoring", _("Scoring")
    PUBLICITY = "publicity", _("In publicity")
    PUBLISHED = "published", _("Published")


class RatingRound(TimeStamped):
    SCOPE = {"area": "scheme__community__path"}

    scheme = models.ForeignKey(RatingScheme, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(_("name"), max_length=100)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    state = models.CharField(_("state"), max_length=20, choices=RoundState.choices, default=RoundState.OPEN)
    publicity_days = models.PositiveSmallIntegerField(_("publicity (days)"), default=7)
    publicity_starts = models.DateTimeField(_("publicity starts"), null=True, blank=True)
    publicity_ends = models.DateTimeField(_("publicity ends"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="ratings_round_period"),
        ]
        verbose_name = _("rating round")
        verbose_name_plural = _("rating rounds")

    def __str__(self) -> str:
        return self.name


class RatingEntry(models.Model):
    """One subject of a round, named as it was when the round opened; its result once publicised."""

    SCOPE = {"area": "round__scheme__community__path"}

    round = models.ForeignKey(RatingRound, on_delete=models.CASCADE, related_name="entries")
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="rating_entries"
    )
    household = models.ForeignKey(
        "areas.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="rating_entries"
    )
    estate = models.ForeignKey(
        "areas.Estate", null=True, blank=True, on_delete=models.CASCADE, related_name="rating_entries"
    )
    label = models.CharField(_("subject"), max_length=160)
    position = models.PositiveIntegerField(default=0)
    score = models.DecimalField(_("score"), max_digits=SCORE_DIGITS, decimal_places=SCORE_PLACES, null=True)
    level = models.ForeignKey(RatingLevel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    level_name = models.CharField(_("level"), max_length=30, blank=True)
    stars = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True)

    class Meta:
        ordering = ["round", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(area__isnull=False, household__isnull=True, estate__isnull=True)
                    | Q(area__isnull=True, household__isnull=False, estate__isnull=True)
                    | Q(area__isnull=True, household__isnull=True, estate__isnull=False)
                ),
                name="ratings_entry_one_subject",
            ),
            models.UniqueConstraint(fields=["round", "area"], name="ratings_entry_area"),
            models.UniqueConstraint(fields=["round", "household"], name="ratings_entry_household"),
            models.UniqueConstraint(fields=["round", "estate"], name="ratings_entry_estate"),
        ]
        verbose_name = _("rated subject")
        verbose_name_plural = _("rated subjects")

    def __str__(self) -> str:
        return self.label


class Score(models.Model):
    SCOPE = {"area": "entry__round__scheme__community__path"}

    entry = models.ForeignKey(RatingEntry, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RatingCriterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "criterion"], name="ratings_score_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="ratings_score_not_negative"),
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
