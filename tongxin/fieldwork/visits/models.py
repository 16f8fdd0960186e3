"""Door-to-door visits (大走访): one record per visit to a household, and the cadence each kind
of household is due a visit at."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.core.models import TimeStamped

# The cadence row that applies to a household none of whose residents has a listed category.
ORDINARY = "ordinary"

# Defaults from the domain rules: ordinary households twice a year; low-income, floating,
# empty-nest and community-correction households monthly.
DEFAULT_CADENCE: dict[str, int] = {
    ORDINARY: 6,
    "low_income": 1,
    "floating": 1,
    "empty_nest": 1,
    "community_correction": 1,
}

# How long a confirmed fact of 六清楚 stays "up to date".
FACTS_FRESH_MONTHS = 12


class VisitCadence(models.Model):
    """How often a household of a kind is due a visit: a care category's code, or "ordinary"."""

    category_code = models.SlugField(_("care category code"), max_length=40, unique=True)
    months = models.PositiveSmallIntegerField(
        _("interval (months)"), validators=[MinValueValidator(1), MaxValueValidator(24)]
    )

    class Meta:
        ordering = ["months", "category_code"]
        verbose_name = _("visit cadence")
        verbose_name_plural = _("visit cadences")

    def __str__(self) -> str:
        return f"{self.category_code}: {self.months}"


class Visit(TimeStamped):
    """One door-to-door visit (走访) to a household."""

    SCOPE = {"area": "household__area__path"}

    class Way(models.TextChoices):
        DOOR = "door", _("At the door (入户)")
        PHONE = "phone", pgettext_lazy("visit way", "By phone (电话)")
        OFFICE = "office", _("At the office (来访)")

    class VisitorKind(models.TextChoices):
        GRID_WORKER = "grid_worker", _("Grid worker")
        BUILDING_LEADER = "building_leader", _("Building leader")
        STAFF = "staff", _("Community staff")
        OTHER = "other", pgettext_lazy("visitor kind", "Other")

    household = models.ForeignKey(
        "areas.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits_made",
    )
    # Kept as written when the visit was recorded: the record outlives the account.
    visitor_name = models.CharField(_("visitor name"), max_length=50)
    visitor_kind = models.CharField(
        _("visitor role"), max_length=20, choices=VisitorKind.choices, default=VisitorKind.GRID_WORKER
    )
    way = models.CharField(_("way"), max_length=10, choices=Way.choices, default=Way.DOOR)
    residents_met = models.ManyToManyField(
        "people.Resident", verbose_name=_("residents met"), blank=True, related_name="visits"
    )
    others_met = models.CharField(_("others met"), max_length=200, blank=True)
    findings = models.TextField(_("findings"), max_length=4000, blank=True)
    needs = models.TextField(_("needs"), max_length=2000, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("follow-up case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visits",
    )
    # 六清楚: the visitor checked who lives here and confirmed these facts as current.
    facts_checked = models.BooleanField(_("household facts checked"), default=False)
    confirmed_categories = models.ManyToManyField(
        "people.CareCategory", verbose_name=_("facts confirmed"), blank=True, related_name="+"
    )

    # Made by the visitor's device for a record kept as a draft without signal: the same
    # record sent twice is one visit (docs/decisions/0016-offline-drafts.md).
    idempotency_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="visits_one_visit_per_record_key",
            )
        ]
        indexes = [
            models.Index(fields=["household", "visited_on"], name="visits_household_on"),
            models.Index(fields=["visitor", "visited_on"], name="visits_visitor_on"),
            models.Index(fields=["visited_on"], name="visits_on"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.visited_on:%Y-%m-%d}"
