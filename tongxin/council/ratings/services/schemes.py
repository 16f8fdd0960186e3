"""Rating schemes: what is rated, by which criteria and weights, into which levels, by whom."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongxin.council.ratings.models import Cadence, RatingCriterion, RatingLevel, RatingScheme, SubjectKind
from tongxin.council.ratings.services._common import check_keeps, clean
from tongxin.platform.access.actor import Actor
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area

MAX_CRITERIA = 12
MAX_LEVELS = 8
MAX_PUBLICITY_DAYS = 30


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: Decimal
    max_score: Decimal


@dataclass(frozen=True)
class Level:
    name: str
    threshold: Decimal
    stars: int | None = None


def _check_parts(criteria: list[Criterion], levels: list[Level]) -> None:
    if not criteria:
        raise DomainError({"criteria": _("Give at least one criterion with its weight and top mark.")})
    if len(criteria) > MAX_CRITERIA:
        raise DomainError({"criteria": _("At most %(n)d criteria.") % {"n": MAX_CRITERIA}})
    if len({c.name for c in criteria}) != len(criteria):
        raise DomainError({"criteria": _("Two criteria have the same name.")})
    for c in criteria:
        if not (0 < c.weight <= 100) or not (0 < c.max_score <= 1000):
            raise DomainError({"criteria": _("Each weight is more than 0 and at most 100; each top mark more than 0.")})
    if not levels:
        raise DomainError({"levels": _("Give at least one level with the score it starts from.")})
    if len(levels) > MAX_LEVELS:
        raise DomainError({"levels": _("At most %(n)d levels.") % {"n": MAX_LEVELS}})
    if len({lv.threshold for lv in levels}) != len(levels):
        raise DomainError({"levels": _("Two levels start from the same score.")})
    for lv in levels:
        if not (0 <= lv.threshold <= 100):
            raise DomainError({"levels": _("A level starts from a score between 0 and 100.")})
        if lv.stars is not None and not (1 <= lv.stars <= 5):
            raise DomainError({"levels": _("Stars are from 1 to 5.")})


@transaction.atomic
def scheme_create(
    *,
    actor: Actor,
    community: Area,
    name: str,
    subject_kind: str,
    criteria: list[Criterion],
    levels: list[Level],
    cadence: str = Cadence.YEARLY,
    panel: Any = None,
    publicity_days: int = 7,
    description: str = "",
) -> RatingScheme:
    check_keeps(actor, community)
    if community.level not in COMMUNITY_LEVELS:
        raise DomainError({"community": _("A rating scheme belongs to a community or a village.")})
    if subject_kind not in SubjectKind.values:
        raise DomainError({"subject_kind": _("Choose what is rated.")})
    if cadence not in Cadence.values:
        raise DomainError({"cadence": _("Choose how often rounds are held.")})
    if not (1 <= publicity_days <= MAX_PUBLICITY_DAYS):
        raise DomainError({"publicity_days": _("Publicity lasts 1 to %(n)d days.") % {"n": MAX_PUBLICITY_DAYS}})
    if panel is not None and not panel.area.path.startswith(community.path):
        raise DomainError({"panel": _("The panel is a council of this community or village.")})
    _check_parts(criteria, levels)
    scheme = RatingScheme.objects.create(
        community=community,
        name=clean(name, 100, field="name", required=True),
        subject_kind=subject_kind,
        cadence=cadence,
        panel=panel,
        publicity_days=publicity_days,
        description=clean(description, 2000, field="description"),
    )
    RatingCriterion.objects.bulk_create(
        RatingCriterion(
            scheme=scheme,
            position=n,
            name=clean(c.name, 60, field="criteria", required=True),
            weight=c.weight,
            max_score=c.max_score,
        )
        for n, c in enumerate(criteria, start=1)
    )
    RatingLevel.objects.bulk_create(
        RatingLevel(scheme=scheme, name=clean(lv.name, 30, field="levels", required=True), stars=lv.stars,
                    threshold=lv.threshold)
        for lv in levels
    )  # fmt: skip
    audit_record(actor=actor, action="create", obj=scheme, changes={"name": scheme.name})
    return scheme


@transaction.atomic
def scheme_update(
    *, actor: Actor, scheme: RatingScheme, name: str, publicity_days: int, description: str = "", is_active: bool = True
) -> RatingScheme:
    """Name, publicity and whether new rounds may open; criteria and levels stay as rounds scored them."""
    check_keeps(actor, scheme.community)
    if not (1 <= publicity_days <= MAX_PUBLICITY_DAYS):
        raise DomainError({"publicity_days": _("Publicity lasts 1 to %(n)d days.") % {"n": MAX_PUBLICITY_DAYS}})
    scheme.name = clean(name, 100, field="name", required=True)
    scheme.publicity_days = publicity_days
    scheme.description = clean(description, 2000, field="description")
    scheme.is_active = is_active
    scheme.save(update_fields=["name", "publicity_days", "description", "is_active", "updated_at"])
    audit_record(actor=actor, action="update", obj=scheme, changes={"name": scheme.name})
    return scheme
