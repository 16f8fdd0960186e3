"""Shared steps of services that write people with personal numbers."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import allowed
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.personal import (
    id_birth_date,
    id_gender,
    normalize_id_number,
    normalize_phone,
    protect_id_number,
    protect_phone,
)

UNSET: Any = object()


def apply_identity(person: Any, *, id_number: Any = UNSET, phone: Any = UNSET) -> None:
    """Validate and store ID and phone numbers; the birth date and gender follow the ID."""
    if id_number is not UNSET:
        if id_number:
            compact = normalize_id_number(id_number)
            person.set_id_number(protect_id_number(compact))
            if hasattr(person, "birth_date"):
                person.birth_date = id_birth_date(compact)
                person.gender = id_gender(compact)
        else:
            person.set_id_number(None)
    if phone is not UNSET:
        person.set_phone(protect_phone(normalize_phone(phone)) if phone else None)


def ensure_unique_id(model: type[models.Model], person: Any) -> None:
    if person.id_number_hash and (
        model._default_manager.filter(id_number_hash=person.id_number_hash).exclude(pk=person.pk).exists()
    ):
        raise DomainError({"id_number": _("Someone with this ID number is already registered.")}, code="duplicate")


def note_hidden_changes(changes: dict[str, Any], person: Any, hashes_before: tuple[Any, Any]) -> None:
    """A new number with the same masked form is still a change the audit trail must show."""
    for field, before, after in (
        ("id_number_masked", hashes_before[0], getattr(person, "id_number_hash", None)),
        ("phone_masked", hashes_before[1], person.phone_hash),
    ):
        if before != after and field not in changes:
            masked = getattr(person, field)
            changes[field] = [masked, f"{masked} *"]


def reveal(*, actor: Any, obj: Any, field: str) -> str:
    """The full value of a personal number, for a role that may see it; always audited."""
    if field not in {"id_number", "phone"}:
        raise DomainError(_("Unknown field."), code="field")
    if not allowed(actor, type(obj), obj, Perm.REVEAL):
        raise Forbidden(_("Your role may not see full personal numbers."))
    value = obj.id_number_plain() if field == "id_number" else obj.phone_plain()
    audit_record(actor=actor, action="reveal", obj=obj, changes={"field": field})
    return value
