"""Scoped reads of cases: queues, one case with its timeline, who may handle it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from tongxin.grid.cases.deadlines import UNRESOLVED
from tongxin.grid.cases.models import Case, CaseEvent
from tongxin.grid.cases.workflow import OPEN_STATES, State
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import visible_to
from tongxin.registry.areas.models import Area, Household, Level
from tongxin.registry.areas.queries import areas_visible_to

QUEUES = ("ours", "mine", "open", "overdue", "verify", "all")
# The rung of the ladder each role answers for: its "ours" queue holds the open cases at that rung.
ROLE_LEVEL = {
    Role.GRID_WORKER: Case.Level.GRID,
    Role.COMMUNITY: Case.Level.COMMUNITY,
    Role.SUBDISTRICT: Case.Level.SUBDISTRICT,
}


def _ours(user: Any) -> Q:
    """Open cases at the level the user's roles answer for (a grid worker: grid-level cases)."""
    from tongxin.platform.access.scope import scope_for

    scope = scope_for(user)
    levels = sorted({level for role, level in ROLE_LEVEL.items() if role in scope.roles})
    if scope.is_admin:
        levels = [Case.Level.SUBDISTRICT]
    return Q(state__in=OPEN_STATES, level__in=levels) if levels else Q(pk__in=[])


def overdue_q(now: datetime.datetime) -> Q:
    """The one definition of an overdue case (已超时): the queue's tab and badges, the case page,
    the map.

    Not accepted by its accept-by time, or not resolved by its resolve-by time while the work
    is ours to do (deadlines.UNRESOLVED, the states the deadline job cards). A case returned to
    the reporter for more information waits for them, not for us: its clock does not run, so
    it is not overdue; nor is a resolved case waiting for verification.
    """
    return Q(state__in=UNRESOLVED, resolve_due__lt=now) | Q(state=State.REPORTED, accept_due__lt=now)


def with_overdue(qs: QuerySet[Case], now: datetime.datetime | None = None) -> QuerySet[Case]:
    """Each case with `is_overdue`, by overdue_q."""
    return qs.annotate(is_overdue=ExpressionWrapper(overdue_q(now or timezone.now()), output_field=BooleanField()))


def cases_visible_to(user: Any) -> QuerySet[Case]:
    return visible_to(Case.objects.all(), user)


# What a queue row shows (templates/cases/queue.html): a row reads no other field. Not the
# grids' and buildings' GeoJSON outlines (large), nor the rest of each related row.
QUEUE_ROW_FIELDS = (
    "tracking_code",
    "state",
    "resolve_due",
    "area_id",
    "grid_id",
    "category__name_zh",
    "category__name_en",
    "area__name",
    "grid__name",
    "assignee__username",
    "assignee__display_name",
)


def queue(
    user: Any,
    name: str,
    *,
    state: str = "",
    category: Any = None,
    search: str = "",
    now: datetime.datetime | None = None,
) -> QuerySet[Case]:
    qs = cases_visible_to(user).select_related("category", "area", "grid", "assignee").only(*QUEUE_ROW_FIELDS)
    now = now or timezone.now()
    if name == "ours":
        qs = qs.filter(_ours(user))
    elif name == "mine":
        qs = qs.filter(assignee=user, state__in=OPEN_STATES)
    elif name == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif name == "overdue":
        qs = qs.filter(overdue_q(now))
    elif name == "verify":
        qs = qs.filter(state=State.RESOLVED)
    if state:
        qs = qs.filter(state=state)
    if category is not None:
        qs = qs.filter(category=category)
    if search:
        qs = qs.filter(Q(tracking_code=search.upper()) | Q(description__icontains=search))
    # Cards counted for the rows of the page only (a correlated subquery), not by joining every
    # event of every case in scope and grouping them: at a subdistrict's 4,600 cases the join
    # made the "all" queue 20 times slower.
    cards = (
        CaseEvent.objects.filter(case=OuterRef("pk"), kind__in=[CaseEvent.Kind.YELLOW_CARD, CaseEvent.Kind.RED_CARD])
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return with_overdue(qs.annotate(cards=Coalesce(Subquery(cards), 0)), now).order_by("resolve_due", "id")


def queue_counts(user: Any, now: datetime.datetime | None = None) -> dict[str, int]:
    """How many cases wait in each queue: one grouped query."""
    now = now or timezone.now()
    base = cases_visible_to(user)
    overdue = overdue_q(now)
    return base.aggregate(
        ours=Count("pk", filter=_ours(user)),
        mine=Count("pk", filter=Q(assignee=user, state__in=OPEN_STATES)),
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("pk", filter=overdue),
        verify=Count("pk", filter=Q(state=State.RESOLVED)),
        all=Count("pk"),
    )


def report_places(user: Any, limit: int = 1500) -> list[tuple[str, list[tuple[int, str]]]]:
    """Grids and their buildings the user may report in, grouped by grid for the select."""
    areas = list(
        areas_visible_to(user)
        .filter(level__in=[Level.GRID, Level.BUILDING])
        .order_by("path")
        .values_list("pk", "name", "level", "path")[:limit]
    )
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    for pk, name, level, _path in areas:
        if level == Level.GRID:
            groups.append((name, [(pk, name)]))
        elif groups:
            groups[-1][1].append((pk, name))
        else:
            groups.append(("", [(pk, name)]))
    return groups


def report_households(user: Any, area: Area | None, limit: int = 500) -> list[tuple[int, str]]:
    """The households of a building (or entrance) the user may see, for the report form.

    A grid lists none: hundreds of doors in one select help nobody; choose the building first.
    """
    if area is None or area.level not in (Level.BUILDING, Level.ENTRANCE):
        return []
    rows = (
        visible_to(Household.objects.filter(area__path__startswith=area.path), user)
        .select_related("area")
        .order_by("area__path", "number")[:limit]
    )
    return [(h.pk, h.number if h.area_id == area.pk else f"{h.area.name} {h.number}") for h in rows]


def possible_assignees(case: Case) -> list[tuple[int, str]]:
    """People who work where the case is: roles held at its grid or above, or at its building."""
    area = case.area
    node_ids = [*area.ancestor_ids(), area.pk]
    roles = [Role.GRID_WORKER, Role.COMMUNITY, Role.BUILDING_LEADER, Role.SUBDISTRICT]
    user_ids = RoleAssignment.objects.filter(node_id__in=node_ids, role__in=roles).values("user_id")
    users = User.objects.filter(pk__in=user_ids, is_active=True).order_by("username")
    return [(u.pk, str(u)) for u in users]
