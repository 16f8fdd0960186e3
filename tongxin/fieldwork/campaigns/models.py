"""Campaigns (专项行动 / 排查): a named sweep over a place and a period, with its targets.

A campaign is run by a community (or village) over the community or a place under it (a grid, a
building). Its targets are written once, when it is set up: every building, entrance or household
of the place, or the registered inspection points (rain grates, slopes, fire exits) that lie in
it. Each target belongs to the grid it lies in, so the grid's worker checks their grid's targets
on a phone; a problem found becomes a case (tongxin.grid.cases) in the same step.

Draft → running → closed: targets are checked only while the campaign runs; the closing summary
keeps the counts of the day it closed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.access.roles import Perm
from tongxin.platform.core.models import TimeStamped


class TargetKind(models.TextChoices):
    BUILDING = "building", _("Every building")
    ENTRANCE = "entrance", _("Every entrance (单元)")
    HOUSEHOLD = "household", _("Every household")
    POINT = "point", _("Inspection points")


class CampaignKind(models.TextChoices):
    FLOOD = "flood", _("Flood season: rain grates and drains (防汛排水)")
    SAFETY = "safety", _("Safety sweep, building by building, door to door (安全隐患排查)")
    GEOLOGICAL = "geological", _("Geological hazards (地质灾害隐患排查)")
    CENSUS = "census", _("Census visit (人口普查入户)")
    VACCINATION = "vaccination", _("Vaccination notice door to door (疫苗接种通知入户)")
    OTHER = "other", pgettext_lazy("campaign kind", "Other")


class PointKind(models.TextChoices):
    RAIN_GRATE = "rain_grate", _("Rain grate (雨水篦子)")
    SLOPE = "slope", _("Slope (边坡)")
    FIRE_EXIT = "fire_exit", _("Fire exit (消防通道)")
    OTHER = "other", pgettext_lazy("inspection point kind", "Other")


class Campaign(TimeStamped):
    """A campaign over a place and a period."""

    SCOPE = {"area": "community__path"}

    @classmethod
    def scope_self_q(cls, user: Any) -> Q:
        # A grid worker or building leader reads the campaigns that have targets in their place
        # (to check them), once they run: drafts are the office's.
        from tongxin.platform.access.scope import visible_to

        mine = visible_to(Target.objects.all(), user, Perm.VISIT).values("campaign_id")
        return Q(pk__in=mine) & ~Q(status=Campaign.Status.DRAFT)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft, not started")
        RUNNING = "running", _("Running")
        CLOSED = "closed", pgettext_lazy("campaign", "Closed")

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="campaigns"
    )
    # The community itself or a grid or building under it: where the targets are.
    place = models.ForeignKey("areas.Area", verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    target_kind = models.CharField(_("targets"), max_length=20, choices=TargetKind.choices)
    # For point targets: which registered points (empty: every kind).
    point_kind = models.CharField(_("kind of point"), max_length=20, choices=PointKind.choices, blank=True)
    # What the checker looks at, shown above the targets on the phone.
    prompt = models.TextField(_("what to check"), max_length=1000, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    summary = models.TextField(_("closing summary"), max_length=4000, blank=True)
    # The counts on the day it closed (the summary's figures; live counts come from the targets).
    closed_targets = models.PositiveIntegerField(default=0, editable=False)
    closed_checked = models.PositiveIntegerField(default=0, editable=False)
    closed_problems = models.PositiveIntegerField(default=0, editable=False)
    closed_cases_open = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [models.Index(fields=["community", "status", "ends_on"], name="campaign_comm_status_end_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class InspectionPoint(TimeStamped):
    """A place checked in campaigns: a rain grate, a slope, a fire exit, with its location."""

    SCOPE = {"area": "community__path"}

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="inspection_points"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PointKind.choices)
    name = models.CharField(_("name or code"), max_length=60)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    grid = models.ForeignKey("areas.Area", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey(
        "areas.Area", verbose_name=_("near building"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["community", "kind", "name", "id"]
        verbose_name = _("inspection point")
        verbose_name_plural = _("inspection points")
        indexes = [models.Index(fields=["community", "kind", "is_active"], name="point_comm_kind_idx")]
        constraints = [
            models.UniqueConstraint(fields=["community", "kind", "name"], name="point_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class Target(models.Model):
    """One thing a campaign checks: a building or entrance, a household, or an inspection point."""

    # `place` is where the target is (the building or entrance; a point's building or grid), so
    # a building leader reads their building's targets and a grid worker their grid's.
    SCOPE = {"area": "place__path"}

    class Result(models.TextChoices):
        OK = "ok", _("OK")
        PROBLEM = "problem", _("Problem found")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("areas.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    point = models.ForeignKey(InspectionPoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    grid = models.ForeignKey("areas.Area", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    # The label shown on the phone ("3号楼 2单元 501"), written with the target.
    label = models.CharField(max_length=200)
    sort_key = models.CharField(max_length=255, default="")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["campaign", "grid", "sort_key", "id"]
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")
        indexes = [
            models.Index(fields=["campaign", "grid", "checked_at"], name="target_campaign_grid_idx"),
            models.Index(fields=["grid", "checked_at"], name="target_grid_checked_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(area__isnull=False, household__isnull=True, point__isnull=True)
                    | Q(area__isnull=True, household__isnull=False, point__isnull=True)
                    | Q(area__isnull=True, household__isnull=True, point__isnull=False)
                ),
                name="target_exactly_one_object",
            ),
            models.CheckConstraint(
                condition=Q(checked_at__isnull=True, result="") | Q(checked_at__isnull=False) & ~Q(result=""),
                name="target_checked_has_result",
            ),
            models.UniqueConstraint(fields=["campaign", "area"], name="target_once_per_area"),
            models.UniqueConstraint(fields=["campaign", "household"], name="target_once_per_household"),
            models.UniqueConstraint(fields=["campaign", "point"], name="target_once_per_point"),
        ]

    def __str__(self) -> str:
        return self.label
