from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.platform.access.roles import ROLE_TREE, Role


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    elder_mode = models.BooleanField(_("elder mode"), default=False)
    failed_logins = models.PositiveIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleAssignment(models.Model):
    """A role held by a user at one node of the area tree or the organization tree.

    The node is named by tree and id only: `access` does not import the apps that own the
    trees, and the node's current path is looked up when a scope is built, so moving a node
    never leaves a stale path here.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    node_id = models.BigIntegerField(_("node"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=50, blank=True, help_text=_("e.g. 网格长, 楼栋长"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "node_id"], name="unique_role_at_node"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()} @{self.node_id}"

    @property
    def tree(self) -> str | None:
        return ROLE_TREE[self.role]


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
