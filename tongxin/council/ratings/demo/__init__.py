"""Demo Star ratings (评星定级): written through the services as an office would have.

What it writes, deterministic from `seed`, dated before `today`:

- In the community with the most buildings under `area_roots` (at district scale the grid
  community that mirrors seed 002's 173 buildings): 星级楼组创建, scored by the community's
  staff on four criteria (环境整洁 30, 邻里和睦 30, 文明守法 20, 参与公益 20, each out of 10)
  into one to five stars. Last year's round scored every building, publicised 7 days in
  January and published; this year's round is being scored (about two buildings in three done).
- In the village of the `village` demo account (else the first village): its 道德评议委员会 (a
  council of the 'panel' kind, seven members) and 道德评议 of every household into 星级文明户
  (三星 to 五星) on 孝老爱亲, 邻里和睦, 遵纪守法, 环境卫生; last year's round published.

A place that already has a rating scheme is left alone, so a second call adds nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from tongxin.council.consultation.defaults import ensure_defaults
from tongxin.council.consultation.models import Council
from tongxin.council.consultation.services import council_create, member_add
from tongxin.council.ratings import services
from tongxin.council.ratings.defaults import ensure_panel_kind
from tongxin.council.ratings.models import RatingCriterion, RatingEntry, RatingRound, RatingScheme
from tongxin.council.ratings.services.schemes import Criterion, Level
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.platform.calendar import SHANGHAI
from tongxin.registry.areas.models import Area
from tongxin.registry.areas.models import Level as AreaLevel

D = Decimal
BUILDING_CRITERIA = [
    Criterion("环境整洁", D(30), D(10)),
    Criterion("邻里和睦", D(30), D(10)),
    Criterion("文明守法", D(20), D(10)),
    Criterion("参与公益", D(20), D(10)),
]
STARS = [
    Level(f"{zh}星楼组", D(t), n)
    for zh, t, n in (("五", 90, 5), ("四", 80, 4), ("三", 70, 3), ("二", 60, 2), ("一", 50, 1))
]
HOUSEHOLD_CRITERIA = [
    Criterion("孝老爱亲", D(30), D(10)),
    Criterion("邻里和睦", D(25), D(10)),
    Criterion("遵纪守法", D(25), D(10)),
    Criterion("环境卫生", D(20), D(10)),
]
HOUSEHOLD_LEVELS = [Level("五星文明户", D(90), 5), Level("四星文明户", D(80), 4), Level("三星文明户", D(70), 3)]
PANEL_MEMBERS = ["刘德厚", "陈秀英", "王守义", "张桂兰", "李明德", "赵淑珍", "孙长顺"]


def _under(field: str, paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def _actor(place: Area) -> User:
    held = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id=place.pk).select_related("user").first()
    if held is not None:
        return held.user
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if admin is not None:
        return admin
    return User.objects.get_or_create(username="system", defaults={"is_superuser": True, "is_active": False})[0]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def _most_buildings(roots: Q) -> Area | None:
    buildings = (
        Area.objects.filter(level=AreaLevel.BUILDING, path__startswith=OuterRef("path"))
        .order_by()
        .values("level")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        Area.objects.filter(roots, level=AreaLevel.COMMUNITY)
        .annotate(n=Coalesce(Subquery(buildings, output_field=IntegerField()), 0))
        .filter(n__gt=0)
        .order_by("-n", "path")
        .first()
    )


def _village(roots: Q) -> Area | None:
    held = RoleAssignment.objects.filter(user__username="village", role=Role.COMMUNITY).values_list(
        "node_id", flat=True
    )
    places = Area.objects.filter(roots, level=AreaLevel.VILLAGE)
    return places.filter(pk__in=list(held)).first() or places.order_by("path").first()


def _score(rnd: RatingRound, rng: random.Random, share: float = 1.0) -> None:
    """Scores for `share` of the round's subjects (the first ones, in the tree's order), mostly 6–10."""
    criteria = list(RatingCriterion.objects.filter(scheme_id=rnd.scheme_id).order_by("position"))
    entries = list(RatingEntry.objects.filter(round=rnd).order_by("position").values_list("pk", flat=True))
    done = entries[: round(len(entries) * share)]
    values: dict[tuple[int, int], Decimal | None] = {}
    for entry_id in done:
        base = rng.choice((6, 7, 7, 8, 8, 8, 9, 9, 10))
        for c in criteria:
            value = min(10, max(3, base + rng.choice((-1, 0, 0, 0, 1)))) - (0.5 if rng.random() < 0.2 else 0)
            values[(entry_id, c.pk)] = D(str(value))
    services.scores_save(actor=_system(rnd), rnd=rnd, values=values)


def _system(rnd: RatingRound) -> User:
    return _actor(rnd.scheme.community)


def _awarded(scheme: RatingScheme, year: int, rng: random.Random, actor: User) -> RatingRound:
    """A round of `year`, scored in full, publicised on 10 January after it and published when it ended."""
    rnd = services.round_create(
        actor=actor,
        scheme=scheme,
        name=f"{year}年度{scheme.name}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
    )
    services.round_start(actor=actor, rnd=rnd)
    _score(rnd, rng)
    starts = _at(datetime.date(year + 1, 1, 10))
    services.round_publicise(actor=actor, rnd=rnd, now=starts)
    return services.round_publish(
        actor=actor, rnd=rnd, now=starts + datetime.timedelta(days=rnd.publicity_days, hours=1)
    )


def _panel(village: Area, actor: User, today: datetime.date) -> Council:
    kind = ensure_panel_kind()
    panel = council_create(
        actor=actor,
        area=village,
        kind=kind,
        name=f"{village.name}道德评议委员会",
        founded_on=datetime.date(today.year - 3, 3, 1),
        description="依托网格定期开展评星定级（种子 004）。",
    )
    for n, name in enumerate(PANEL_MEMBERS):
        member_add(
            council=panel,
            actor=actor,
            name=name,
            term_start=datetime.date(today.year - 3, 3, 1),
            role="chair" if n == 0 else "member",
        )
    return panel


def seed_ratings(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's ratings; returns counts of what was written."""
    if not area_roots or RatingScheme.objects.filter(_under("community__path", area_roots)).exists():
        return {"schemes": 0, "rounds": 0, "rated": 0}
    ensure_defaults()
    roots = _under("path", area_roots)
    rng = random.Random(f"{seed}:ratings")
    last = today.year - 1
    with transaction.atomic():
        community = _most_buildings(roots)
        if community is not None:
            actor = _actor(community)
            scheme = services.scheme_create(
                actor=actor,
                community=community,
                name="星级楼组创建",
                subject_kind="building",
                criteria=BUILDING_CRITERIA,
                levels=STARS,
                description="种子 002：全社区楼栋开展星级楼组创建，每年评定一次，结果公示 7 天后公布。",
            )
            _awarded(scheme, last, rng, actor)
            if today > datetime.date(today.year, 1, 20):
                now = services.round_create(
                    actor=actor,
                    scheme=scheme,
                    name=f"{today.year}年度星级楼组创建",
                    period_start=datetime.date(today.year, 1, 1),
                    period_end=datetime.date(today.year, 12, 31),
                )
                services.round_start(actor=actor, rnd=now)
                _score(now, rng, share=2 / 3)
        village = _village(roots)
        if village is not None:
            actor = _actor(village)
            scheme = services.scheme_create(
                actor=actor,
                community=village,
                name="道德评议",
                subject_kind="household",
                criteria=HOUSEHOLD_CRITERIA,
                levels=HOUSEHOLD_LEVELS,
                panel=_panel(village, actor, today),
                description="道德评议委员会依托网格每年评议一次，评出星级文明户。",
            )
            _awarded(scheme, last, rng, actor)
    schemes = RatingScheme.objects.filter(_under("community__path", area_roots))
    return {
        "schemes": schemes.count(),
        "rounds": RatingRound.objects.filter(scheme__in=schemes).count(),
        "rated": RatingEntry.objects.filter(round__scheme__in=schemes, score__isnull=False).count(),
    }
