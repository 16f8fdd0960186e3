"""Demo door-to-door visits (大走访): a year of visits by each grid's workers and building leaders.

Call it once households, residents and accounts are written, e.g. from the demo runner:

    from tongxin.fieldwork.visits.demo import seed_visits
    seed_visits(area_roots, today=today, seed=seed, dense=not large)

Dense (a community or a subdistrict): most households are visited as often as their cadence asks
(monthly or twice a year), about 90 % of them; some fell behind and are overdue now; a few were
never visited. Visits name the grid worker or building leader who holds the role there (a demo
account), else a visitor name; the latest visit usually checked the household's facts (六清楚);
about 5 % of visits note a need. Sparse (district scale): one or two visits per household a year,
so the table keeps one or two rows per household. Rows go in as plain inserts (no audit records);
households that already have a visit are left alone and each household draws from its own
seeded generator (one never visited stays unvisited), so a second call adds nothing.
Returns {"visits": N, "households": M}.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from tongxin.fieldwork.visits.models import Visit
from tongxin.fieldwork.visits.queries import cadence, interval_of
from tongxin.platform.access.models import RoleAssignment
from tongxin.platform.access.roles import Role
from tongxin.registry.areas.models import Area, Household
from tongxin.registry.people.models import CareCategory, Resident

BATCH = 2000
NEVER_SHARE = 0.03  # households never visited
BEHIND_SHARE = 0.07  # households whose visitor fell behind: overdue now
NEED_SHARE = 0.05  # visits that note a need
LEADER_SHARE = 0.3  # visits made by the building leader where there is one
FINDINGS = (
    "家中情况稳定，身体状况良好",
    "老人独自在家，精神状态不错",
    "了解家庭收入和就业情况",
    "宣传反诈和消防安全知识",
    "核实家庭成员和居住情况",
    "询问近期生活困难，暂无",
)
NEEDS = (
    "希望帮忙联系维修漏水的水管",
    "老人行动不便，希望有人代购药品",
    "咨询低保复审材料",
    "楼道灯坏了，希望尽快修好",
    "希望孩子参加四点半课堂",
    "需要助餐服务",
)
WAYS = (Visit.Way.DOOR,) * 8 + (Visit.Way.PHONE, Visit.Way.OFFICE)


def _under(field: str, paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def _visitors(paths: Sequence[str]) -> tuple[dict[int, tuple[int, str]], dict[int, tuple[int, str]]]:
    """The demo accounts holding a grid worker role at a grid, a building leader role at a building."""
    grid_workers: dict[int, tuple[int, str]] = {}
    leaders: dict[int, tuple[int, str]] = {}
    rows = (
        RoleAssignment.objects.filter(role__in=[Role.GRID_WORKER, Role.BUILDING_LEADER])
        .filter(node_id__in=Area.objects.filter(_under("path", paths)).values("pk"))
        .order_by("id")
        .values_list("role", "node_id", "user_id", "user__display_name", "user__username")
    )
    for role, node_id, user_id, display, username in rows:
        target = grid_workers if role == Role.GRID_WORKER else leaders
        target.setdefault(node_id, (user_id, (display or username)[:50]))
    return grid_workers, leaders


def _dates(
    rng: random.Random, start: datetime.date, today: datetime.date, months: int, behind: bool
) -> list[datetime.date]:
    """One visit in every window of `months` from `start`, on a random day; a visitor who fell
    behind stopped a few windows before today."""
    dates = []
    window = start
    while window <= today:
        end = min(window + relativedelta(months=months) - datetime.timedelta(days=1), today)
        dates.append(window + datetime.timedelta(days=rng.randint(0, (end - window).days)))
        window += relativedelta(months=months)
    if behind and len(dates) > 1:
        dates = dates[: max(1, len(dates) - rng.randint(1, 3))]
    return dates


def seed_visits(
    area_root_paths: Sequence[str], *, today: datetime.date, seed: int, dense: bool = True
) -> dict[str, int]:
    shared = random.Random(seed * 31 + 5)
    paths = list(area_root_paths)
    households = list(
        Household.objects.filter(_under("area__path", paths))
        .exclude(kind=Household.Kind.VACANT)
        .exclude(Exists(Visit.objects.filter(household=OuterRef("pk"))))
        .annotate(interval=interval_of(cadence()))
        .order_by("id")
        .values_list("pk", "area_id", "area__parent_id", "grid_id", "interval")
    )
    if not households:
        return {"visits": 0, "households": 0}
    grid_workers, leaders = _visitors(paths)
    grid_names = dict(Area.objects.filter(level="grid").filter(_under("path", paths)).values_list("pk", "name"))
    start = today - relativedelta(years=1) + datetime.timedelta(days=1)
    facts = list(CareCategory.objects.filter(is_builtin=True).values_list("pk", flat=True))
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    rows: list[tuple[Any, ...]] = []
    visited: set[int] = set()
    for household_id, area_id, parent_id, grid_id, interval in households:
        # Each household draws from its own generator: one never visited stays so on a second call.
        rng = random.Random(seed * 1_000_003 + household_id)
        if rng.random() < NEVER_SHARE:
            continue
        behind = rng.random() < BEHIND_SHARE
        if dense:
            dates = _dates(rng, start, today, interval, behind)
        else:
            dates = sorted(
                start + datetime.timedelta(days=rng.randint(0, 364)) for _ in range(1 if interval > 1 else 2)
            )
            if behind:
                dates = dates[:1]
        worker = grid_workers.get(grid_id) if grid_id else None
        leader = leaders.get(area_id) or leaders.get(parent_id)
        fallback = f"{grid_names.get(grid_id, '')}网格员"
        for i, day in enumerate(dates):
            user_id, name = worker or (None, fallback)
            kind = Visit.VisitorKind.GRID_WORKER
            if leader and rng.random() < LEADER_SHARE:
                (user_id, name), kind = leader, Visit.VisitorKind.BUILDING_LEADER
            last = i == len(dates) - 1
            need = rng.choice(NEEDS) if rng.random() < NEED_SHARE else ""
            # Column order of COLUMNS.
            rows.append(
                (
                    now,
                    now,
                    household_id,
                    ops.adapt_datefield_value(day),
                    user_id,
                    name,
                    kind,
                    rng.choice(WAYS),
                    "",
                    rng.choice(FINDINGS),
                    need,
                    last and rng.random() < 0.85,
                )  # fmt: skip
            )
            visited.add(household_id)
    _insert(rows)
    if dense and rows:
        _people_met(sorted(visited), facts, shared)
    return {"visits": len(rows), "households": len(visited)}


COLUMNS = (
    "created_at", "updated_at", "household_id", "visited_on", "visitor_id", "visitor_name", "visitor_kind", "way",
    "others_met", "findings", "needs", "facts_checked",
)  # fmt: skip


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Plain multi-row inserts: a district's year is 140,000 visits, and building model objects
    for bulk_create would take most of the seed's time budget."""
    table = connection.ops.quote_name(Visit._meta.db_table)
    marks = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})"  # noqa: S608  (names from the model)
    with connection.cursor() as cursor:
        for i in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[i : i + BATCH])


def _people_met(household_ids: list[int], facts: list[int], rng: random.Random) -> None:
    """The head of household met on each visit; some visits confirmed a few facts one by one."""
    Met = Visit.residents_met.through
    Confirmed = Visit.confirmed_categories.through
    for i in range(0, len(household_ids), BATCH):
        chunk = household_ids[i : i + BATCH]
        heads: dict[int, int] = {}
        for resident_id, household_id in (
            Resident.objects.filter(household_id__in=chunk).order_by("-id").values_list("pk", "household_id")
        ):
            heads[household_id] = resident_id
        met: list[Any] = []
        confirmed: list[Any] = []
        for visit_id, household_id, checked in (
            Visit.objects.filter(household_id__in=chunk)
            .order_by("id")
            .values_list("pk", "household_id", "facts_checked")
        ):
            head = heads.get(household_id)
            if head is not None:
                met.append(Met(visit_id=visit_id, resident_id=head))
            if not checked and rng.random() < 0.2:
                confirmed.extend(Confirmed(visit_id=visit_id, carecategory_id=c) for c in rng.sample(facts, k=3))
        Met.objects.bulk_create(met, batch_size=BATCH)
        Confirmed.objects.bulk_create(confirmed, batch_size=BATCH)
