"""Writes to cases: reporting and every move through the workflow."""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.grid.cases.deadlines import LADDER
from tongxin.grid.cases.exceptions import CaseChanged, TransitionForbidden, TransitionNotAllowed
from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent, CaseTransition, Rating
from tongxin.grid.cases.notices import after_place, after_rating, after_transition
from tongxin.grid.cases.photos import ProcessedPhoto, photos_save
from tongxin.grid.cases.workflow import FINAL_STATES, NEEDS_COMMENT, SUPERVISORS, TRANSITIONS, State
from tongxin.platform import calendar
from tongxin.platform.access.actor import Actor
from tongxin.platform.access.roles import Perm
from tongxin.platform.access.scope import scope_for, visible_to
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.idempotency import already_made, save_once
from tongxin.platform.core.personal import normalize_phone, protect_phone
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.geo import grid_at
from tongxin.registry.areas.models import Area, Household, Level
from tongxin.registry.areas.services import grid_of

# No 0/O, 1/I/L: a resident reads the code aloud over the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


# Whom the category names decides whose queue a new case lands in: a grid worker's, or the
# community office's — which also dispatches what a volunteer team or a resident unit does
# (by a handover to the team or unit).
ROUTE_LEVEL = {
    CaseCategory.Handler.GRID: Case.Level.GRID,
    CaseCategory.Handler.COMMUNITY: Case.Level.COMMUNITY,
    CaseCategory.Handler.TEAM: Case.Level.COMMUNITY,
    CaseCategory.Handler.UNIT: Case.Level.COMMUNITY,
}


# Where a case that no one has placed yet waits (位置待核实): the office's rung of the ladder.
OFFICE_LEVELS = {
    Level.SUBDISTRICT: Case.Level.SUBDISTRICT,
    Level.COMMUNITY: Case.Level.COMMUNITY,
    Level.VILLAGE: Case.Level.COMMUNITY,
}
ADDRESS_MAX_LENGTH = Case._meta.get_field("address").max_length or 200


def new_tracking_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not Case.objects.filter(tracking_code=code).exists():
            return code


@transaction.atomic
def case_report(
    *,
    actor: Any,
    category: CaseCategory,
    description: str,
    area: Area | None,
    household: Household | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    people_involved: str = "",
    photos: Sequence[ProcessedPhoto] = (),
    source: str = Case.Source.GRID,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_ip: str | None = None,
    address: str = "",
    unplaced: bool = False,
    at: datetime.datetime | None = None,
    idempotency_key: uuid.UUID | None = None,
) -> Case:
    """A new case lands in the grid of its place, with deadlines from its category.

    The place is a grid or a building; without one, a map point places the case in the grid
    whose outline holds it (among the grids the reporter may see). Photos come already checked
    (`photos.photos_process`); the first one that kept its location is the map point if the
    report gives none. A signed-in reporter's second report with the same `idempotency_key`
    (a draft sent again) answers the case the first one made, and makes nothing.

    With `unplaced`, `area` is an office (subdistrict, community or village) and the case waits
    in its queue with no grid, marked 位置待核实, until a person places it (`case_place`). Its
    deadlines run from the report all the same: the resident is waiting.
    """
    earlier = already_made(Case, author=actor, key=idempotency_key, author_field="reporter")
    if earlier is not None:
        return earlier
    address = (address or "").strip()
    if len(address) > ADDRESS_MAX_LENGTH:
        raise DomainError(
            {"address": _("The address has at most %(limit)d characters.") % {"limit": ADDRESS_MAX_LENGTH}}
        )
    if unplaced:
        return _case_report_unplaced(
            actor=actor,
            category=category,
            description=description,
            office=area,
            address=address,
            latitude=latitude,
            longitude=longitude,
            source=source,
            reporter_name=reporter_name,
            at=at,
            idempotency_key=idempotency_key,
        )
    if latitude is None and longitude is None:
        located = next((p for p in photos if p.latitude is not None and p.longitude is not None), None)
        if located is not None:
            latitude, longitude = located.latitude, located.longitude
    latitude, longitude = _map_point(latitude, longitude)
    if area is None:
        if latitude is None:
            raise DomainError({"area": _("Choose a grid or a building for the case, or a point on the map.")})
        grids = visible_to(Area.objects.all(), actor) if actor is not None else None
        area = grid_at(latitude, longitude, grids)
        if area is None:
            raise DomainError({"area": _("That point is not inside any grid: choose the building instead.")})
    if actor is not None and not scope_for(actor).allows_path(Perm.VIEW, AREA, area.path):
        raise Forbidden(_("You may only report cases where you work."))
    grid = grid_of(area)
    if grid is None or area.level not in (Level.GRID, Level.BUILDING, Level.ENTRANCE):
        raise DomainError({"area": _("Choose a grid or a building for the case.")})
    if household is not None and not household.area.path.startswith(area.path):
        raise DomainError({"household": _("The household is not in that place.")})
    case = _new_case(
        actor=actor,
        category=category,
        description=description,
        area=area,
        grid=grid,
        level=ROUTE_LEVEL[category.handler],
        household=household,
        latitude=latitude,
        longitude=longitude,
        people_involved=people_involved,
        source=source,
        reporter_name=reporter_name,
        reporter_ip=reporter_ip,
        address=address,
        at=at,
    )
    if reporter_phone:
        case.set_phone(protect_phone(normalize_phone(reporter_phone)))
    case, made = _save_new(case, idempotency_key)
    if made:
        photos_save(case=case, photos=photos, actor=case.reporter)
    return case


def _map_point(latitude: Any, longitude: Any) -> tuple[Decimal | None, Decimal | None]:
    """Both coordinates or neither, to the micro-degree the columns keep."""
    if (latitude is None) != (longitude is None):
        raise DomainError({"area": _("A map point needs both latitude and longitude.")})
    if latitude is None or longitude is None:
        return None, None
    return Decimal(str(latitude)).quantize(Decimal("0.000001")), Decimal(str(longitude)).quantize(Decimal("0.000001"))


def _new_case(
    *,
    actor: Any,
    category: CaseCategory,
    description: str,
    area: Area,
    grid: Area | None,
    level: str,
    at: datetime.datetime | None,
    household: Household | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    people_involved: str = "",
    source: str = Case.Source.GRID,
    reporter_name: str = "",
    reporter_ip: str | None = None,
    address: str = "",
) -> Case:
    reported_at = at or timezone.now()
    return Case(
        tracking_code=new_tracking_code(),
        category=category,
        description=description.strip(),
        area=area,
        grid=grid,
        household=household,
        latitude=latitude,
        longitude=longitude,
        people_involved=(people_involved or "").strip(),
        address=address,
        source=source,
        reporter=actor if actor is not None and actor.is_authenticated else None,
        reporter_name=reporter_name or (str(actor) if actor is not None else ""),
        reporter_ip=reporter_ip,
        level=level,
        reported_at=reported_at,
        accept_due=calendar.deadline(reported_at, category.accept_limit, category.accept_unit),
        resolve_due=calendar.deadline(reported_at, category.resolve_limit, category.resolve_unit),
    )


def _save_new(case: Case, idempotency_key: uuid.UUID | None = None) -> tuple[Case, bool]:
    """The case and the first row of its timeline (reported, by whom); or, when the reporter
    sent this draft before, the case that copy made and False."""
    if case.reporter is not None:
        case.idempotency_key = idempotency_key
    # The key's uniqueness is the database's to judge (save_once), also when two copies race.
    case.full_clean(exclude=["tracking_code", "idempotency_key"])
    case, made = save_once(case, author_field="reporter")
    if not made:
        return case, False
    CaseTransition.objects.create(
        case=case,
        from_state="",
        to_state=State.REPORTED,
        actor=case.reporter,
        actor_name=case.reporter_name,
        at=case.reported_at,
    )
    return case, True


def _case_report_unplaced(
    *,
    actor: Any,
    category: CaseCategory,
    description: str,
    office: Area | None,
    address: str,
    latitude: Decimal | None,
    longitude: Decimal | None,
    source: str,
    reporter_name: str,
    at: datetime.datetime | None,
    idempotency_key: uuid.UUID | None = None,
) -> Case:
    """A case whose place no one knows yet: it waits in the office's queue, at the office's rung."""
    if office is None or office.level not in OFFICE_LEVELS:
        raise DomainError({"area": _("A case to be placed later waits at a subdistrict, community or village office.")})
    if actor is not None and not scope_for(actor).allows_path(Perm.VIEW, AREA, office.path):
        raise Forbidden(_("You may only report cases where you work."))
    latitude, longitude = _map_point(latitude, longitude)
    if not address and latitude is None:
        raise DomainError({"address": _("Say where: an address, or a point on the map.")})
    case = _new_case(
        actor=actor,
        category=category,
        description=description,
        area=office,
        grid=None,
        level=OFFICE_LEVELS[office.level],
        latitude=latitude,
        longitude=longitude,
        source=source,
        reporter_name=reporter_name,
        address=address,
        at=at,
    )
    return _save_new(case, idempotency_key)[0]


# Who may place a case: those who dispatch in the office it waits at.
PLACERS = SUPERVISORS


def may_place(actor: Any, case: Case) -> bool:
    return case.is_unplaced and case.state not in FINAL_STATES and bool(roles_on_case(actor, case) & PLACERS)


@transaction.atomic
def case_place(*, case: Case, actor: Actor, area: Area, comment: str = "", at: datetime.datetime | None = None) -> Case:
    """定位: a person who dispatches in the case's office puts an unplaced case in a grid (or a
    building of it) under that office; from there it follows the normal workflow.

    The case keeps its state and deadlines (the clock ran while it waited). Its level becomes
    the one its category routes to — or higher, if the deadline job already escalated it. The
    update is conditional on the case still being unplaced at the version the caller saw, so two
    people placing it at once cannot both win.
    """
    if not bool(roles_on_case(actor, case) & PLACERS):
        raise Forbidden(_("Only those who dispatch cases in this office may place this case."))
    if not case.is_unplaced:
        raise DomainError(_("This case is already placed in a grid."), code="placed")
    if case.state in FINAL_STATES:
        raise DomainError(
            _("A case that is %(state)s cannot be placed.") % {"state": State(case.state).label}, code="state"
        )
    if area.level not in (Level.GRID, Level.BUILDING, Level.ENTRANCE) or not area.path.startswith(case.area.path):
        raise DomainError({"area": _("Choose a grid or a building of %(office)s.") % {"office": case.area.name}})
    if not scope_for(actor).allows_path(Perm.VIEW, AREA, area.path):
        raise Forbidden(_("You may only place cases where you work."))
    grid = grid_of(area)
    if grid is None:
        raise DomainError({"area": _("Choose a grid or a building of %(office)s.") % {"office": case.area.name}})
    comment = (comment or "").strip()[:2000]
    escalated = CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ESCALATED).values_list("key", flat=True)
    level = max(
        [ROUTE_LEVEL[case.category.handler], *escalated], key=lambda lv: LADDER.index(lv) if lv in LADDER else -1
    )
    when = at or timezone.now()
    moved = Case.objects.filter(pk=case.pk, grid__isnull=True, version=case.version).update(
        area=area, grid=grid, level=level, version=F("version") + 1, updated_at=timezone.now()
    )
    if not moved:
        raise CaseChanged(_("Someone else has just acted on this case. Reload it to see what changed."), code="changed")
    office = case.area
    place = grid.name if area.pk == grid.pk else f"{grid.name} · {area.name}"
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.PLACED,
        at=when,
        actor=actor,
        text=f"{place}\n{comment}" if comment else place,
        data={"office": office.pk, "area": area.pk, "grid": grid.pk},
    )
    audit_record(
        actor=actor,
        action="update",
        obj=case,
        changes={"area": [office.pk, area.pk], "grid": [None, grid.pk], "level": [case.level, level]},
    )
    case.refresh_from_db()
    after_place(case, actor)
    return case


def allowed_transitions(actor: Any, case: Case) -> list[str]:
    """The states this person may move the case to now."""
    return [
        to
        for (frm, to), roles in TRANSITIONS.items()
        if frm == case.state and _may(actor, case, roles) and _send_back_open(actor, case, to)
    ]


def send_back_due(case: Case) -> datetime.datetime | None:
    """Until when the assignee may send a dispatched case back (None if it is not dispatched)."""
    if case.state != State.ASSIGNED:
        return None
    dispatched = case.transitions.filter(to_state=State.ASSIGNED).order_by("-at", "-id").values_list("at", flat=True)
    at = dispatched.first()
    return calendar.deadline(at, settings.CASE_SEND_BACK_DAYS, "days") if at else None


def _send_back_open(actor: Any, case: Case, to_state: str, at: datetime.datetime | None = None) -> bool:
    """首接负责: an assignee may send a wrongly dispatched case back only within the limit;
    a supervisor may always take it back."""
    if (case.state, to_state) != (State.ASSIGNED, State.ACCEPTED) or roles_on_case(actor, case) & SUPERVISORS:
        return True
    due = send_back_due(case)
    return due is None or (at or timezone.now()) <= due


def roles_on_case(actor: Any, case: Case) -> set[str]:
    """The roles the person holds over this case: those at its place, plus assignee / reporter."""
    held = set(scope_for(actor).roles_at(AREA, case.area.path))
    if case.assignee_id is not None and case.assignee_id == actor.pk:
        held.add("assignee")
    if case.reporter_id is not None and case.reporter_id == actor.pk:
        held.add("reporter")
    return held


def _may(actor: Any, case: Case, roles: frozenset[str]) -> bool:
    return bool(roles_on_case(actor, case) & roles)


def _step(case: Case, to_state: str) -> tuple[str, str]:
    key = (case.state, to_state)
    if key not in TRANSITIONS:
        raise TransitionNotAllowed(
            _("A case that is %(state)s cannot become %(to)s.")
            % {"state": State(case.state).label, "to": State(to_state).label if to_state in State.values else to_state},
            code="transition",
        )
    return key


@transaction.atomic
def case_transition(
    *,
    case: Case,
    to_state: str,
    actor: Actor,
    comment: str = "",
    assignee: Any = None,
    photos: Sequence[ProcessedPhoto] = (),
    at: datetime.datetime | None = None,
) -> Case:
    """Move a case one step; exactly one of two people acting at once succeeds.

    The update is conditional on the state and version the caller saw (`UPDATE … WHERE
    state = %s AND version = %s`), so a second, concurrent action finds no row and is told
    the case has changed instead of overwriting the first.
    """
    key = _step(case, to_state)
    if not _may(actor, case, TRANSITIONS[key]):
        raise TransitionForbidden(_("Your role may not do this to this case."))
    if not _send_back_open(actor, case, to_state, at):
        raise TransitionNotAllowed(
            _(
                "The time to send this case back has passed (%(days)d working days): it is yours now (首接负责). "
                "Ask for an extension or talk to the supervisor."
            )
            % {"days": settings.CASE_SEND_BACK_DAYS},
            code="late",
        )
    return case_transition_apply(
        case=case, to_state=to_state, actor=actor, comment=comment, assignee=assignee, photos=photos, at=at
    )


def case_transition_apply(
    *,
    case: Case,
    to_state: str,
    actor: Actor | None,
    actor_name: str = "",
    comment: str = "",
    assignee: Any = None,
    photos: Sequence[ProcessedPhoto] = (),
    at: datetime.datetime | None = None,
) -> Case:
    """The rows one step writes: the conditional update, the timeline row, photos, audit, notices.

    `case_transition` calls it after checking its actor; the system calls it with no actor
    (`actor_name` says on whose behalf, e.g. a service request accepted for the community), so
    every step of every case is written here.
    """
    key = _step(case, to_state)
    comment = (comment or "").strip()
    if key in NEEDS_COMMENT and not comment:
        raise DomainError({"comment": _("Say why: the reporter and the supervisor will read it.")})
    changes: dict[str, Any] = {"state": to_state, "version": F("version") + 1, "updated_at": timezone.now()}
    if to_state == State.ASSIGNED:
        if assignee is None:
            raise DomainError({"assignee": _("Choose who will handle the case.")})
        if not scope_for(assignee).allows_path(Perm.VIEW, AREA, case.area.path):
            raise DomainError({"assignee": _("That person does not work where the case is.")})
        changes["assignee"] = assignee
    if to_state == State.ACCEPTED and case.state == State.ASSIGNED:
        changes["assignee"] = None
    when = at or timezone.now()
    if to_state == State.CLOSED:
        changes["closed_at"] = when
    if to_state == State.REOPENED:
        changes["closed_at"] = None
    moved = Case.objects.filter(pk=case.pk, state=case.state, version=case.version).update(**changes)
    if not moved:
        raise CaseChanged(_("Someone else has just acted on this case. Reload it to see what changed."), code="changed")
    step = CaseTransition.objects.create(
        case=case,
        from_state=case.state,
        to_state=to_state,
        actor=actor,
        actor_name=(actor_name or str(actor or ""))[:150],
        at=when,
        comment=comment,
    )
    photos_save(case=case, photos=photos, actor=actor, transition=step)
    audit_record(actor=actor, action="update", obj=case, changes={"state": [case.state, to_state]})
    case.refresh_from_db()
    after_transition(case, to_state, actor)
    return case


@transaction.atomic
def case_rate(*, case: Case, rating: str, comment: str = "", at: datetime.datetime | None = None) -> Case:
    """The reporter rates a closed case; 不满意 reopens it, once."""
    if rating not in Rating.values:
        raise DomainError({"rating": _("Choose one of the three answers.")})
    if case.state != State.CLOSED or case.rating:
        raise DomainError(_("This case cannot be rated now."), code="state")
    when = at or timezone.now()
    reopen = rating == Rating.UNSATISFIED and case.reopen_count == 0
    changes: dict[str, Any] = {"rating": rating, "rated_at": when, "version": F("version") + 1}
    if reopen:
        changes.update(state=State.REOPENED, closed_at=None, reopen_count=F("reopen_count") + 1, rating="")
    moved = Case.objects.filter(pk=case.pk, state=State.CLOSED, version=case.version).update(**changes)
    if not moved:
        raise CaseChanged(_("Someone else has just acted on this case. Reload it to see what changed."), code="changed")
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.RATED,
        key=str(case.reopen_count),
        at=when,
        text=comment[:2000],
        data={"rating": rating},
    )
    if reopen:
        CaseTransition.objects.create(
            case=case,
            from_state=State.CLOSED,
            to_state=State.REOPENED,
            actor_name=_("the reporter (not satisfied)"),
            at=when,
            comment=comment[:2000],
        )
    case.refresh_from_db()
    after_rating(case, rating, reopened=reopen)
    return case


def public_reports_from(ip: str | None, since: datetime.datetime) -> int:
    return Case.objects.filter(source=Case.Source.PUBLIC, reporter_ip=ip, reported_at__gte=since).count() if ip else 0
