"""Demo campaigns: written through the services as an office would have.

Seed 002's community (the `secretary`'s, where the `grid1` and `grid2` accounts work) checks
"521个雨水篦子" before the flood season: 521 rain grates registered as inspection points spread
over its grids, each inside its grid's outline and near one of the grid's buildings; the flood
campaign runs, about 60% checked, a few problems found that became cases. Its census visit
(人口普查入户) is done: every household of its first grid checked, the campaign closed with a
summary. Only the first subdistrict: the district scale stays fast.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F, Q
from shapely.geometry import Point, shape

from tongxin.fieldwork.campaigns import services
from tongxin.fieldwork.campaigns.models import Campaign, Target
from tongxin.grid.cases.deadlines import run_deadlines
from tongxin.grid.cases.models import Case
from tongxin.grid.cases.services import CODE_ALPHABET
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.registry.areas.models import Area, Level

GRATES = 521
CHECKED_SHARE = 0.6
PROBLEMS = ("篦子被落叶和垃圾堵塞，排水不畅", "篦子盖板破损缺失", "篦子周边路面塌陷积水", "篦子被车辆长期压占")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _under(paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return q


def demo_community(area_roots: Sequence[str]) -> Area | None:
    """Seed 002's community: the first subdistrict's community the `secretary` account runs (the
    first community of the first subdistrict when no account holds one)."""
    first_sub = Area.objects.filter(_under(area_roots), level=Level.SUBDISTRICT).order_by("path").first()
    if first_sub is None:
        return None
    communities = Area.objects.filter(path__startswith=first_sub.path, level=Level.COMMUNITY).order_by("path")
    held = RoleAssignment.objects.filter(user__username="secretary", role=Role.COMMUNITY).values_list(
        "node_id", flat=True
    )
    return communities.filter(pk__in=list(held)).first() or communities.first()


def _actor(community: Area) -> User:
    held = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id=community.pk).select_related("user").first()
    if held is not None:
        return held.user
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if admin is not None:
        return admin
    return User.objects.get_or_create(username="system", defaults={"is_superuser": True, "is_active": False})[0]


def _grid_workers(grids: Sequence[Area], fallback: User) -> dict[int, User]:
    found = {
        ra.node_id: ra.user
        for ra in RoleAssignment.objects.filter(role=Role.GRID_WORKER, node_id__in=[g.pk for g in grids])
        .select_related("user")
        .order_by("id")
    }
    return {g.pk: found.get(g.pk, fallback) for g in grids}


def _spot(grid: Area, rng: random.Random, centre: tuple[float, float]) -> tuple[Decimal, Decimal]:
    """A point inside the grid's outline (or near the community's centre when it has none)."""
    if grid.outline:
        geom = shape(grid.outline)
        minx, miny, maxx, maxy = geom.bounds
        for _ in range(50):
            x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if geom.covers(Point(x, y)):
                return Decimal(f"{y:.6f}"), Decimal(f"{x:.6f}")
        c = geom.representative_point()
        return Decimal(f"{c.y:.6f}"), Decimal(f"{c.x:.6f}")
    return Decimal(f"{centre[1] + rng.uniform(-0.004, 0.004):.6f}"), Decimal(
        f"{centre[0] + rng.uniform(-0.005, 0.005):.6f}"
    )


def _code(rng: random.Random) -> str:
    while True:
        code = "".join(rng.choices(CODE_ALPHABET, k=8))
        if not Case.objects.filter(tracking_code=code).exists():
            return code


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=SHANGHAI)


def _flood(community: Area, grids: list[Area], actor: User, rng: random.Random, today: datetime.date) -> Campaign:
    buildings: dict[int, list[Area]] = {g.pk: [] for g in grids}
    for b in Area.objects.filter(path__startswith=community.path, level=Level.BUILDING).order_by("path"):
        grid = next((g for g in grids if b.path.startswith(g.path)), None)
        if grid is not None:
            buildings[grid.pk].append(b)
    rows: list[dict[str, Any]] = []
    for i in range(GRATES):
        grid = grids[i % len(grids)]
        near = rng.choice(buildings[grid.pk]) if buildings[grid.pk] else None
        latitude, longitude = _spot(grid, rng, (116.39, 39.91))
        rows.append(
            {
                "kind": "rain_grate",
                "name": f"YS-{i + 1:03d}",
                "latitude": latitude,
                "longitude": longitude,
                "grid": grid,
                "building": near,
            }
        )
    services.points_register_many(actor=actor, community=community, rows=rows)
    starts = today - datetime.timedelta(days=12)
    campaign = services.campaign_create(
        actor=actor,
        place=community,
        kind="flood",
        name=f"{today.year}年汛前雨水篦子排查",
        starts_on=starts,
        ends_on=today + datetime.timedelta(days=9),
    )
    services.campaign_start(actor=actor, campaign=campaign, at=_moment(starts, rng))
    workers = _grid_workers(grids, actor)
    targets = list(Target.objects.filter(campaign=campaign).order_by("id"))
    rng.shuffle(targets)
    checked = targets[: round(len(targets) * CHECKED_SHARE)]
    problems = set(rng.sample(range(len(checked)), 6))
    for n, target in enumerate(checked):
        day = starts + datetime.timedelta(days=rng.randint(0, 11))
        if n in problems:
            checked_target = services.target_check(
                actor=workers[target.grid_id],
                target=target,
                result=Target.Result.PROBLEM,
                note=rng.choice(PROBLEMS),
                at=_moment(day, rng),
            )
            if checked_target.case is not None:
                # The same seed gives the same data: a code from the seed's stream, not `secrets`.
                Case.objects.filter(pk=checked_target.case.pk).update(tracking_code=_code(rng))
        else:
            services.target_check(
                actor=workers[target.grid_id], target=target, result=Target.Result.OK, at=_moment(day, rng)
            )
    return campaign


def _census(community: Area, grids: list[Area], actor: User, rng: random.Random, today: datetime.date) -> Campaign:
    grid = grids[0]
    starts = today - datetime.timedelta(days=75)
    ends = today - datetime.timedelta(days=45)
    campaign = services.campaign_create(
        actor=actor,
        place=grid,
        kind="census",
        name=f"{grid.name}人口普查入户登记",
        starts_on=starts,
        ends_on=ends,
    )
    services.campaign_start(actor=actor, campaign=campaign, at=_moment(starts, rng))
    worker = _grid_workers([grid], actor)[grid.pk]
    for target in Target.objects.filter(campaign=campaign).order_by("id"):
        day = starts + datetime.timedelta(days=rng.randint(0, (ends - starts).days))
        services.target_check(actor=worker, target=target, result=Target.Result.OK, at=_moment(day, rng))
    return services.campaign_close(
        actor=actor,
        campaign=campaign,
        summary=(
            f"{grid.name}人口普查入户登记工作已全部完成：逐户上门，协助填报普查表，"
            "对白天不在家的住户安排晚间和周末补登，做到不重不漏。"
        ),
        at=_moment(ends, rng),
    )


def _as_if_the_deadline_job_had_run(targets: Any, today: datetime.date) -> None:
    """The problems became cases on the days they were checked: the cases were written then (as
    the demo's other cases are), and the deadline job ran over them up to today, giving them the
    warnings, cards and escalations it gives any case left unaccepted."""
    cases = Case.objects.filter(pk__in=targets.values("case_id"))
    cases.update(created_at=F("reported_at"))
    run_deadlines(at=datetime.datetime.combine(today, datetime.time.min, tzinfo=SHANGHAI))


def seed_campaigns(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's campaigns; returns counts of what was written."""
    rng = random.Random(f"campaigns-{seed}")
    community = demo_community(area_roots)
    if community is None:
        return {}
    grids = list(Area.objects.filter(path__startswith=community.path, level=Level.GRID).order_by("path"))
    if not grids:
        return {}
    actor = _actor(community)
    flood = _flood(community, grids, actor, rng, today)
    census = _census(community, grids, actor, rng, today)
    _as_if_the_deadline_job_had_run(Target.objects.filter(campaign__in=[flood, census], case__isnull=False), today)
    return {
        "campaigns": 2,
        "inspection_points": GRATES,
        "targets": Target.objects.filter(campaign__in=[flood, census]).count(),
        "checked": Target.objects.filter(campaign__in=[flood, census], checked_at__isnull=False).count(),
    }
