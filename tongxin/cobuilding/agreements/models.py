"""Co-building agreements (共建协议): one per resident unit per year, with what the unit commits to
and what it delivered against each commitment.

An agreement is signed by the community (or village) and a resident unit for a period (usually a
calendar year); its commitments say what the unit gives — venue hours, money, volunteer hours,
equipment — in a quantity and a unit of measure. Each delivery is a row against a commitment:
entered by staff, reported by the unit, or written by the projects and bookings that draw on it
(source kind and id say which), so "delivered against promised" is a sum in the database.

A renewal reminder is due RENEWAL_NOTICE_DAYS before an agreement in force ends.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.access.roles import Perm
from tongxin.platform.core.models import TimeStamped

RENEWAL_NOTICE_DAYS = 30


def scan_path(instance: Agreement, filename: str) -> str:
    # Never the uploaded name: a random one, under the month it was stored in.
    now = timezone.now()
    return f"agreements/{now:%Y/%m}/{secrets.token_hex(16)}{filename[filename.rfind('.') :]}"


class Agreement(TimeStamped):
    """A co-building agreement between a community (or village) and a resident unit."""

    SCOPE = {"area": "community__path", "org": "unit__org__path"}
    # Co-building staff and the subdistrict read agreements (VIEW_UNITS), as do the unit's
    # contacts for their own unit; grid workers and branch secretaries do not.
    VIEW_PERM = Perm.VIEW_UNITS

    @classmethod
    def scope_self_q(cls, user: Any) -> Q:
        # A contact the unit's record names (UnitContact.user) reads their unit's agreements.
        return Q(unit__contacts__user_id=int(user.pk or 0))

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft, not signed yet")
        SIGNED = "signed", _("Signed")
        ENDED = "ended", pgettext_lazy("agreement", "Ended")

    unit = models.ForeignKey(
        "cobuild.ResidentUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="agreements"
    )
    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="cobuild_agreements"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    # Who signed for each side, as on the paper.
    community_signatory = models.CharField(_("signed for the community by"), max_length=50, blank=True)
    unit_signatory = models.CharField(_("signed for the unit by"), max_length=50, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    # The signed paper, scanned (a PDF or an image; images re-encoded without EXIF).
    scan = models.FileField(upload_to=scan_path, max_length=200, blank=True)
    scan_type = models.CharField(max_length=30, blank=True)
    scan_size = models.PositiveIntegerField(default=0)
    scan_uploaded_at = models.DateTimeField(null=True, blank=True)
    scan_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the renewal reminder was sent (the reminder job sends it once).
    renewal_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-year", "unit__name", "id"]
        verbose_name = _("co-building agreement")
        verbose_name_plural = _("co-building agreements")
        indexes = [
            models.Index(fields=["community", "status", "ends_on"], name="agreement_comm_status_end_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["unit", "community", "year"], name="agreement_one_per_unit_year"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="agreement_ends_after_start"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(signed_on__isnull=False), name="agreement_signed_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CommitmentKind(models.TextChoices):
    VENUE_HOURS = "venue_hours", _("Venue hours (场地开放)")
    MONEY = "money", _("Money (资金)")
    VOLUNTEER_HOURS = "volunteer_hours", _("Volunteer hours (志愿服务)")
    EQUIPMENT = "equipment", _("Equipment and goods (设备物资)")
    EXPERTISE = "expertise", _("Expertise sessions (专业服务)")
    OTHER = "other", pgettext_lazy("commitment kind", "Other")


# The unit of measure each kind is counted in, shown beside quantities.
KIND_MEASURE: dict[str, Any] = {
    CommitmentKind.VENUE_HOURS: _("hours"),
    CommitmentKind.MONEY: _("yuan"),
    CommitmentKind.VOLUNTEER_HOURS: _("person-hours"),
    CommitmentKind.EQUIPMENT: _("items"),
    CommitmentKind.EXPERTISE: _("sessions"),
    CommitmentKind.OTHER: _("times"),
}


class Commitment(models.Model):
    """What a unit commits to in an agreement: a kind, a quantity in the kind's unit of measure."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(_("kind"), max_length=20, choices=CommitmentKind.choices)
    description = models.CharField(_("what is committed"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    # Free text for what the kind's default does not say ("场次", "台").
    measure = models.CharField(_("unit of measure"), max_length=20, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["agreement", "sort_order", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="commitment_quantity_positive")]

    def __str__(self) -> str:
        return self.description

    @property
    def measure_label(self) -> str:
        return self.measure or str(KIND_MEASURE.get(self.kind) or "")


class Delivery(models.Model):
    """What a unit delivered against a commitment, on a day: entered, reported, or written by a
    project or a booking that drew on the commitment."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered by staff")
        REPORTED = "reported", _("Reported by the unit")
        PROJECT = "project", _("A project")
        BOOKING = "booking", _("A booking of a shared resource")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="deliveries")
    delivered_on = models.DateField(_("delivered on"))
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    description = models.CharField(_("what was delivered"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ENTERED)
    # The project or booking it came from (its app's row id), so it is written once per source row
    # and commitment.
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["commitment", "delivered_on"], name="delivery_commitment_day_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="delivery_quantity_positive"),
            models.UniqueConstraint(
                fields=["commitment", "source", "source_id"],
                condition=Q(source_id__isnull=False),
                name="delivery_once_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.delivered_on} {self.quantity}"
