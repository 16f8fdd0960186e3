"""Writes to the resident registry: transactional, audited, scope-checked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor
from tongxin.platform.access.protect import UNSET, apply_identity, ensure_unique_id, note_hidden_changes
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record, diff, stored
from tongxin.platform.core.exceptions import Forbidden
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Household
from tongxin.registry.people.care_changes import care_changed
from tongxin.registry.people.models import BUILTIN_CATEGORIES, CareCategory, Resident

RESIDENT_FIELDS = [
    "name",
    "household_id",
    "relation",
    "gender",
    "birth_date",
    "id_number_masked",
    "phone_masked",
    "note",
]


def _snapshot(resident: Resident, categories: Iterable[CareCategory] | None = None) -> dict[str, Any]:
    data = {f: getattr(resident, f) for f in RESIDENT_FIELDS}
    if categories is not None:
        data["care_categories"] = sorted(c.code for c in categories)
    return data


def _require_household(actor: Actor, household: Household) -> None:
    if not scope_for(actor).allows_path(Perm.EDIT_PEOPLE, AREA, household.area.path):
        raise Forbidden(_("You may not change residents of this household."))


@transaction.atomic
def resident_create(
    *,
    actor: Actor,
    household: Household,
    name: str,
    id_number: str = "",
    phone: str = "",
    care_categories: Iterable[CareCategory] = (),
    **fields: Any,
) -> Resident:
    _require_household(actor, household)
    resident = Resident(household=household, **fields)
    resident.set_name(name)
    apply_identity(resident, id_number=id_number, phone=phone)
    ensure_unique_id(Resident, resident)
    resident.full_clean(exclude=["id_number_hash"])
    resident.save()
    categories = list(care_categories)
    resident.care_categories.set(categories)
    care_changed([household.pk])
    audit_record(
        actor=actor,
        action="create",
        obj=resident,
        changes={k: [None, v] for k, v in _snapshot(resident, categories).items()},
    )
    return resident


@transaction.atomic
def resident_update(
    *,
    actor: Actor,
    resident: Resident,
    name: str | None = None,
    id_number: Any = UNSET,
    phone: Any = UNSET,
    care_categories: Iterable[CareCategory] | None = None,
    **fields: Any,
) -> Resident:
    _require_household(actor, resident.household)
    before = stored(resident, RESIDENT_FIELDS)
    before["care_categories"] = sorted(resident.care_categories.values_list("code", flat=True))
    hashes_before = (resident.id_number_hash, resident.phone_hash)
    if name is not None:
        resident.set_name(name)
    for key, value in fields.items():
        setattr(resident, key, value)
    if "household" in fields:
        _require_household(actor, resident.household)
    apply_identity(resident, id_number=id_number, phone=phone)
    ensure_unique_id(Resident, resident)
    resident.full_clean(exclude=["id_number_hash"])
    resident.save()
    categories = list(care_categories) if care_categories is not None else list(resident.care_categories.all())
    resident.care_categories.set(categories)
    # Moving a resident takes their categories from one household to another.
    care_changed([before["household_id"], resident.household_id])
    changes = diff(before, _snapshot(resident, categories))
    note_hidden_changes(changes, resident, hashes_before)
    audit_record(actor=actor, action="update", obj=resident, changes=changes)
    return resident


@transaction.atomic
def resident_delete(*, actor: Actor, resident: Resident) -> None:
    _require_household(actor, resident.household)
    audit_record(
        actor=actor, action="delete", obj=resident, changes={k: [v, None] for k, v in _snapshot(resident).items()}
    )
    household_id = resident.household_id
    resident.delete()
    care_changed([household_id])


def ensure_builtin_categories() -> None:
    for order, (code, zh, en) in enumerate(BUILTIN_CATEGORIES):
        CareCategory.objects.update_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "is_builtin": True, "sort_order": order}
        )


@transaction.atomic
def care_category_create(*, actor: Actor, code: str, name_zh: str, name_en: str = "") -> CareCategory:
    if not scope_for(actor).is_admin:
        raise Forbidden(_("Only a platform admin may add care categories."))
    category = CareCategory(code=code, name_zh=name_zh, name_en=name_en, sort_order=100)
    category.full_clean()
    category.save()
    audit_record(actor=actor, action="create", obj=category, changes={"code": [None, code], "name_zh": [None, name_zh]})
    return category
