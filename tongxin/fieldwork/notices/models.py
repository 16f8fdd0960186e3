"""Notices to households (通知): a message the community takes to every household of a place, by
text message and door to door, until each household is reached.

A notice is addressed to a place (the community or an area under it) and, optionally, narrowed to
the residents of a care category (低保…) or over 60; its audience is either one text per household
(to the head, else the first member with a phone) or one text per audience resident. When it is
sent, one `NoticeDelivery` row is written per audience household (with the household's grid,
for the grid worker's list) and one `NoticeText` per text to go out; the texts are sent after the
commit and their outcome written back (sent / failed).

A household counts reached once either channel reached it: a text to one of its audience
residents went out, or a grid worker (or building leader) confirmed delivering it at the door.
A household reached by text does not also need the door; the to-deliver list holds only the
households not reached yet (no phone, the text failed, or nobody was home).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tongxin.platform.access.roles import Perm
from tongxin.platform.core.models import TimeStamped

TEXT_MAX = 300
TITLE_MAX = 100
OVER_AGE = 60


class Notice(TimeStamped):
    """A notice of a community to the households of a place."""

    SCOPE = {"area": "area__path"}
    VIEW_PERM = Perm.VIEW

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft, not sent yet")
        SENT = "sent", pgettext_lazy("notice", "Sent")
        CLOSED = "closed", pgettext_lazy("notice", "Closed")

    class Audience(models.TextChoices):
        HOUSEHOLDS = "households", _("Every household (one text per household)")
        RESIDENTS = "residents", _("Every resident (one text per resident)")

    community = models.ForeignKey(
        "areas.Area", verbose_name=_("community"), on_delete=models.PROTECT, related_name="notices"
    )
    # The place addressed: the community or an area under it (a grid, a building).
    area = models.ForeignKey(
        "areas.Area", verbose_name=pgettext_lazy("notice", "place"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(pgettext_lazy("notice", "title"), max_length=TITLE_MAX)
    text = models.TextField(_("text message"), max_length=TEXT_MAX)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices, default=Audience.HOUSEHOLDS)
    care_category = models.ForeignKey(
        "people.CareCategory",
        verbose_name=_("only residents of the care category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    over_60 = models.BooleanField(_("only residents over 60"), default=False)
    by_text = models.BooleanField(_("by text message"), default=True)
    by_door = models.BooleanField(_("door to door"), default=True)
    status = models.CharField(
        pgettext_lazy("notice", "status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminders = models.PositiveSmallIntegerField(_("reminders sent"), default=0, editable=False)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice to households")
        verbose_name_plural = _("notices to households")
        indexes = [models.Index(fields=["community", "status", "sent_on"], name="notice_comm_status_sent_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(by_text=True) | Q(by_door=True), name="notice_has_a_channel"),
            models.CheckConstraint(condition=Q(status="draft") | Q(sent_on__isnull=False), name="notice_sent_has_day"),
        ]

    def __str__(self) -> str:
        return self.title


class NoticeDelivery(models.Model):
    """One household of a notice's audience: whether (and how) it was reached."""

    SCOPE = {"area": "household__area__path"}
    VIEW_PERM = Perm.VISIT

    class Channel(models.TextChoices):
        TEXT = "text", _("Text message")
        DOOR = "door", _("Door to door")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    household = models.ForeignKey("areas.Household", on_delete=models.PROTECT, related_name="+")
    # The household's grid when the notice was sent: the grid worker's list and the per-grid counts.
    grid = models.ForeignKey("areas.Area", null=True, on_delete=models.PROTECT, related_name="+")
    # How many of its audience residents have a phone number (0: door to door only).
    phones = models.PositiveSmallIntegerField(default=0)
    reached_at = models.DateTimeField(_("reached at"), null=True, blank=True)
    reached_by = models.CharField(_("reached by"), max_length=4, choices=Channel.choices, blank=True)
    texted_at = models.DateTimeField(null=True, blank=True)
    # Every text to it so far failed (and none went out).
    text_failed = models.BooleanField(default=False)
    door_at = models.DateTimeField(_("delivered at the door"), null=True, blank=True)
    door_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The last visit found nobody home (the household stays not reached).
    nobody_home_at = models.DateTimeField(_("nobody home at"), null=True, blank=True)

    class Meta:
        ordering = ["notice", "household__area__path", "household__number", "id"]
        verbose_name = _("delivery of a notice")
        verbose_name_plural = _("deliveries of notices")
        indexes = [
            models.Index(fields=["notice", "grid", "reached_at"], name="notice_delivery_grid_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["notice", "household"], name="notice_delivery_once_per_household"),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id}/{self.household_id}"


class NoticeText(models.Model):
    """One text message of a notice to one resident (the number is read from the resident, never
    copied here)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", pgettext_lazy("text message", "Sent")
        FAILED = "failed", _("Failed")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="texts")
    delivery = models.ForeignKey(NoticeDelivery, on_delete=models.CASCADE, related_name="texts")
    resident = models.ForeignKey("people.Resident", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    # Which run of the sender took it (so two runs never send one text twice).
    batch = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["notice", "status"], name="notice_text_status_idx")]

    def __str__(self) -> str:
        return f"{self.notice_id}/{self.resident_id} {self.status}"
