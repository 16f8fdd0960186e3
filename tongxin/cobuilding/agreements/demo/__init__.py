"""Demo agreements (co-building): written through the services as an office would have.

The large community of the first subdistrict (the demo's `unit` account answers for its first
unit) gets an agreement per unit for this year — most signed, two drafts, one ending within 30
days — with two or three commitments each and deliveries (some complete, some partial), and
last year's agreements, ended. The grid community (the `secretary`'s) and the estate community
get a few. Elsewhere nothing: the district scale stays fast.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from tongxin.cobuilding.agreements import services
from tongxin.cobuilding.agreements.models import Agreement
from tongxin.platform.access.demo import demo_actor
from tongxin.platform.access.models import RoleAssignment
from tongxin.platform.access.roles import Role
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact

# What a unit of each kind commits to: (kind, description, quantity).
OFFERS: dict[str, list[tuple[str, str, int]]] = {
    "school": [
        ("venue_hours", "操场、体育馆晚间和周末向居民开放", 120),
        ("expertise", "教师进社区开展四点半课堂", 20),
        ("volunteer_hours", "师生志愿服务", 200),
    ],
    "hospital": [
        ("expertise", "专家义诊进社区", 12),
        ("venue_hours", "会议室供社区开展健康讲座", 40),
        ("volunteer_hours", "医护志愿者结对独居老人", 150),
    ],
    "government": [
        ("venue_hours", "机关礼堂供社区议事和文艺活动", 60),
        ("volunteer_hours", "在职党员到社区报到服务", 300),
    ],
    "institution": [
        ("venue_hours", "单位会议室开放", 50),
        ("volunteer_hours", "职工志愿服务", 120),
    ],
    "soe": [
        ("venue_hours", "企业礼堂开放", 60),
        ("money", "资助社区为老服务项目", 20000),
        ("volunteer_hours", "青年突击队志愿服务", 160),
    ],
    "private": [
        ("money", "资助社区微更新", 10000),
        ("equipment", "捐赠社区活动设备", 10),
    ],
    "social": [
        ("expertise", "社工专业服务", 24),
        ("volunteer_hours", "志愿者服务", 100),
    ],
    "other": [
        ("volunteer_hours", "志愿服务", 80),
        ("equipment", "捐赠物资", 20),
    ],
}


def _under(paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return q


def demo_communities(area_roots: Sequence[str]) -> dict[str, Area]:
    """The large, grid and estate communities of the first subdistrict, by the demo's accounts."""
    first_sub = Area.objects.filter(_under(area_roots), level=Level.SUBDISTRICT).order_by("path").first()
    if first_sub is None:
        return {}
    communities = list(Area.objects.filter(path__startswith=first_sub.path, level=Level.COMMUNITY).order_by("path"))
    if not communities:
        return {}
    by_path = {c.path: c for c in communities}

    def community_of(area_path: str) -> Area | None:
        return next((c for p, c in by_path.items() if area_path.startswith(p)), None)

    found: dict[str, Area] = {}
    contact_area = UnitContact.objects.filter(user__username="unit").values_list("unit__area__path", flat=True).first()
    large = community_of(contact_area) if contact_area else None
    counts = {c.path: 0 for c in communities}
    for path in ResidentUnit.objects.filter(area__path__startswith=first_sub.path).values_list("area__path", flat=True):
        c = community_of(path)
        if c is not None:
            counts[c.path] += 1
    ranked = sorted(communities, key=lambda c: (-counts[c.path], c.path))
    found["large"] = large or ranked[0]
    held = RoleAssignment.objects.filter(user__username="secretary", role=Role.COMMUNITY).values_list(
        "node_id", flat=True
    )
    grid = next((c for c in communities if c.pk in set(held)), None)
    if grid is not None and grid.pk != found["large"].pk:
        found["grid"] = grid
    rest = [c for c in ranked if c.pk not in {a.pk for a in found.values()} and counts[c.path]]
    if rest:
        found["estate"] = rest[0]
    return found


def community_units(community: Area) -> list[ResidentUnit]:
    return list(
        ResidentUnit.objects.filter(area__path__startswith=community.path).select_related("area").order_by("name", "id")
    )


def _agreement(
    actor: Any,
    community: Area,
    unit: ResidentUnit,
    year: int,
    rng: random.Random,
    *,
    today: datetime.date,
    ends_on: datetime.date | None = None,
    sign: bool = True,
    delivered_share: float = 0.5,
) -> Agreement:
    starts = datetime.date(year, 1, 1)
    a = services.agreement_save(
        actor=actor,
        community=community,
        unit=unit,
        year=year,
        title=f"{year}年度{community.name}与{unit.name}共驻共建协议",
        starts_on=starts,
        ends_on=ends_on or datetime.date(year, 12, 31),
    )
    offers = OFFERS.get(unit.kind, OFFERS["other"])
    chosen = offers[: rng.choice([2, 3]) if len(offers) > 2 else 2]
    commitments = [
        services.commitment_add(actor=actor, agreement=a, kind=kind, description=text, quantity=qty)
        for kind, text, qty in chosen
    ]
    if not sign:
        return a
    signed_on = min(today, starts + datetime.timedelta(days=rng.randint(5, 40)))
    services.agreement_sign(
        actor=actor,
        agreement=a,
        signed_on=signed_on,
        community_signatory="社区党委书记",
        unit_signatory=f"{unit.name}负责人",
    )
    last_day = min(today, a.ends_on)
    span = max(1, (last_day - signed_on).days)
    for c in commitments:
        # Some delivered in full, most partly: a share of the promise in two or three parts.
        share = Decimal(str(1.0 if rng.random() < delivered_share * 0.6 else rng.uniform(0.2, 0.8)))
        total = (c.quantity * share).quantize(Decimal("1"))
        parts = rng.choice([2, 3])
        for i in range(parts):
            qty = (
                (total / parts).quantize(Decimal("0.01"))
                if i < parts - 1
                else total - (total / parts).quantize(Decimal("0.01")) * (parts - 1)
            )
            if qty <= 0:
                continue
            services.record_delivery(
                actor=actor,
                commitment=c,
                quantity=qty,
                delivered_on=signed_on + datetime.timedelta(days=span * (i + 1) // (parts + 1)),
                description=c.description,
            )
    return a


def seed_agreements(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's agreements; returns counts of what was written."""
    rng = random.Random(f"agreements-{seed}")
    places = demo_communities(area_roots)
    written = {"agreements": 0, "ended": 0}
    for key, community in places.items():
        units = community_units(community)
        if key != "large":
            units = units[:4]
        actor = demo_actor(community)
        for i, unit in enumerate(units):
            # Last year's, ended; this year's, most signed.
            last = _agreement(actor, community, unit, today.year - 1, rng, today=today, delivered_share=0.9)
            services.agreement_end(actor=actor, agreement=last)
            written["ended"] += 1
            draft = key == "large" and i in (len(units) - 1, len(units) - 2)
            ending = today + datetime.timedelta(days=20) if key == "large" and i == 1 else None
            _agreement(actor, community, unit, today.year, rng, today=today, ends_on=ending, sign=not draft)
            written["agreements"] += 2
    return {k: v for k, v in written.items() if v} | {
        "commitments": int(
            Agreement.objects.filter(community__in=list(places.values())).aggregate(n=Count("commitments"))["n"] or 0
        )
    }
