"""Scoped reads of cases: queues, one case with its timeline, who may handle it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from tongxin.grid.cases.deadlines import UNRESOLVED
from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent
from tongxin.grid.cases.phrases import phrases_for
from tongxin.grid.cases.workflow import OPEN_STATES, State
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.platform.access.scope import visible_to
from tongxin.registry.areas.models import Area, Household, Level
from tongxin.registry.areas.naming import community_name_of, community_names
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


CARD_KINDS = (CaseEvent.Kind.YELLOW_CARD, CaseEvent.Kind.RED_CARD)


def carded_q() -> Q:
    """The one definition of a carded case (亮牌): open, with a yellow or red card on it."""
    return Q(state__in=OPEN_STATES) & Q(Exists(CaseEvent.objects.filter(case=OuterRef("pk"), kind__in=CARD_KINDS)))


def red_carded_q() -> Q:
    return Q(state__in=OPEN_STATES) & Q(
        Exists(CaseEvent.objects.filter(case=OuterRef("pk"), kind=CaseEvent.Kind.RED_CARD))
    )


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
    "area__path",
    "area__level",
    "address",
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
    carded: bool = False,
    node: Area | None = None,
    unplaced: bool = False,
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
    if unplaced:
        # 位置待核实: waiting at an office for a person to choose its grid.
        qs = qs.filter(grid__isnull=True)
    if carded:
        qs = qs.filter(carded_q())
    if node is not None:
        qs = qs.filter(area__path__startswith=node.path)
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
        # For the workbench, in the same query: what waits at the user's rung to be accepted
        # (`?queue=ours&state=reported`) or assigned (`&state=accepted`), and the carded cases.
        ours_reported=Count("pk", filter=_ours(user) & Q(state=State.REPORTED)),
        ours_accepted=Count("pk", filter=_ours(user) & Q(state=State.ACCEPTED)),
        carded=Count("pk", filter=carded_q()),
    )


def report_places(user: Any, limit: int = 1500, *, under: str = "") -> list[tuple[str, list[tuple[int, str]]]]:
    """Grids and their buildings the user may report in (under the path `under`, if given),
    grouped by grid for the select."""
    qs = areas_visible_to(user).filter(level__in=[Level.GRID, Level.BUILDING])
    if under:
        qs = qs.filter(path__startswith=under)
    areas = list(qs.order_by("path").values_list("pk", "name", "level", "path")[:limit])
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    for pk, name, level, _path in areas:
        if level == Level.GRID:
            groups.append((name, [(pk, name)]))
        elif groups:
            groups[-1][1].append((pk, name))
        else:
            groups.append(("", [(pk, name)]))
    return groups


def place_choices(user: Any, case: Case) -> list[tuple[str, list[tuple[int, str]]]]:
    """Where an unplaced case may be put (定位): the grids and buildings of its office the user sees."""
    return report_places(user, under=case.area.path)


def report_place_matches(user: Any, q: str, *, limit: int) -> list[tuple[int, str, str]]:
    """Grids and buildings the user may report in whose name holds `q`, as (pk, name, where):
    a name that starts with `q` first, then the shorter one ("12" → 12号楼 before 112号楼)."""
    rows = list(
        areas_visible_to(user)
        .filter(level__in=[Level.GRID, Level.BUILDING], name__icontains=q)
        .order_by("path")
        .values_list("pk", "name", "path", "level", "parent__name")[: limit * 5]
    )
    rows.sort(key=lambda r: (not r[1].startswith(q), len(r[1]), r[2]))
    names = community_names()
    found = []
    for pk, name, path, level, parent in rows[:limit]:
        community = community_name_of(path, names)
        where = f"{community} {parent}" if level == Level.BUILDING else community
        found.append((pk, name, where.strip()))
    return found


# Quick picks on the report form: the categories most reported where the user works lately.
QUICK_CATEGORIES = 6
QUICK_CATEGORY_DAYS = 90


def quick_categories(user: Any) -> list[tuple[int, str]]:
    """Up to six categories as one-tap choices: the most reported in the user's places in the
    last 90 days, filled up with the first categories in the catalogue's order."""
    since = timezone.now() - datetime.timedelta(days=QUICK_CATEGORY_DAYS)
    leaves = CaseCategory.objects.filter(is_active=True, children__isnull=True)
    counted = (
        visible_to(Case.objects.filter(reported_at__gte=since, category__in=leaves), user)
        .values("category")
        .annotate(n=Count("id"))
        .order_by("-n", "category")
        .values_list("category", flat=True)[:QUICK_CATEGORIES]
    )
    chosen = list(counted)
    if len(chosen) < QUICK_CATEGORIES:
        chosen += list(leaves.exclude(pk__in=chosen).values_list("pk", flat=True)[: QUICK_CATEGORIES - len(chosen)])
    names = {c.pk: str(c) for c in leaves.filter(pk__in=chosen)}
    return [(pk, names[pk]) for pk in chosen if pk in names]


def category_phrases() -> dict[str, list[str]]:
    """Category id → the common phrases offered under the description (tap to insert)."""
    rows = CaseCategory.objects.filter(is_active=True, children__isnull=True).values_list("pk", "code", "parent__code")
    return {str(pk): phrases_for(code, parent) for pk, code, parent in rows}


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
