"""Shared resources (资源清单): what resident units offer the community — venues, funds, expertise,
volunteers, equipment — with their availability and conditions; and the booking calendar of the
ones that can be booked (a unit's hall, a school's playground in the evening).

A booking request takes its time slots at once: `BookingSlot` rows, unique per resource and start,
so two requests for the same slot at the same moment cannot both be made, on SQLite as on
PostgreSQL (the second insert fails on the unique constraint and its request is refused with a
clear message). A refused or cancelled booking gives its slots back. Usage of an approved booking
counts toward the unit's agreement through the commitment the resource names.
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

# Bookings are made in slots of this many minutes (a booking of 18:00–20:00 takes four).
SLOT_MINUTES = 30
# How far ahead a booking can be asked for.
BOOK_AHEAD_DAYS = 90


class ResourceKind(models.TextChoices):
    VENUE = "venue", _("Venue (场地)")
    FUNDS = "funds", _("Funds (资金)")
    EXPERTISE = "expertise", _("Expertise (专业技能)")
    VOLUNTEERS = "volunteers", _("Volunteers (志愿力量)")
    EQUIPMENT = "equipment", _("Equipment (设备物资)")
    OTHER = "other", pgettext_lazy("resource kind", "Other")


class Resource(TimeStamped):
    """Something a unit offers (or the community itself, when `unit` is empty)."""

    SCOPE = {"area": "community__path", "org": "unit__org__path"}
    VIEW_PERM = Perm.VIEW_UNITS

    @classmethod
    def scope_self_q(cls, user: Any) -> Q:
        # A contact the unit's record names (UnitContact.user) reads their unit's resources.
        return Q(unit__contacts__user_id=int(user.pk or 0))

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="cobuild_resources"
    )
    unit = models.ForeignKey(
        "cobuild.ResidentUnit",
        verbose_name=_("offered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    # When and how it is available, in the unit's words ("工作日晚上6点后", "每年两次").
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    conditions = models.CharField(_("conditions"), max_length=300, blank=True)
    location = models.CharField(_("where"), max_length=200, blank=True)
    # How much is offered (a sum of money, a number of volunteers…), in `measure`.
    quantity = models.DecimalField(_("quantity offered"), max_digits=12, decimal_places=2, null=True, blank=True)
    measure = models.CharField(_("unit of measure"), max_length=20, blank=True)
    # A venue (or equipment) booked on a calendar.
    bookable = models.BooleanField(_("can be booked"), default=False)
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    # ISO weekdays it opens on, as digits ("12345" Monday to Friday, "1234567" every day).
    open_weekdays = models.CharField(_("open on"), max_length=7, default="1234567")
    # A booking's hours count toward this commitment of the unit's agreement (venue hours).
    commitment = models.ForeignKey(
        "agreements.Commitment",
        verbose_name=_("counts toward"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
    )
    # A room of one of the community's places (阵地): the place's page lists it with its calendar.
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("room of the place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rooms",
    )
    active = models.BooleanField(_("offered now"), default=True)

    class Meta:
        ordering = ["community__path", "kind", "name", "id"]
        verbose_name = _("shared resource")
        verbose_name_plural = _("shared resources")
        indexes = [models.Index(fields=["community", "kind", "active"], name="resource_comm_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(bookable=False) | (Q(opens_at__isnull=False) & Q(closes_at__isnull=False)),
                name="resource_bookable_has_hours",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="resource_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Booking(TimeStamped):
    """A request to use a bookable resource for a time, approved or refused by the unit."""

    SCOPE = {"area": "resource__community__path", "org": "resource__unit__org__path"}
    VIEW_PERM = Perm.VIEW_UNITS

    @classmethod
    def scope_self_q(cls, user: Any) -> Q:
        return Q(resource__unit__contacts__user_id=int(user.pk or 0))

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested, waiting for the unit")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    resource = models.ForeignKey(
        Resource, verbose_name=_("resource"), on_delete=models.PROTECT, related_name="bookings"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    # Who will use it (a branch, a volunteer team, a residents' group) and what for.
    user_group = models.CharField(_("used by"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=200)
    people = models.PositiveIntegerField(_("people expected"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_note = models.CharField(_("note on the decision"), max_length=200, blank=True)
    # How many came, recorded after the use (the usage counted toward the agreement).
    attended = models.PositiveIntegerField(_("people who came"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [models.Index(fields=["resource", "status", "starts_at"], name="booking_res_status_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.starts_at:%Y-%m-%d %H:%M}"


class BookingSlot(models.Model):
    """One slot of SLOT_MINUTES held by a requested or approved booking: the unique constraint is
    what refuses a double booking, whatever the database and however many ask at once."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()

    class Meta:
        ordering = ["resource", "starts_at"]
        constraints = [models.UniqueConstraint(fields=["resource", "starts_at"], name="bookingslot_one_per_time")]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.starts_at:%Y-%m-%d %H:%M}"
