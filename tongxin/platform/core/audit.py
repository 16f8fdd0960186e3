"""The audit trail: who did what to which record, when, and from where."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from tongxin.platform.core.context import current_ip
from tongxin.platform.core.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Iterable):
        return [_plain(v) for v in value]
    return str(value)


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    # PostgreSQL refuses an action longer than its column, SQLite does not: fail alike on both.
    column = AuditEvent._meta.get_field("action")
    if isinstance(column, models.CharField) and len(action) > (column.max_length or 0):
        raise ValueError(f"An audit action is a short word (create, update, reveal…): {action!r}")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    # `core` does not import `access`, which names the user model: the event takes its id.
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor_id=user.pk if user is not None else None,
        actor_name=(user.get_username() if user is not None else "")[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        changes={k: _plain(v) for k, v in (changes or {}).items()},
        ip_address=current_ip.get(),
    )


def stored(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values as the database holds them now.

    A ModelForm writes its cleaned data onto the instance before the service runs, so the
    "before" side of an audit diff must come from the database, not from the instance.
    """
    row = type(obj)._default_manager.filter(pk=obj.pk).values(*fields).first() or {}
    return {f: row.get(f) for f in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {
        key: [_plain(before.get(key)), _plain(after.get(key))]
        for key in sorted(set(before) | set(after))
        if _plain(before.get(key)) != _plain(after.get(key))
    }
