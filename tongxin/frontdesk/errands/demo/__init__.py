"""Demo errands: written through the services as an office would have.

A year of errands (全程代办) in the first subdistrict's large community (a few hundred) and the
grid community (a few dozen): for residents of the registry and some visitors, most handed back
(most of those on time), a few cancelled, the recent ones at every step, a few overdue.
Elsewhere nothing: the district scale stays fast.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import Count

from tongxin.frontdesk.errands import services
from tongxin.frontdesk.errands.models import Errand, Kind
from tongxin.platform.access.models import User
from tongxin.registry.areas.models import Area
from tongxin.registry.people.models import Resident

# What residents ask, per kind: (description, office, documents).
ASKS: dict[str, list[tuple[str, str, list[str]]]] = {
    Kind.SOCIAL_INSURANCE: [
        ("城乡居民养老保险参保登记", "街道社保所", ["身份证复印件", "户口本复印件"]),
        ("养老保险待遇领取资格认证", "区社保中心", ["身份证复印件"]),
    ],
    Kind.MEDICAL_INSURANCE: [
        ("城乡居民医保缴费", "街道医保工作站", ["身份证复印件"]),
        ("门诊慢特病待遇申请", "区医保局", ["病历复印件", "诊断证明", "身份证复印件"]),
    ],
    Kind.HOUSEHOLD_REGISTRATION: [
        ("新生儿户口登记", "派出所户籍室", ["出生医学证明", "父母户口本", "结婚证复印件"]),
        ("户口迁移证明", "派出所户籍室", ["户口本", "身份证复印件"]),
    ],
    Kind.DISABILITY_CARD: [("残疾人证办理", "区残联", ["身份证复印件", "一寸照片", "医院诊断证明"])],
    Kind.ELDER_ALLOWANCE: [("高龄补贴申请", "街道民政办", ["身份证复印件", "银行卡复印件"])],
    Kind.PURCHASE: [
        ("代缴水电费", "供水公司营业厅", []),
        ("代买常用药品", "社区卫生服务站", ["医保卡"]),
        ("代缴燃气费", "燃气公司营业厅", []),
    ],
    Kind.OTHER: [("开具居住证明", "派出所", ["身份证复印件", "租房合同复印件"])],
}
# How often each kind comes (代买代缴 most: the seed's 3,000 errands of buying and paying).
WEIGHTS = {
    Kind.PURCHASE: 40,
    Kind.SOCIAL_INSURANCE: 15,
    Kind.MEDICAL_INSURANCE: 15,
    Kind.ELDER_ALLOWANCE: 10,
    Kind.HOUSEHOLD_REGISTRATION: 8,
    Kind.DISABILITY_CARD: 5,
    Kind.OTHER: 7,
}
VISITORS = ("王建国", "李秀英", "张伟", "刘桂兰", "陈志强")
PER_COMMUNITY = {"large": 300, "grid": 40}


def _between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _one(
    rng: random.Random,
    actor: User,
    community: Area,
    residents: list[Resident],
    received: datetime.date,
    today: datetime.date,
) -> tuple[Errand, bool]:
    kind = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    description, office, documents = rng.choice(ASKS[kind])
    visitor = rng.random() < 0.1 or not residents
    e = services.errand_register(
        actor=actor,
        community=community,
        kind=kind,
        description=description,
        office=office,
        resident=None if visitor else rng.choice(residents),
        visitor_name=rng.choice(VISITORS) if visitor else "",
        visitor_phone=f"139{rng.randint(10000000, 99999999)}" if visitor else "",
        received_on=received,
        documents=documents,
    )
    age = (today - received).days
    span = max(1, (e.due_on - received).days)
    roll = rng.random()
    if roll < 0.03:
        services.errand_cancel(actor=actor, errand=e, reason="群众已自行办理")
        return e, False
    # The recent ones are at every step; older ones mostly handed back; a few stay overdue.
    if age < span and roll < 0.5:
        return e, False
    if age >= span and roll > 0.97:
        return e, True  # left open past its deadline
    on_time = rng.random() < 0.9
    submitted = min(today, received + datetime.timedelta(days=rng.randint(0, 2)))
    e = services.errand_advance(actor=actor, errand=e, to="submitted", on=submitted)
    back = _between(rng, submitted, e.due_on) if on_time else e.due_on + datetime.timedelta(days=rng.randint(1, 6))
    if back > today:
        return e, False
    ready = _between(rng, submitted, back)
    e = services.errand_advance(actor=actor, errand=e, to="ready", on=ready)
    e = services.errand_advance(
        actor=actor,
        errand=e,
        to="handed_back",
        on=back,
        handed_back_to="本人" if rng.random() < 0.7 else "家属代领",
    )
    return e, False


def seed_errands(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's errands; returns counts of what was written."""
    from tongxin.frontdesk.errands.demo.places import demo_communities
    from tongxin.platform.access.demo import demo_actor

    rng = random.Random(f"errands-{seed}")
    places = demo_communities(area_roots)
    written = {"errands": 0, "left_overdue": 0}
    start = today - datetime.timedelta(days=364)
    for key, community in places.items():
        actor = demo_actor(community)
        residents = list(
            Resident.objects.filter(household__area__path__startswith=community.path)
            .select_related("household__area")
            .order_by("id")[:400]
        )
        days = sorted(_between(rng, start, today) for _i in range(PER_COMMUNITY[key]))
        for received in days:
            _e, overdue = _one(rng, actor, community, residents, received, today)
            written["errands"] += 1
            written["left_overdue"] += overdue
    by_status = Errand.objects.filter(community__in=list(places.values())).values("status").annotate(n=Count("pk"))
    return {k: v for k, v in written.items() if v} | {f"status_{r['status']}": int(r["n"]) for r in by_status}
