"""Shared steps of services that write people with personal numbers."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import allowed
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.people import ProtectedIdentity, ProtectedPhone
from tongxin.platform.core.personal import (
    id_birth_date,
    id_gender,
    normalize_id_number,
    normalize_phone,
    protect_id_number,
    protect_phone,
)

UNSET: Any = object()


def apply_identity(person: ProtectedPhone, *, id_number: str | None = UNSET, phone: str | None = UNSET) -> None:
    """Validate and store ID and phone numbers; the birth date and gender follow the ID."""
    if id_number is not UNSET:
        if not isinstance(person, ProtectedIdentity):
            raise TypeError(f"{type(person).__name__} has no ID number")
        if id_number:
            compact = normalize_id_number(id_number)
            person.set_id_number(protect_id_number(compact))
            if hasattr(person, "birth_date") and hasattr(person, "gender"):
                person.birth_date = id_birth_date(compact)
                person.gender = id_gender(compact)
        else:
            person.set_id_number(None)
    if phone is not UNSET:
        person.set_phone(protect_phone(normalize_phone(phone)) if phone else None)


def ensure_unique_id(model: type[models.Model], person: ProtectedIdentity) -> None:
    if person.id_number_hash and (
        model._default_manager.filter(id_number_hash=person.id_number_hash).exclude(pk=person.pk).exists()
    ):
        raise DomainError({"id_number": _("Someone with this ID number is already registered.")}, code="duplicate")


def note_hidden_changes(changes: dict[str, Any], person: ProtectedPhone, hashes_before: tuple[str | None, str]) -> None:
    """A new number with the same masked form is still a change the audit trail must show."""
    for field, before, after in (
        ("id_number_masked", hashes_before[0], getattr(person, "id_number_hash", None)),
        ("phone_masked", hashes_before[1], person.phone_hash),
    ):
        if before != after and field not in changes:
            masked = getattr(person, field)
            changes[field] = [masked, f"{masked} *"]


def reveal(*, actor: Actor, obj: ProtectedPhone, field: str) -> str:
    """The full value of a personal number, for a role that may see it; always audited."""
    if field not in {"id_number", "phone"} or (field == "id_number" and not isinstance(obj, ProtectedIdentity)):
        raise DomainError(_("Unknown field."), code="field")
    if not allowed(actor, type(obj), obj, Perm.REVEAL):
        raise Forbidden(_("Your role may not see full personal numbers."))
    value = obj.id_number_plain() if isinstance(obj, ProtectedIdentity) and field == "id_number" else obj.phone_plain()
    audit_record(actor=actor, action="reveal", obj=obj, changes={"field": field})
    return value
