"""What the writes of ratings share: the actor check and text cleaning."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tongxin.platform.access.actor import Actor, check_at
from tongxin.platform.access.roles import Perm
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.trees import AREA


def check_keeps(actor: Actor, community: Any) -> None:
    """Refuse (`Forbidden`) unless the actor keeps the ratings (Perm.RECOGNISE) of this place."""
    check_at(actor, Perm.RECOGNISE, AREA, community.path)


def clean(value: Any, limit: int, *, field: str, required: bool = False) -> str:
    text = "".join(c for c in str(value or "") if c >= " " or c in "\n\t").replace("\x7f", "").strip()
    if required and not text:
        raise DomainError({field: _("This field is required.")})
    if len(text) > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return text
