"""Writes to the resident-unit registry."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import uscc

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.protect import apply_identity
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record, diff, stored
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.trees import AREA
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact

UNIT_FIELDS = ["name", "credit_code", "kind", "area_id", "org_id", "address", "member_count", "note"]
CONTACT_FIELDS = ["name", "title", "phone_masked"]


def normalize_credit_code(value: str) -> str:
    """Validate a unified social credit code (统一社会信用代码, GB 32100) with python-stdnum."""
    try:
        return uscc.validate(value or "")
    except stdnum_exceptions.InvalidChecksum as exc:
        raise DomainError({"credit_code": _("The check character of this credit code is wrong.")}) from exc
    except stdnum_exceptions.ValidationError as exc:
        raise DomainError(
            {"credit_code": _("A unified social credit code has 18 characters, e.g. 91110000600037341L.")}
        ) from exc


def _require_area(actor: Actor, path: str) -> None:
    if not scope_for(actor).allows_path(Perm.EDIT_PEOPLE, AREA, path):
        raise Forbidden(_("You may not change resident units here."))


def _ensure_unique_code(unit: ResidentUnit) -> None:
    if ResidentUnit.objects.filter(credit_code=unit.credit_code).exclude(pk=unit.pk).exists():
        raise DomainError({"credit_code": _("A unit with this credit code is already registered.")})


@transaction.atomic
def unit_create(*, actor: Actor, name: str, credit_code: str, area: Any, **fields: Any) -> ResidentUnit:
    _require_area(actor, area.path)
    unit = ResidentUnit(name=name.strip(), credit_code=normalize_credit_code(credit_code), area=area, **fields)
    _ensure_unique_code(unit)
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, action="create", obj=unit, changes={f: [None, getattr(unit, f)] for f in UNIT_FIELDS})
    return unit


@transaction.atomic
def unit_update(*, actor: Actor, unit: ResidentUnit, **fields: Any) -> ResidentUnit:
    _require_area(actor, unit.area.path)
    before = stored(unit, UNIT_FIELDS)
    if "credit_code" in fields:
        fields["credit_code"] = normalize_credit_code(fields["credit_code"])
    for key, value in fields.items():
        setattr(unit, key, value)
    if unit.area_id != before["area_id"]:
        _require_area(actor, unit.area.path)
    _ensure_unique_code(unit)
    unit.full_clean()
    unit.save()
    audit_record(
        actor=actor, action="update", obj=unit, changes=diff(before, {f: getattr(unit, f) for f in UNIT_FIELDS})
    )
    return unit


@transaction.atomic
def unit_delete(*, actor: Actor, unit: ResidentUnit) -> None:
    _require_area(actor, unit.area.path)
    audit_record(actor=actor, action="delete", obj=unit)
    unit.delete()


@transaction.atomic
def contact_create(*, actor: Actor, unit: ResidentUnit, name: str, phone: str = "", title: str = "") -> UnitContact:
    _require_area(actor, unit.area.path)
    contact = UnitContact(unit=unit, title=title)
    contact.set_name(name)
    apply_identity(contact, phone=phone)
    contact.full_clean()
    contact.save()
    audit_record(
        actor=actor, action="create", obj=contact, changes={f: [None, getattr(contact, f)] for f in CONTACT_FIELDS}
    )
    return contact


@transaction.atomic
def contact_delete(*, actor: Actor, contact: UnitContact) -> None:
    _require_area(actor, contact.unit.area.path)
    audit_record(actor=actor, action="delete", obj=contact)
    contact.delete()
