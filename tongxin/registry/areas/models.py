from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.models import TimeStamped, TreeNode


class Level(models.TextChoices):
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    COMMUNITY = "community", _("Community")
    VILLAGE = "village", _("Village")
    GRID = "grid", _("Grid")
    BUILDING = "building", _("Building")
    ENTRANCE = "entrance", _("Entrance")


# Which levels may sit under which: 区 → 街道 → 社区/村 → 网格 → 楼栋 → 单元.
CHILD_LEVELS: dict[str | None, tuple[str, ...]] = {
    None: (Level.DISTRICT,),
    Level.DISTRICT: (Level.SUBDISTRICT,),
    Level.SUBDISTRICT: (Level.COMMUNITY, Level.VILLAGE),
    Level.COMMUNITY: (Level.GRID,),
    Level.VILLAGE: (Level.GRID,),
    Level.GRID: (Level.BUILDING,),
    Level.BUILDING: (Level.ENTRANCE,),
    Level.ENTRANCE: (),
}
HOUSEHOLD_LEVELS = (Level.BUILDING, Level.ENTRANCE)
# A community in the wide sense, where members report in and services are run: 社区 in town, 村 in the country.
COMMUNITY_LEVELS = (Level.COMMUNITY, Level.VILLAGE)


class Area(TreeNode):
    """A node of the area tree (where people live)."""

    SCOPE = {"area": "path"}

    level = models.CharField(_("level"), max_length=20, choices=Level.choices, db_index=True)
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("e.g. the 15-digit grid code"))
    estate = models.ForeignKey(
        "Estate",
        verbose_name=_("estate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="buildings",
        help_text=_("For a building: the residential estate it belongs to."),
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    # A grid's outline as a GeoJSON geometry (Polygon or MultiPolygon, WGS 84 longitude/latitude):
    # a case reported at a map point lands in the grid whose outline holds the point.
    outline = models.JSONField(_("outline (GeoJSON)"), null=True, blank=True)

    class Meta(TreeNode.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")


class Estate(TimeStamped):
    """A residential estate (小区): groups buildings, may span grids of one community."""

    SCOPE = {"area": "community__path"}

    community = models.ForeignKey(Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="estates")
    name = models.CharField(_("name"), max_length=100)
    has_property_company = models.BooleanField(_("has a property company"), default=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["name"]
        verbose_name = _("estate")
        verbose_name_plural = _("estates")

    def __str__(self) -> str:
        return self.name


class Household(TimeStamped):
    """A household (户) at a building or an entrance."""

    SCOPE = {"area": "area__path"}

    class Kind(models.TextChoices):
        OWNER = "owner", _("Owner-occupied")
        RENTED = "rented", _("Rented")
        COLLECTIVE = "collective", _("Collective")
        VACANT = "vacant", _("Vacant")

    area = models.ForeignKey(
        Area, verbose_name=_("building / entrance"), on_delete=models.PROTECT, related_name="households"
    )
    # The grid the household lies in, kept by the services when the household or its
    # building moves, so lists and the API can name it without walking the tree.
    grid = models.ForeignKey(
        Area, verbose_name=_("grid"), null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    number = models.CharField(_("door number"), max_length=30, help_text=_("e.g. 501"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OWNER)
    is_member_household = models.BooleanField(_("party member household (党员中心户)"), default=False)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    # Months between door-to-door visits that its residents' care categories ask: the shortest
    # cadence among them; NULL when none has one (the ordinary cadence applies). Kept by the
    # visits app whenever a category is given or taken, a resident moves or the cadence changes
    # (registry.people.care_changes), so lists and coverage read a column instead of working
    # it out from every resident's categories (bench/README.md, issue 12).
    visit_interval = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["area__path", "number"]
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [models.UniqueConstraint(fields=["area", "number"], name="unique_household_number")]

    def __str__(self) -> str:
        return f"{self.area.name} {self.number}"
