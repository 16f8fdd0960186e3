"""What honours' writes share: cleaning text, the names the public reads, the actor checks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, check_at
from tongxin.platform.access.roles import Perm
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Household
from tongxin.registry.people.models import Resident

NAME_MAX = 30
TEXT_MAX = 2000


def clean(value: Any, limit: int, *, field: str, required: bool = False) -> str:
    text = "".join(c for c in str(value or "") if c >= " " or c in "\n\t").replace("\x7f", "").strip()
    if required and not text:
        raise DomainError({field: _("This field is required.")})
    if len(text) > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return text


def clean_name(value: Any, *, field: str, required: bool = True) -> str:
    """A name the public will read: no digits (never a door or phone number), no markup."""
    name = clean(value, NAME_MAX, field=field, required=required)
    if any(c.isdigit() for c in name) or any(c in "<>{}[]@/\\" for c in name):
        raise DomainError({field: _("Write a name only: no numbers, no door or phone numbers.")})
    return name


def family_of(name: str) -> str:
    """张三 → 张家: how a household is named in public."""
    name = name.strip()
    if not name:
        return ""
    return name if name.endswith("家") and len(name) <= 3 else f"{name[0]}家"


def household_name(household: Household) -> str:
    """The household's public name from its head (else any resident): 张家."""
    residents = list(Resident.objects.filter(household=household).values_list("relation", "name"))
    heads = [n for rel, n in residents if rel == Resident.Relation.HEAD] or [n for _rel, n in residents]
    return family_of(heads[0]) if heads else _("A household")


def check_recognises(actor: Actor, area: Any) -> None:
    """Refuse (`Forbidden`) unless the actor holds Perm.RECOGNISE over this place."""
    check_at(actor, Perm.RECOGNISE, AREA, area.path)
