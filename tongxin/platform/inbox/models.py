"""Notifications: what a user is told in the app (站内消息)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 200
TOPIC_MAX = 100
BODY_MAX = 2000
URL_MAX = 300


class Notification(models.Model):
    class Kind(models.TextChoices):
        ASSIGNMENT = "assignment", _("Assigned to you")
        WARNING = "warning", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        SUPERVISION = "supervision", _("Supervision")
        RATING = "rating", _("Rating")
        ESCALATION = "escalation", _("Escalated")
        EXTENSION = "extension", _("Extension")
        STATUS = "status", _("Status change")
        OTHER = "other", _("Other")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    # What happened, without whom or what it happened to ("escalated to you: not resolved in
    # time"): notices of one kind and topic are shown as one line while unread (43 escalations
    # from one night's deadline run are one line, opening the list of them). Empty: never grouped.
    topic = models.CharField(_("topic"), max_length=TOPIC_MAX, blank=True, default="")
    body = models.TextField(_("text"), max_length=BODY_MAX, blank=True)
    # A path inside the site ("/cases/12/"), never an absolute URL: the read view redirects to it.
    url = models.CharField(_("link"), max_length=URL_MAX, blank=True)
    # Not a foreign key: the inbox stays independent of the cases app (and survives a case's
    # deletion as a record of what the user was told).
    case_id = models.BigIntegerField(_("case"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="inbox_recipient_read_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(url="") | (Q(url__startswith="/") & ~Q(url__startswith="//")),
                name="inbox_url_relative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
