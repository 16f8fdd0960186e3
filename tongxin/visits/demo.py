"""Demo door-to-door visits (大走访): a year of visits by each grid's workers and building leaders.

Call it once households, residents and accounts are written, e.g. from the demo runner:

    from tongxin.visits.demo import seed_visits
    seed_visits(area_roots, today=today, seed=seed, dense=not large)

Dense (a community or a subdistrict): most households are visited as often as their cadence asks
(monthly or twice a year), about 90 % of them; some fell behind and are overdue now; a few were
never visited. Visits name the grid worker or building leader who holds the role there (a demo
account), else a visitor name; the latest visit usually checked the household's facts (六清楚);
about 5 % of visits note a need. Sparse (district scale): one or two visits per household a year,
so the table keeps one or two rows per household. Rows go in with bulk_create (no audit records);
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
from django.db.models import Exists, OuterRef, Q

from tongxin.access.models import RoleAssignment
from tongxin.access.roles import Role
from tongxin.areas.models import Area, Household
from tongxin.people.models import CareCategory, Resident
from tongxin.visits.models import Visit
from tongxin.visits.queries import cadence, interval_of

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
    visits: list[Visit] = []
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
            visits.append(
                Visit(
                    household_id=household_id,
                    visited_on=day,
                    visitor_id=user_id,
                    visitor_name=name,
                    visitor_kind=kind,
                    way=rng.choice(WAYS),
                    findings=rng.choice(FINDINGS),
                    needs=need,
                    facts_checked=last and rng.random() < 0.85,
                )
            )
    Visit.objects.bulk_create(visits, batch_size=BATCH)
    if dense and visits:
        _people_met(visits, facts, shared)
    return {"visits": len(visits), "households": len({v.household_id for v in visits})}


def _people_met(visits: list[Visit], facts: list[int], rng: random.Random) -> None:
    """The head of household met on each visit; some visits confirmed a few facts one by one."""
    heads: dict[int, int] = {}
    ids = sorted({v.household_id for v in visits})
    for i in range(0, len(ids), BATCH):
        for resident_id, household_id in (
            Resident.objects.filter(household_id__in=ids[i : i + BATCH])
            .order_by("-id")
            .values_list("pk", "household_id")
        ):
            heads[household_id] = resident_id
    met: list[Any] = []
    confirmed: list[Any] = []
    Met = Visit.residents_met.through
    Confirmed = Visit.confirmed_categories.through
    for v in visits:
        head = heads.get(v.household_id)
        if head is not None and v.pk is not None:
            met.append(Met(visit_id=v.pk, resident_id=head))
        if v.pk is not None and not v.facts_checked and rng.random() < 0.2:
            confirmed.extend(
                Confirmed(visit_id=v.pk, carecategory_id=c) for c in rng.sample(facts, k=min(3, len(facts)))
            )
    Met.objects.bulk_create(met, batch_size=BATCH)
    Confirmed.objects.bulk_create(confirmed, batch_size=BATCH)
