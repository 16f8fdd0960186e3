"""Demo owners: written through the services as an office would have.

Seed 003's three-in-one estate (业委会管钱、居委会管事、业主监督的"三位一体"): the estate of the
first subdistrict that the area seed made without a property company (or, failing that, the
first estate of the community with the most estates, marked so) gets its owners' committee of
six — a chair, a vice-chair, four members, linked to residents of the estate where there are —
whose three-year term ends within 60 days (the election is due: on the workbench). Seed 002's
红色物业 ("双向进入、交叉任职"): another estate of the subdistrict, with a property company, gets
two cross-appointments between the company and the community's Party organization.
Elsewhere nothing: the district scale stays fast.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q

from tongxin.estates.owners import services
from tongxin.estates.owners.models import Committee, CrossAppointment
from tongxin.platform.access.demo import demo_actor
from tongxin.registry.areas.models import Area, Estate, Level
from tongxin.registry.people.models import Resident

POSTS = ["chair", "vice_chair", "member", "member", "member", "member"]
FALLBACK_NAMES = ["郑秀兰", "马建国", "何玉珍", "高志强", "罗桂英", "梁德明"]


def _under(paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return q


def first_subdistrict(area_roots: Sequence[str]) -> Area | None:
    return Area.objects.filter(_under(area_roots), level=Level.SUBDISTRICT).order_by("path").first()


def demo_estates(area_roots: Sequence[str]) -> dict[str, Estate]:
    """The three-in-one estate (seed 003) and the red-property estate (seed 002) of the first
    subdistrict, by what the area seed made."""
    sub = first_subdistrict(area_roots)
    if sub is None:
        return {}
    estates = Estate.objects.filter(community__path__startswith=sub.path).select_related("community")
    found: dict[str, Estate] = {}
    three = estates.filter(has_property_company=False, note__contains="三位一体").order_by("pk").first()
    if three is None:
        biggest = estates.values("community_id").annotate(n=Count("pk")).order_by("-n", "community_id").first()
        three = estates.filter(community_id=biggest["community_id"]).order_by("pk").first() if biggest else None
        if three is not None and three.has_property_company:
            # The area seed made none: this one is run the three-in-one way.
            Estate.objects.filter(pk=three.pk).update(
                has_property_company=False, note="无物业小区：业委会管钱、居委会管事、业主监督（三位一体）"
            )
            three.refresh_from_db()
    if three is not None:
        found["three_in_one"] = three
    red_candidates = estates.filter(has_property_company=True)
    if three is not None:
        red_candidates = red_candidates.exclude(pk=three.pk)
    red = red_candidates.order_by("pk").first()
    if red is not None:
        found["red_property"] = red
    return found


def _committee(estate: Estate, actor: Any, today: datetime.date, rng: random.Random) -> int:
    ends = today + datetime.timedelta(days=45)
    starts = ends - datetime.timedelta(days=3 * 365)
    committee = services.committee_save(
        actor=actor,
        estate=estate,
        elected_on=starts - datetime.timedelta(days=15),
        term_starts=starts,
        term_ends=ends,
        note="业主大会选举产生，在社区党支部指导下开展工作。",
    )
    residents = list(
        Resident.objects.filter(
            household__area__estate=estate, birth_date__lte=today - datetime.timedelta(days=30 * 365)
        )
        .select_related("household")
        .order_by("id")[: len(POSTS)]
    )
    for i, post in enumerate(POSTS):
        resident = residents[i] if i < len(residents) else None
        services.member_save(
            actor=actor,
            committee=committee,
            name=resident.name if resident else FALLBACK_NAMES[i],
            post=post,
            phone=f"139{rng.randrange(10**8):08d}",
            resident=resident,
        )
    return len(POSTS)


def seed_owners(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's owners; returns counts of what was written."""
    rng = random.Random(seed * 17 + 3)
    estates = demo_estates(area_roots)
    counts = {"committees": 0, "members": 0, "cross_appointments": 0}
    three = estates.get("three_in_one")
    if three is not None and not Committee.objects.filter(estate=three).exists():
        counts["members"] += _committee(three, demo_actor(three.community), today, rng)
        counts["committees"] += 1
    red = estates.get("red_property")
    if red is not None and not CrossAppointment.objects.filter(estate=red).exists():
        actor = demo_actor(red.community)
        company = f"{red.name}物业服务中心"
        for person, company_post, party_post, years in (
            ("周卫东", "项目经理", "社区党委兼职委员", 2),
            ("吴丽华", "物业党支部书记（由社区党委委员兼任）", "社区党委委员", 1),
        ):
            services.appointment_save(
                actor=actor,
                estate=red,
                person=person,
                company=company,
                company_post=company_post,
                party_post=party_post,
                since=today.replace(year=today.year - years, day=1),
                note="红色物业：双向进入、交叉任职",
            )
            counts["cross_appointments"] += 1
    return counts
