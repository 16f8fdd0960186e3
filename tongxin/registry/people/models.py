from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import NamedPerson, ProtectedIdentity

# The six of 六清楚 (seed 003): always present, cannot be deleted.
BUILTIN_CATEGORIES: list[tuple[str, str, str]] = [
    ("low_income", "低保困难户", "Low-income household"),
    ("disabled", "残疾人", "Disabled person"),
    ("laid_off", "下岗职工", "Laid-off worker"),
    ("empty_nest", "空巢老人", "Empty-nest elderly"),
    ("party_member", "党员", "Party member"),
    ("floating", "流动人口", "Floating population"),
]


class CareCategory(models.Model):
    """A care category (关爱对象): the six of 六清楚 plus configurable tags."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    is_builtin = models.BooleanField(_("one of 六清楚"), default=False, editable=False)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ["-is_builtin", "sort_order", "code"]
        verbose_name = _("care category")
        verbose_name_plural = _("care categories")

    def __str__(self) -> str:
        if (get_language() or "zh-hans").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh


class Resident(NamedPerson, ProtectedIdentity, TimeStamped):
    SCOPE = {"area": "household__area__path"}

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Relation(models.TextChoices):
        HEAD = "head", _("Head of household")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        GRANDCHILD = "grandchild", _("Grandchild")
        TENANT = "tenant", _("Tenant")
        OTHER = "other", _("Other")

    household = models.ForeignKey(
        "areas.Household", verbose_name=_("household"), on_delete=models.PROTECT, related_name="residents"
    )
    relation = models.CharField(_("relation to head"), max_length=20, choices=Relation.choices, default=Relation.HEAD)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True, db_index=True)
    care_categories = models.ManyToManyField(
        CareCategory, verbose_name=_("care categories"), blank=True, related_name="residents"
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["household__area__path", "household__number", "id"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        constraints = [
            models.UniqueConstraint(fields=["id_number_hash"], name="unique_resident_id_number"),
        ]

    def __str__(self) -> str:
        return self.name
