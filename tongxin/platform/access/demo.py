"""Who the demo's seed acts as in a community: its community account, else the first active
superuser, else an inactive system account (the seeds of every capability write through their
services, which want an actor)."""

from __future__ import annotations

from typing import Any

from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role


def demo_actor(community: Any) -> User:
    held = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id=community.pk).select_related("user").first()
    if held is not None:
        return held.user
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if admin is not None:
        return admin
    return User.objects.get_or_create(username="system", defaults={"is_superuser": True, "is_active": False})[0]
