"""What mediation's writes share: the actor checks and text cleaning."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.mediation.models import MediationCase
from tongxin.platform.access.actor import Actor, check_at
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.exceptions import DomainError
from tongxin.platform.core.trees import AREA

EARLIEST = datetime.date(2000, 1, 1)


def check_mediates(actor: Actor, area: Any) -> None:
    """Refuse (`Forbidden`) unless the actor holds Perm.MEDIATE over this place."""
    check_at(actor, Perm.MEDIATE, AREA, area.path, _("Only the mediation committee's office may do this."))


def mediates(actor: Actor, case: MediationCase) -> bool:
    """Holds Perm.MEDIATE over the case's committee, or is one of the case's own mediators."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if scope_for(actor).allows_path(Perm.MEDIATE, AREA, case.committee.area.path):
        return True
    return case.mediators.filter(user_id=int(actor.pk or 0)).exists()


def clean(value: Any, limit: int, *, field: str, required: bool = False) -> str:
    text = "".join(c for c in str(value or "") if c >= " " or c in "\n\t").replace("\x7f", "").strip()
    if required and not text:
        raise DomainError({field: _("This field is required.")})
    if len(text) > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return text


def check_day(day: Any, *, field: str, not_before: datetime.date | None = None) -> datetime.date:
    """A date that happened: not in the future, not before `not_before`."""
    if not isinstance(day, datetime.date):
        raise DomainError({field: _("Enter a date.")})
    if day > timezone.localdate():
        raise DomainError({field: _("This date is in the future.")})
    if day < (not_before or EARLIEST):
        raise DomainError({field: _("This date is before %(day)s.") % {"day": (not_before or EARLIEST).isoformat()}})
    return day
