"""The front desk's errands (全程代办, 群众动嘴、干部跑腿): the office runs an errand for a resident
(one of the registry, or a visitor by name and phone) at an office, from the documents received
to the result handed back.

received → submitted (to the office) → result ready → handed back (to the resident), or
cancelled with a reason; each step is a row of ErrandStep (who, when). The deadline is set when
the errand is received, by kind in working days of the official calendar (KIND_DAYS). An errand
handed back on or before its deadline is on time; one still open after it is overdue.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.access.roles import Perm
from tongxin.platform.core.models import TimeStamped
from tongxin.platform.core.people import ProtectedPhone


class Kind(models.TextChoices):
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance (社保)")
    MEDICAL_INSURANCE = "medical_insurance", _("Medical insurance (医保)")
    HOUSEHOLD_REGISTRATION = "hukou", _("Household registration (户籍)")
    DISABILITY_CARD = "disability_card", _("Disability card (残疾人证)")
    ELDER_ALLOWANCE = "elder_allowance", _("Old-age allowance (高龄补贴)")
    PURCHASE = "purchase", _("Buying and paying for residents (代买代缴)")
    OTHER = "other", pgettext_lazy("errand kind", "Other")


# The default deadline of each kind, in working days after the day it was received.
KIND_DAYS: dict[str, int] = {
    Kind.SOCIAL_INSURANCE: 10,
    Kind.MEDICAL_INSURANCE: 10,
    Kind.HOUSEHOLD_REGISTRATION: 15,
    Kind.DISABILITY_CARD: 20,
    Kind.ELDER_ALLOWANCE: 15,
    Kind.PURCHASE: 3,
    Kind.OTHER: 10,
}


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    SUBMITTED = "submitted", _("Submitted to the office")
    READY = "ready", _("Result ready")
    HANDED_BACK = "handed_back", _("Handed back")
    CANCELLED = "cancelled", pgettext_lazy("errand", "Cancelled")


OPEN = (Status.RECEIVED, Status.SUBMITTED, Status.READY)
# The step after each open status.
NEXT: dict[str, str] = {
    Status.RECEIVED: Status.SUBMITTED,
    Status.SUBMITTED: Status.READY,
    Status.READY: Status.HANDED_BACK,
}


class Errand(ProtectedPhone, TimeStamped):
    """An errand run for a resident (or a visitor: name and phone, the phone encrypted)."""

    SCOPE = {"area": "community__path"}
    VIEW_PERM = Perm.VIEW

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="errands"
    )
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("resident"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="errands",
    )
    # For someone not in the registry; empty when `resident` is set.
    visitor_name = models.CharField(_("name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what is asked"), max_length=1000)
    office = models.CharField(_("office"), max_length=100, blank=True)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    ready_on = models.DateField(_("result ready on"), null=True, blank=True)
    handed_back_on = models.DateField(_("handed back on"), null=True, blank=True)
    # Who collected the result (the resident, or a relative for them).
    handed_back_to = models.CharField(_("handed back to"), max_length=50, blank=True)
    handed_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("errand")
        verbose_name_plural = _("errands")
        indexes = [
            models.Index(fields=["community", "status", "due_on"], name="errand_comm_status_due_idx"),
            models.Index(fields=["community", "received_on"], name="errand_comm_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=False) | ~Q(visitor_name=""), name="errand_has_a_person"
            ),
            models.CheckConstraint(condition=Q(due_on__gte=models.F("received_on")), name="errand_due_after_received"),
            models.CheckConstraint(
                condition=~Q(status="handed_back") | Q(handed_back_on__isnull=False), name="errand_handed_back_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} · {self.get_kind_display()}"

    @property
    def person_name(self) -> str:
        return self.resident.name if self.resident_id and self.resident else self.visitor_name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


class Document(models.Model):
    """A document the office received for the errand (a copy of the hukou book, a photo…)."""

    errand = models.ForeignKey(Errand, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("document"), max_length=100)
    received_on = models.DateField(_("received on"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)

    class Meta:
        ordering = ["errand", "id"]
        verbose_name = _("document received")
        verbose_name_plural = _("documents received")

    def __str__(self) -> str:
        return self.name


class Step(models.Model):
    """One step of an errand: its status from then on, who and when."""

    errand = models.ForeignKey(Errand, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    on = models.DateField(_("date"))
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["errand", "at", "id"]
        verbose_name = _("errand step")
        verbose_name_plural = _("errand steps")

    def __str__(self) -> str:
        return f"{self.errand_id} {self.status}"
