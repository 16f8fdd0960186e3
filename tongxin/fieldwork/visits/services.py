"""Writes of door-to-door visits (大走访): record, correct, withdraw, turn a need into a case, and
the cadence table."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.fieldwork.visits.models import ORDINARY, Visit, VisitCadence
from tongxin.fieldwork.visits.queries import cadence, shortest_intervals
from tongxin.grid.cases.models import Case, CaseCategory
from tongxin.grid.cases.services import case_report
from tongxin.platform.access.roles import Perm, Role
from tongxin.platform.access.scope import scope_for
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.idempotency import already_made, save_once
from tongxin.platform.core.trees import AREA
from tongxin.registry.areas.models import Household
from tongxin.registry.people.models import CareCategory, Resident

# The author may correct or withdraw a visit for this long after recording it; later the
# record stands (coverage figures of a closed month must not move).
EDIT_WINDOW = datetime.timedelta(days=7)
# The earliest a visit may be dated: a visit older than this is history, not field work.
OLDEST_DAYS = 366


def may_visit(user: Any, household: Household) -> bool:
    return scope_for(user).allows_path(Perm.VISIT, AREA, household.area.path)


def may_manage_cadence(user: Any) -> bool:
    return scope_for(user).has_perm(Perm.SERVICE)


def visitor_kind_of(user: Any, household: Household) -> str:
    """The role the user visits this household in (the most local one held above it)."""
    roles = scope_for(user).roles_at(AREA, household.area.path)
    if Role.GRID_WORKER in roles:
        return Visit.VisitorKind.GRID_WORKER
    if Role.BUILDING_LEADER in roles:
        return Visit.VisitorKind.BUILDING_LEADER
    if roles & {Role.COMMUNITY, Role.ADMIN}:
        return Visit.VisitorKind.STAFF
    return Visit.VisitorKind.OTHER


def _display_name(user: Any) -> str:
    return (getattr(user, "display_name", "") or user.get_username())[:50]


def _check_date(visited_on: datetime.date) -> None:
    today = timezone.localdate()
    if visited_on > today:
        raise DomainError({"visited_on": _("A visit cannot be dated in the future.")})
    if visited_on < today - datetime.timedelta(days=OLDEST_DAYS):
        raise DomainError({"visited_on": _("A visit more than a year ago cannot be recorded here.")})


def _check_people(household: Household, residents: Iterable[Resident]) -> list[Resident]:
    people = list(residents)
    if any(r.household_id != household.pk for r in people):
        raise DomainError({"residents_met": _("Only residents of this household can be marked as met.")})
    return people


def _check_facts(categories: Iterable[CareCategory]) -> list[CareCategory]:
    facts = list(categories)
    if any(not c.is_builtin for c in facts):
        raise DomainError({"confirmed_categories": _("Only the six facts of 六清楚 can be confirmed.")})
    return facts


@transaction.atomic
def visit_record(
    *,
    actor: Any,
    household: Household,
    visited_on: datetime.date,
    way: str = Visit.Way.DOOR,
    residents_met: Iterable[Resident] = (),
    others_met: str = "",
    findings: str = "",
    needs: str = "",
    facts_checked: bool = False,
    confirmed_categories: Iterable[CareCategory] = (),
    visitor_name: str = "",
    idempotency_key: uuid.UUID | None = None,
) -> Visit:
    """Record a visit the actor made to a household they may visit (Perm.VISIT over its building).

    The same record sent again with its `idempotency_key` (a draft from a phone without
    signal) answers the visit already made, and makes nothing.
    """
    earlier = already_made(Visit, author=actor, key=idempotency_key, author_field="visitor")
    if earlier is not None:
        return earlier
    if not may_visit(actor, household):
        raise Forbidden(_("You may only record visits to households you look after."))
    if household.kind == Household.Kind.VACANT:
        raise DomainError(_("This household is registered as vacant: there is nobody to visit."))
    _check_date(visited_on)
    if way not in Visit.Way.values:
        raise DomainError({"way": _("Choose how the visit was made.")})
    people = _check_people(household, residents_met)
    facts = _check_facts(confirmed_categories)
    if not people and not others_met.strip() and way != Visit.Way.OFFICE:
        raise DomainError({"residents_met": _("Say whom you met: tick a resident or name the others met.")})
    visit = Visit(
        household=household,
        visited_on=visited_on,
        visitor=actor,
        visitor_name=(visitor_name.strip() or _display_name(actor))[:50],
        visitor_kind=visitor_kind_of(actor, household),
        way=way,
        others_met=others_met.strip(),
        findings=findings.strip(),
        needs=needs.strip(),
        facts_checked=facts_checked,
    )
    visit.idempotency_key = idempotency_key
    visit.full_clean(exclude=["case", "idempotency_key"])
    visit, made = save_once(visit, author_field="visitor")
    if not made:
        return visit
    visit.residents_met.set(people)
    visit.confirmed_categories.set(facts)
    audit_record(
        actor=actor,
        action="create",
        obj=visit,
        changes={
            "household": [None, str(household)],
            "visited_on": [None, visited_on.isoformat()],
            "way": [None, way],
            "facts_checked": [None, facts_checked],
            "confirmed": [None, sorted(c.code for c in facts)],
        },
    )
    return visit


def may_change(user: Any, visit: Visit) -> bool:
    """The author, within the window after recording it."""
    return (
        user.is_authenticated
        and visit.visitor_id == user.pk
        and visit.case_id is None
        and timezone.now() - visit.created_at <= EDIT_WINDOW
    )


def _require_change(actor: Any, visit: Visit) -> None:
    if not may_change(actor, visit):
        raise Forbidden(
            _("Only the visitor may change a visit, within 7 days of recording it and before it became a case.")
        )


@transaction.atomic
def visit_update(
    *,
    actor: Any,
    visit: Visit,
    visited_on: datetime.date,
    way: str,
    residents_met: Iterable[Resident] = (),
    others_met: str = "",
    findings: str = "",
    needs: str = "",
    facts_checked: bool = False,
    confirmed_categories: Iterable[CareCategory] = (),
) -> Visit:
    _require_change(actor, visit)
    _check_date(visited_on)
    if way not in Visit.Way.values:
        raise DomainError({"way": _("Choose how the visit was made.")})
    people = _check_people(visit.household, residents_met)
    facts = _check_facts(confirmed_categories)
    before = {"visited_on": visit.visited_on.isoformat(), "way": visit.way, "facts_checked": visit.facts_checked}
    visit.visited_on, visit.way = visited_on, way
    visit.others_met, visit.findings, visit.needs = others_met.strip(), findings.strip(), needs.strip()
    visit.facts_checked = facts_checked
    visit.full_clean(exclude=["case"])
    visit.save()
    visit.residents_met.set(people)
    visit.confirmed_categories.set(facts)
    after = {"visited_on": visited_on.isoformat(), "way": way, "facts_checked": facts_checked}
    audit_record(
        actor=actor,
        action="update",
        obj=visit,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return visit


@transaction.atomic
def visit_delete(*, actor: Any, visit: Visit) -> None:
    _require_change(actor, visit)
    audit_record(
        actor=actor,
        action="delete",
        obj=visit,
        changes={"household": [str(visit.household), None], "visited_on": [visit.visited_on.isoformat(), None]},
    )
    visit.delete()


@transaction.atomic
def visit_need_to_case(*, actor: Any, visit: Visit, category: CaseCategory, description: str) -> Case:
    """Turn the need found on a visit into a case at the household, linked back to the visit."""
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if locked.case_id is not None:
        raise DomainError(_("This visit's need is already a case."))
    if not may_visit(actor, visit.household):
        raise Forbidden(_("You may only report cases where you work."))
    description = description.strip()
    if not description:
        raise DomainError({"description": _("Describe the need.")})
    if not category.is_active:
        raise DomainError({"category": _("Choose a category that is in use.")})
    case = case_report(
        actor=actor,
        category=category,
        description=description,
        area=visit.household.area,
        household=visit.household,
        source=Case.Source.GRID,
    )
    locked.case = case
    locked.save(update_fields=["case", "updated_at"])
    visit.case = case
    audit_record(actor=actor, action="update", obj=locked, changes={"case": [None, case.tracking_code]})
    return case


@transaction.atomic
def intervals_refresh(household_ids: Collection[int] | QuerySet[Any] | None = None) -> None:
    """Bring `Household.visit_interval` up to date for these households (None: every one) after
    their residents' categories or the cadence changed (registry.people.care_changes calls it).

    Set-wise whatever the number of households: clear, then one UPDATE per distinct interval of
    the cadence table (a handful) over one grouped pass of the category links. No actor: it
    follows a write its caller checked and audited, and holds nothing but derived data."""
    households = Household.objects.all() if household_ids is None else Household.objects.filter(pk__in=household_ids)
    households.exclude(visit_interval=None).update(visit_interval=None)
    table = cadence()
    shortest = shortest_intervals(table, household_ids)
    for months in sorted(set(table.by_category.values())):
        households.filter(pk__in=shortest.filter(months=months).values("household_id")).update(visit_interval=months)


def _refresh_for(category_code: str) -> None:
    """After the cadence of a category changed: the households with a resident in it (the
    ordinary cadence is not stored, see `Household.visit_interval`)."""
    if category_code != ORDINARY:
        intervals_refresh(Resident.objects.filter(care_categories__code=category_code).values("household_id"))


@transaction.atomic
def cadence_set(*, actor: Any, category_code: str, months: int) -> VisitCadence:
    """Set how often households of a kind are due a visit (admin, community secretary)."""
    if not may_manage_cadence(actor):
        raise Forbidden(_("Only the community secretary or an admin may change the visit cadence."))
    if category_code != ORDINARY and not CareCategory.objects.filter(code=category_code).exists():
        raise DomainError({"category_code": _("No care category has this code.")})
    if not 1 <= months <= 24:
        raise DomainError({"months": _("The interval is between 1 and 24 months.")})
    row = VisitCadence.objects.filter(category_code=category_code).first()
    before = row.months if row else None
    if row is None:
        row = VisitCadence.objects.create(category_code=category_code, months=months)
    else:
        row.months = months
        row.save(update_fields=["months"])
    _refresh_for(category_code)
    audit_record(actor=actor, action="update" if before else "create", obj=row, changes={"months": [before, months]})
    return row


@transaction.atomic
def cadence_remove(*, actor: Any, category_code: str) -> None:
    if not may_manage_cadence(actor):
        raise Forbidden(_("Only the community secretary or an admin may change the visit cadence."))
    if category_code == ORDINARY:
        raise DomainError(_("Ordinary households always have a cadence."))
    row = VisitCadence.objects.filter(category_code=category_code).first()
    if row is not None:
        audit_record(actor=actor, action="delete", obj=row, changes={"months": [row.months, None]})
        row.delete()
        _refresh_for(category_code)
