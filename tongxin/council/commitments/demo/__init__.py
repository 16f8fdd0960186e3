"""Demo Commitments (承诺践诺): written through the services as an office would have.

- The demo community (the `secretary` account's; else the first community): the 红六条 pledge
  items; this year's pledge of each of its members (three or four items, their own words),
  pledged in January, with one to three fulfilment entries dated before `today`, most verified by
  the branch; a board card for each member (党员中心户 / 楼栋长 / 网格党小组长 for some; a few
  left off the board), no photo (no demo member consented); its 居民公约, adopted by the council's
  decided topic on a convention where the consultation demo has one (else by the residents'
  representatives without a link).
- The demo village (the `village` account's): the 红十条 items, its members' pledges, and its
  村规民约 (红十条) adopted by the decided 四议两公开 topic that revised it, where there is one.

Deterministic from `seed`; nothing dated on or after `today`. A place that has pledge items
already is left alone, so a second call adds nothing.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.db.models import Q

from tongxin.council.commitments import services
from tongxin.council.commitments.models import Convention, Fulfilment, MemberCard, Pledge, PledgeItem
from tongxin.council.commitments.queries import community_members
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.registry.areas.models import Area, Level

RESIDENTS_CONVENTION = [
    "热爱祖国，热爱社区，遵纪守法，维护社区安定团结。",
    "邻里互助，礼让宽容，有事好商量，矛盾纠纷及时调解。",
    "爱护公共设施，不私搭乱建，不占用消防通道和楼道。",
    "垃圾分类投放，不高空抛物，不乱堆乱放。",
    "文明养犬，出门拴绳，及时清理犬只粪便。",
    "车辆有序停放，电动车不进楼道、不飞线充电。",
    "尊老爱幼，关心空巢老人和困难家庭。",
    "积极参加志愿服务和社区议事，共建美好家园。",
    "移风易俗，婚丧事宜从简，不铺张浪费。",
    "本公约经居民代表会议通过，全体居民共同遵守、相互监督。",
]
VILLAGE_CONVENTION = [
    "遵纪守法，不参与赌博、不信邪教，维护村里安定。",
    "红白喜事简办，婚事彩礼不攀比，丧事不大操大办。",
    "门前三包，垃圾定点投放，不乱倒污水。",
    "孝老爱亲，子女按月看望老人，不虐待、不遗弃。",
    "邻里和睦，宅基地、地界纠纷先找村调委会调解。",
    "爱护村道、水渠和公共设施，损坏照价赔偿。",
    "一事一议筹资筹劳，按村民会议决定如期缴纳。",
    "森林防火，不在田间地头焚烧秸秆。",
    "关爱留守儿童，适龄儿童按时入学。",
    "本村规民约经村民代表会议通过，党员带头遵守，全体村民共同监督。",
]
OWN_WORDS = [
    "每月带头清理一次楼道",
    "联系本楼五户空巢老人，每周上门看看",
    "每季度参加一次志愿巡逻",
    "带头垃圾分类，劝导邻居分类投放",
    "帮邻居调解停车矛盾，做到小事不出楼",
    "参加议事会，把居民的意见带上来",
]
DEEDS = [
    "清理楼道杂物",
    "陪独居老人就医",
    "参加夜间治安巡逻",
    "劝导垃圾分类",
    "调解邻里漏水纠纷",
    "为老人代缴水电费",
    "参加议事会讨论加装电梯",
    "参加防汛值守",
]
POSTS = ["党员中心户", "楼栋长", "网格党小组长"]


def _account_place(username: str, level: str, roots: list[str]) -> Area | None:
    held = RoleAssignment.objects.filter(user__username=username, role=Role.COMMUNITY).values_list("node_id", flat=True)
    under = Q(pk__in=[])
    for path in roots:
        under |= Q(path__startswith=path)
    places = Area.objects.filter(under, level=level)
    return places.filter(pk__in=list(held)).first() or places.order_by("path").first()


def _actor(place: Area) -> User:
    held = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id=place.pk).select_related("user").first()
    if held is not None:
        return held.user
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if admin is not None:
        return admin
    return User.objects.get_or_create(username="system", defaults={"is_superuser": True, "is_active": False})[0]


def _convention_topic(place: Area, words: tuple[str, ...]) -> Any:
    from tongxin.council.consultation.models import Topic

    q = Q(pk__in=[])
    for word in words:
        q |= Q(title__contains=word) | Q(decision__contains=word)
    return (
        Topic.objects.filter(
            q, area__path__startswith=place.path, state__in=["decided", "done"], decided_on__isnull=False
        )
        .select_related("area", "council")
        .order_by("-decided_on")
        .first()
    )


def _place(place: Area, template: str, *, today: datetime.date, rng: random.Random, max_members: int) -> None:
    actor = _actor(place)
    services.items_from_template(actor=actor, community=place, template=template)
    items = list(PledgeItem.objects.filter(community=place).order_by("position"))
    year = today.year
    january = datetime.date(year, 1, 1)
    if today <= january + datetime.timedelta(days=10):
        return  # the first days of a year: nobody has pledged yet
    pledged_on = january + datetime.timedelta(days=rng.randint(5, 9))
    days = (today - pledged_on).days
    members = list(community_members(place).select_related("org").order_by("pk")[:max_members])
    for n, m in enumerate(members):
        chosen = sorted(rng.sample(items, k=min(len(items), rng.choice((3, 4)))), key=lambda i: i.position)
        pledge = services.pledge_save(
            actor=actor, member=m, community=place, year=year, items=chosen, words=rng.choice(OWN_WORDS),
            pledged_on=pledged_on,
        )  # fmt: skip
        for _k in range(rng.randint(0 if n % 7 == 6 else 1, 3)):
            done_on = pledged_on + datetime.timedelta(days=rng.randint(1, max(days - 1, 1)))
            if done_on >= today:
                continue
            entry = services.fulfilment_add(
                actor=actor, pledge=pledge, done_on=done_on, text=rng.choice(DEEDS), item=rng.choice(chosen)
            )
            if rng.random() < 0.7:
                services.fulfilment_verify(actor=actor, entry=entry)
        post = POSTS[n % len(POSTS)] if n % 4 == 0 else ""
        services.card_save(actor=actor, member=m, community=place, post=post, shown=n % 10 != 9, photo_consent=False)


def seed_commitments(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's commitments; returns counts of what was written."""
    rng = random.Random(f"{seed}:commitments")
    community = _account_place("secretary", Level.COMMUNITY, area_roots)
    village = _account_place("village", Level.VILLAGE, area_roots)
    places = [p for p in (community, village) if p is not None and not PledgeItem.objects.filter(community=p).exists()]
    with transaction.atomic():
        for place in places:
            village_like = place.level == Level.VILLAGE
            _place(place, "red_ten" if village_like else "red_six", today=today, rng=rng, max_members=400)
            topic = _convention_topic(place, ("村规民约",) if village_like else ("公约",))
            adopted_on = today - datetime.timedelta(days=rng.randint(60, 200))
            if topic is not None and topic.decided_on is not None:
                adopted_on = min(today - datetime.timedelta(days=1), topic.decided_on + datetime.timedelta(days=7))
            services.convention_adopt(
                actor=_actor(place),
                community=place,
                articles="\n".join(VILLAGE_CONVENTION if village_like else RESIDENTS_CONVENTION),
                adopted_on=adopted_on,
                decided_by="" if topic is not None else ("村民代表会议" if village_like else "居民代表会议"),
                topic=topic,
                title=f"{place.name}{'村规民约“红十条”' if village_like else '居民公约'}",
            )
    done = [p.pk for p in places]
    return {
        "pledges": Pledge.objects.filter(community_id__in=done).count(),
        "fulfilments": Fulfilment.objects.filter(pledge__community_id__in=done).count(),
        "cards": MemberCard.objects.count(),
        "conventions": Convention.objects.filter(community_id__in=done).count(),
    }
