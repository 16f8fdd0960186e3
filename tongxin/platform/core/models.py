from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Materialized paths: each node's path is its ancestors' ids and its own, each padded to a
# fixed width and followed by a slash ("00000001/00000007/"). "Everything under X" is one
# indexed `path LIKE 'X%'`, and the children of X can be grouped by a fixed-length prefix.
PATH_STEP = 9  # 8 digits + "/"


def path_segment(pk: int) -> str:
    return f"{pk:08d}/"


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class TreeNode(TimeStamped):
    """A node of one of the two trees (areas, party organizations)."""

    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.IntegerField(_("order"), default=0)
    # The stubs add `<fk>_id` to concrete models only; this abstract one's code uses it too.
    parent_id: int | None

    class Meta:
        abstract = True
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def ancestor_paths(self) -> list[str]:
        return [self.path[: i + PATH_STEP] for i in range(0, len(self.path) - PATH_STEP, PATH_STEP)]

    def ancestor_ids(self) -> list[int]:
        return [int(p[-PATH_STEP:-1]) for p in self.ancestor_paths()]


class AuditEvent(models.Model):
    """One append-only record of a change to, reveal of, or export of people data."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        REVEAL = "reveal", _("revealed")
        EXPORT = "export", _("exported")
        MOVE = "move", _("moved")
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOCKED = "locked", _("account locked")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=50, db_index=True)
    object_id = models.CharField(_("object id"), max_length=40, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # Field names with old/new values; personal numbers appear only masked, never in plain.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an existing record is never rewritten.
        if self.pk is not None:
            raise ValueError("Audit events are append-only")
        super().save(*args, **kwargs)
