from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.platform.access.roles import Perm
from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import NamedPerson, ProtectedPhone


class ResidentUnit(TimeStamped):
    """A resident unit (驻区单位): an institution in the community that co-builds with it."""

    SCOPE = {"area": "area__path", "org": "org__path"}
    VIEW_PERM = Perm.VIEW_UNITS

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government agency")
        PUBLIC_INSTITUTION = "institution", _("Public institution")
        SCHOOL = "school", _("School")
        HOSPITAL = "hospital", _("Hospital")
        STATE_ENTERPRISE = "soe", _("State-owned enterprise")
        PRIVATE_ENTERPRISE = "private", _("Private enterprise")
        SOCIAL_ORGANIZATION = "social", _("Social organization")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="resident_units"
    )
    org = models.ForeignKey(
        "party.Organization",
        verbose_name=_("its party organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    member_count = models.PositiveIntegerField(_("party members in the unit"), default=0)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["name"]
        verbose_name = _("resident unit")
        verbose_name_plural = _("resident units")

    def __str__(self) -> str:
        return self.name


class UnitContact(NamedPerson, ProtectedPhone, TimeStamped):
    SCOPE = {"area": "unit__area__path", "org": "unit__org__path"}
    VIEW_PERM = Perm.VIEW_UNITS

    unit = models.ForeignKey(ResidentUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="contacts")
    title = models.CharField(_("title"), max_length=50, blank=True)
    user = models.OneToOneField(
        "access.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="unit_contact", editable=False
    )

    class Meta:
        ordering = ["unit", "id"]
        verbose_name = _("unit contact")
        verbose_name_plural = _("unit contacts")

    def __str__(self) -> str:
        return self.name
