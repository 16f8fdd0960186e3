"""Possible duplicates of a case, and folding a duplicate into the case that carries the work.

Five neighbours report the same broken streetlight: the person accepting the first report sees
the other four beside it and merges them, so the grid handles one case and every reporter still
hears the result.

A possible duplicate has the same category, was reported within CASE_DUPLICATE_DAYS days of
the case, and lies at the same place (same building or household) or, when both carry a map
point, within CASE_DUPLICATE_METRES metres. The database narrows by category, time and a
bounding box; the exact distance is computed for the few rows left.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.grid.cases.exceptions import CaseChanged, TransitionForbidden, TransitionNotAllowed
from tongxin.grid.cases.models import Case, CaseEvent, CaseTransition
from tongxin.grid.cases.notices import after_merge
from tongxin.grid.cases.queries import cases_visible_to
from tongxin.grid.cases.services import roles_on_case
from tongxin.grid.cases.workflow import HANDLERS, State
from tongxin.platform.access.actor import Actor
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError

# A case may be folded into another while nobody has started work on it yet.
MERGEABLE = frozenset({State.REPORTED, State.RETURNED, State.ACCEPTED})
# …into a case that is still being handled, or has just been closed.
MERGE_TARGETS = frozenset(
    {
        State.REPORTED,
        State.RETURNED,
        State.ACCEPTED,
        State.ASSIGNED,
        State.IN_PROGRESS,
        State.RESOLVED,
        State.REOPENED,
    }
)
EARTH_RADIUS_M = 6_371_000
MAX_SHOWN = 10


@dataclass
class Duplicate:
    case: Case
    metres: int | None  # None when they share a place rather than a point
    same_place: bool


def metres_between(lat1: Decimal, lon1: Decimal, lat2: Decimal, lon2: Decimal) -> float:
    """Great-circle distance (haversine), good to a metre at the scale of a neighbourhood."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def _same_place_q(case: Case) -> Q:
    """Cases at the same precise place: the same building — or, for a case not placed yet
    (位置待核实, its area is the office), the same address text at the same office."""
    if case.is_unplaced:
        if not case.address:
            return Q(pk__in=[])
        return Q(grid__isnull=True, area_id=case.area_id, address__iexact=case.address)
    return Q(area_id=case.area_id) if case.area_id != case.grid_id else Q(pk__in=[])


def _same_place(case: Case, other: Case) -> bool:
    if case.is_unplaced:
        return (
            bool(case.address)
            and other.is_unplaced
            and other.area_id == case.area_id
            and (other.address.casefold() == case.address.casefold())
        )
    return case.area_id != case.grid_id and other.area_id == case.area_id


def possible_duplicates(case: Case, user: Actor) -> list[Duplicate]:
    """Other cases in the user's scope that may report the same problem, nearest first."""
    days = datetime.timedelta(days=settings.CASE_DUPLICATE_DAYS)
    metres = settings.CASE_DUPLICATE_METRES
    place = _same_place_q(case)
    if case.household_id is not None:
        place |= Q(household_id=case.household_id)
    near = Q(pk__in=[])
    if case.latitude is not None and case.longitude is not None:
        dlat = Decimal(metres / 111_320)
        dlon = Decimal(metres / (111_320 * max(math.cos(math.radians(float(case.latitude))), 0.01)))
        near = Q(
            latitude__gte=case.latitude - dlat,
            latitude__lte=case.latitude + dlat,
            longitude__gte=case.longitude - dlon,
            longitude__lte=case.longitude + dlon,
        )
    candidates = (
        cases_visible_to(user)
        .filter(
            place | near,
            category_id=case.category_id,
            reported_at__gte=case.reported_at - days,
            reported_at__lte=case.reported_at + days,
            state__in=MERGE_TARGETS,
        )
        .exclude(pk=case.pk)
        .select_related("category", "area", "grid")
        .order_by("reported_at")[: MAX_SHOWN * 3]
    )
    found: list[Duplicate] = []
    for other in candidates:
        same_place = _same_place(case, other) or (
            case.household_id is not None and other.household_id == case.household_id
        )
        distance = None
        if None not in (case.latitude, case.longitude, other.latitude, other.longitude):
            distance = round(metres_between(case.latitude, case.longitude, other.latitude, other.longitude))
        if same_place or (distance is not None and distance <= metres):
            found.append(Duplicate(other, distance, same_place))
    found.sort(key=lambda d: (not d.same_place, d.metres if d.metres is not None else 0, d.case.reported_at))
    return found[:MAX_SHOWN]


def may_merge(actor: Actor, case: Case) -> bool:
    return case.state in MERGEABLE and bool(roles_on_case(actor, case) & HANDLERS)


@transaction.atomic
def case_merge(*, case: Case, into: Case, actor: Actor, comment: str = "", at: datetime.datetime | None = None) -> Case:
    """Fold `case` into `into`: it becomes "merged", its reporter is told where the work goes on.

    The same conditional update as every transition (state and version as the caller saw them),
    so a duplicate someone else has just accepted or merged is not merged twice.
    """
    if case.pk == into.pk:
        raise DomainError({"into": _("A case cannot be merged into itself.")})
    if case.state not in MERGEABLE:
        raise TransitionNotAllowed(
            _("Only a case nobody has started work on can be merged (this one is %(state)s).")
            % {"state": State(case.state).label},
            code="transition",
        )
    if not roles_on_case(actor, case) & HANDLERS or not roles_on_case(actor, into) & HANDLERS:
        raise TransitionForbidden(_("Your role may not do this to this case."))
    if into.state not in MERGE_TARGETS or into.merged_into_id is not None:
        raise DomainError({"into": _("The other case is finished: merge into an open one.")})
    if into.category_id != case.category_id:
        raise DomainError({"into": _("Only cases of the same kind can be merged.")})
    when = at or timezone.now()
    moved = Case.objects.filter(pk=case.pk, state=case.state, version=case.version).update(
        state=State.MERGED, merged_into=into, version=F("version") + 1, updated_at=timezone.now()
    )
    if not moved:
        raise CaseChanged(_("Someone else has just acted on this case. Reload it to see what changed."), code="changed")
    note = (comment or "").strip()[:1900]
    CaseTransition.objects.create(
        case=case,
        from_state=case.state,
        to_state=State.MERGED,
        actor=actor,
        actor_name=str(actor),
        at=when,
        comment=(_("Merged into %(code)s.") % {"code": into.tracking_code}) + (f" {note}" if note else ""),
    )
    CaseEvent.objects.create(
        case=into,
        kind=CaseEvent.Kind.MERGED,
        key=case.tracking_code,
        at=when,
        actor=actor,
        text=_("%(code)s (the same problem, reported by %(who)s) was merged into this case.")
        % {"code": case.tracking_code, "who": case.reporter_name or _("someone")},
        data={"case": case.pk},
    )
    audit_record(
        actor=actor, action="update", obj=case, changes={"state": [case.state, State.MERGED], "merged_into": into.pk}
    )
    case.refresh_from_db()
    after_merge(case, into)
    return case
