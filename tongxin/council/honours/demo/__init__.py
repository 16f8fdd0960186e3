"""Demo honours (评先评优): written through the services as an office would have.

In the community of the `secretary` demo account (else the first community under the roots):

- Last year: 十佳孝老爱亲和谐家庭 — 16 households nominated (10 by the office, 6 by residents on
  the public page), 10 accepted and 6 declined with a reason, a week of publicity with one
  objection dismissed, then conferred; 优秀党员 (5 places; the office and the branches nominate)
  and 优秀志愿者 (8 places), both conferred.
- This year: 十佳孝老爱亲和谐家庭 in publicity (started two days ago), and 优秀志愿者 taking
  nominations, two of them waiting for review.
- The good-deeds wall: six entries on each of the four boards, some with a small generated photo,
  not every photo with the person's consent.

Deterministic from `seed`; nothing dated on or after `today` except a publicity's end. A second
call adds nothing (the community already has awards).
"""

from __future__ import annotations

import datetime
import io
import random
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from PIL import Image, ImageDraw

from tongxin.council.honours.models import Award, Deed, NominationSource, NomineeKind, WallBoard
from tongxin.council.honours.services import (
    award_confer,
    award_create,
    award_publish,
    deed_create,
    nomination_review,
    nomination_submit,
    objection_answer,
    objection_raise,
)
from tongxin.council.honours.services._common import household_name
from tongxin.grid.cases.photos import ProcessedPhoto
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.registry.areas.models import Area, Household, Level
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident

FAMILY_REASONS = [
    "照顾瘫痪在床的婆婆十余年，端水喂饭从无怨言，邻里称赞。",
    "三代同堂，家风和睦，常年帮助楼里的独居老人买菜送药。",
    "儿子儿媳轮流陪护患病老父亲，家庭和睦、尊老爱幼。",
    "夫妻俩照顾双方四位老人，逢年过节还给楼道老人送饺子。",
    "孙女放学后陪奶奶散步读报，一家人孝老爱亲的事迹在小区传为佳话。",
]
DECLINE_REASONS = ["本年度已获区级同类表彰，按规定不重复推荐。", "推荐材料不全，经核实事迹不够突出。"]
VOLUNTEER_REASONS = ["常年参加小区巡逻和垃圾分类值守，服务时长全社区第一。", "组织楼道义剪，每月为老人理发。"]
MEMBER_REASONS = ["带头参加双报到，认领社区岗位，服务群众热情周到。", "担任楼栋长，化解邻里纠纷多起。"]
DEEDS = {
    WallBoard.DEEDS: [
        ("拾金不昧还失主", "在小区门口捡到装有现金和证件的钱包，第一时间交到社区，找到了失主。"),
        ("雨夜救助摔倒老人", "深夜冒雨将摔倒的老人背回家，并通知家属送医。"),
        ("楼道起火第一时间扑救", "发现楼道电动车电池冒烟，拿起灭火器扑灭，并挨家敲门提醒邻居。"),
        ("为邻居垫付医药费", "独居老人突发疾病，他陪同就医并先行垫付了医药费。"),
        ("义务修补小区道路", "自备材料，利用周末把小区门口坑洼的路面修补平整。"),
        ("冬夜为环卫工送热水", "每天清晨在楼下为环卫工人备好热水和姜茶，坚持了三个冬天。"),
    ],
    WallBoard.VOLUNTEERS: [
        ("垃圾分类督导员", "每天早晚两小时在分类点值守，耐心指导居民分类投放。"),
        ("义务理发十年", "每月第一个周六在社区服务站为老人义务理发，十年没有间断。"),
        ("平安巡逻队的老队员", "七十岁仍坚持参加夜间巡逻，熟悉每一个楼道和监控点。"),
        ("四点半课堂的志愿老师", "每天放学后辅导双职工家庭的孩子写作业。"),
        ("防疫值守不缺席", "在小区门岗值守登记，风雨无阻，累计服务三百余小时。"),
        ("助老送餐志愿者", "每天中午为楼里的高龄独居老人送餐上门，顺便陪老人聊聊天。"),
    ],
    WallBoard.FILIAL: [
        ("十年如一日照顾婆婆", "婆婆卧床多年，她每天翻身擦洗，从不叫苦。"),
        ("四代同堂的好家风", "一家人和和睦睦，逢年过节还看望楼里的孤寡老人。"),
        ("儿女轮流陪护父亲", "父亲患病后，兄妹三人排班陪护，无微不至。"),
        ("带着母亲去旅行", "辞去外地工作回家照顾失智的母亲，每年带她出去走走。"),
        ("孙女读报给奶奶听", "奶奶视力不好，孙女每天放学后为她读报、陪她散步。"),
        ("照顾邻居老人如亲人", "把对门的独居老人当作自家长辈，买菜、看病都陪着。"),
    ],
    WallBoard.DEVOTION: [
        ("扎根社区的网格员", "走遍网格每一户，群众的事记在本上、放在心上。"),
        ("坚守岗位的保洁员", "二十年如一日清扫街巷，风雨无阻。"),
        ("社区卫生站的好医生", "上门为行动不便的老人量血压、送药，随叫随到。"),
        ("热心的物业电工", "半夜接到停电报修，十分钟赶到现场，连夜抢修恢复供电。"),
        ("小区门岗的老保安", "记得每一位住户，帮老人提东西、替上班族收快递。"),
        ("快递小哥送药上门", "主动为行动不便的老人代买药品，不收一分跑腿费。"),
    ],
}
PHOTO_COLOURS = [(200, 16, 46), (30, 110, 60), (40, 80, 160), (180, 120, 20)]


def _actor(place: Area) -> User:
    held = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id=place.pk).select_related("user").first()
    if held is not None:
        return held.user
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if admin is not None:
        return admin
    return User.objects.get_or_create(username="system", defaults={"is_superuser": True, "is_active": False})[0]


def _community(area_roots: Sequence[str]) -> Area | None:
    roots = Q(pk__in=[])
    for path in area_roots:
        roots |= Q(path__startswith=path)
    held = RoleAssignment.objects.filter(user__username="secretary", role=Role.COMMUNITY).values_list(
        "node_id", flat=True
    )
    places = Area.objects.filter(roots, level=Level.COMMUNITY)
    return places.filter(pk__in=list(held)).first() or places.order_by("path").first()


def _photo(n: int) -> ProcessedPhoto:
    """A small generated JPEG (no EXIF: made here), the same for the same n."""
    image = Image.new("RGB", (240, 180), PHOTO_COLOURS[n % len(PHOTO_COLOURS)])
    draw = ImageDraw.Draw(image)
    draw.ellipse((80, 30, 160, 110), fill=(245, 225, 200))
    draw.rectangle((60, 115, 180, 180), fill=(250, 250, 250))
    full, thumb = io.BytesIO(), io.BytesIO()
    image.save(full, "JPEG", quality=80)
    image.resize((120, 90)).save(thumb, "JPEG", quality=80)
    return ProcessedPhoto(name=f"demo{n}.jpg", image=full.getvalue(), thumbnail=thumb.getvalue(), width=240, height=180)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Round:
    def __init__(self, actor: User, community: Area, rng: random.Random) -> None:
        self.actor, self.community, self.rng = actor, community, rng
        self.count = {"awards": 0, "nominations": 0, "deeds": 0}

    def award(self, name: str, kind: str, places: int, year: int, opened: datetime.date) -> Award:
        award = award_create(
            actor=self.actor, area=self.community, name=name, nominee_kind=kind, places=places, year=year,
            round=f"{year}年度", description="",
        )  # fmt: skip
        Award.objects.filter(pk=award.pk).update(created_at=_at(opened), updated_at=_at(opened))
        self.count["awards"] += 1
        return award

    def nominate(self, award: Award, day: datetime.date, **kwargs: Any) -> Any:
        self.count["nominations"] += 1
        return nomination_submit(
            actor=self.actor, award=award, at=_at(day, 9 + self.count["nominations"] % 8), **kwargs
        )

    def review_all(self, nominations: list[Any], accept: int, day: datetime.date) -> None:
        for n, nomination in enumerate(nominations):
            ok = n < accept
            reason = "" if ok else DECLINE_REASONS[n % len(DECLINE_REASONS)]
            nomination_review(actor=self.actor, nomination=nomination, accept=ok, reason=reason, at=_at(day))


def _households(community: Area, rng: random.Random, n: int) -> list[Household]:
    """`n` households with residents, of `n` different family names (张家 and 张家 could not be told apart)."""
    qs = (
        Household.objects.filter(area__path__startswith=community.path)
        .annotate(n=Count("residents"))
        .filter(n__gt=0)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    pks = list(qs[:400])
    rng.shuffle(pks)
    by_pk = Household.objects.select_related("area").in_bulk(pks)
    heads: dict[int, str] = {}
    for household_id, relation, name in (
        Resident.objects.filter(household_id__in=pks).values_list("household_id", "relation", "name").order_by("pk")
    ):
        if household_id not in heads or relation == Resident.Relation.HEAD:
            heads[household_id] = name
    chosen: list[Household] = []
    seen: set[str] = set()
    for pk in pks:
        family = heads.get(pk, "")[:1]
        if family and family not in seen:
            seen.add(family)
            chosen.append(by_pk[pk])
        if len(chosen) == n:
            break
    return chosen


def _families(r: _Round, award: Award, households: list[Household], day: datetime.date) -> list[Any]:
    """Nominate the households: every third on the public page, the rest by the office."""
    made = []
    taken: set[tuple[str, int]] = set()
    for n, household in enumerate(households):
        # Two families of the same name in one award: the publicity could not tell them apart.
        key = (household_name(household), household.area_id)
        if any(key[0] == name for name, _place in taken):
            continue
        if key in taken:
            continue
        taken.add(key)
        reason = FAMILY_REASONS[n % len(FAMILY_REASONS)]
        if n % 3 == 2:
            made.append(
                r.nominate(
                    award,
                    day + datetime.timedelta(days=n % 9),
                    source=NominationSource.PUBLIC,
                    reason=reason,
                    public_name=key[0],
                    place=household.area,
                    address_note=household.number,
                    nominator_name="热心邻居",
                )  # fmt: skip
            )
        else:
            made.append(
                r.nominate(
                    award,
                    day + datetime.timedelta(days=n % 9),
                    source=NominationSource.STAFF,
                    reason=reason,
                    household=household,
                )
            )
    return made


def seed_honours(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's honours; returns counts of what was written."""
    community = _community(area_roots)
    if community is None or Award.objects.filter(area=community).exists():
        return {}
    rng = random.Random(f"{seed}:honours")
    r = _Round(_actor(community), community, rng)
    last, this = today.year - 1, today.year
    with transaction.atomic():
        households = _households(community, rng, 22)
        residents = list(
            Resident.objects.filter(household__area__path__startswith=community.path)
            .order_by("pk")
            .values_list("pk", flat=True)[:300]
        )
        volunteers = list(
            Resident.objects.filter(pk__in=rng.sample(residents, min(14, len(residents))))
            .select_related("household__area")
            .order_by("pk")
        )
        members = list(
            PartyMember.objects.filter(left_on__isnull=True, org__area__path__startswith=community.path)
            .select_related("org__area", "resident__household__area")
            .order_by("pk")[:7]
        )
        # Last year, all conferred.
        start = datetime.date(last, 10, 8)
        families = r.award("十佳孝老爱亲和谐家庭", NomineeKind.HOUSEHOLD, 10, last, start)
        made = _families(r, families, households[:16], start + datetime.timedelta(days=2))
        r.review_all(made, min(10, len(made)), start + datetime.timedelta(days=20))
        if made:
            award_publish(actor=r.actor, award=families, at=_at(start + datetime.timedelta(days=25)))
            objection = objection_raise(
                nomination=made[0], text="听说这家人与邻居有矛盾，请核实。", at=_at(start + datetime.timedelta(days=27))
            )
            objection_answer(
                actor=r.actor, objection=objection, uphold=False, answer="经走访核实，邻里关系和睦，异议不成立。",
                at=_at(start + datetime.timedelta(days=29)),
            )  # fmt: skip
            award_confer(actor=r.actor, award=families, at=_at(start + datetime.timedelta(days=33)))
        party = r.award("优秀党员", NomineeKind.PARTY_MEMBER, 5, last, start)
        day = start + datetime.timedelta(days=3)
        sources = (NominationSource.BRANCH, NominationSource.STAFF)
        made = [
            r.nominate(party, day, source=sources[n % 2], reason=MEMBER_REASONS[n % 2], party_member=m)
            for n, m in enumerate(members)
        ]
        r.review_all(made, min(5, len(made)), start + datetime.timedelta(days=20))
        good = r.award("优秀志愿者", NomineeKind.VOLUNTEER, 8, last, start)
        day = start + datetime.timedelta(days=4)
        made_v = [
            r.nominate(good, day, source=NominationSource.STAFF, reason=VOLUNTEER_REASONS[n % 2], resident=v)
            for n, v in enumerate(volunteers[:10])
        ]
        r.review_all(made_v, min(8, len(made_v)), start + datetime.timedelta(days=20))
        for award, nominated in ((party, made), (good, made_v)):
            if nominated:
                award_publish(actor=r.actor, award=award, at=_at(start + datetime.timedelta(days=25)))
                award_confer(actor=r.actor, award=award, at=_at(start + datetime.timedelta(days=33)))
        # This year: the families' round in publicity, the volunteers' taking nominations.
        opened = today - datetime.timedelta(days=30)
        families_now = r.award("十佳孝老爱亲和谐家庭", NomineeKind.HOUSEHOLD, 10, this, opened)
        made = _families(r, families_now, households[6:22], opened + datetime.timedelta(days=1))
        r.review_all(made, min(10, len(made)), today - datetime.timedelta(days=4))
        if made:
            award_publish(actor=r.actor, award=families_now, at=_at(today - datetime.timedelta(days=2)))
        good_now = r.award("优秀志愿者", NomineeKind.VOLUNTEER, 8, this, opened)
        for n, v in enumerate(volunteers[10:14]):
            nomination = r.nominate(
                good_now,
                opened + datetime.timedelta(days=n + 1),
                source=NominationSource.STAFF,
                reason=VOLUNTEER_REASONS[n % 2],
                resident=v,
            )
            if n < 2:
                nomination_review(
                    actor=r.actor, nomination=nomination, accept=True, at=_at(opened + datetime.timedelta(days=10))
                )
        _wall(r, today)
    return r.count


def _wall(r: _Round, today: datetime.date) -> None:
    people = list(
        Resident.objects.filter(household__area__path__startswith=r.community.path)
        .order_by("pk")
        .values_list("name", flat=True)[:60]
    )
    n = 0
    for board, texts in DEEDS.items():
        for k in range(6):
            title, story = texts[k]
            name = people[(n * 7) % len(people)] if people else "社区志愿服务队"
            if board == WallBoard.FILIAL:
                name = f"{name[0]}家"
            with_photo = k % 3 != 2
            deed_create(
                actor=r.actor, area=r.community, board=board, title=title, story=story,
                happened_on=today - datetime.timedelta(days=10 + n * 11), person_name=name,
                photo=_photo(n) if with_photo else None, photo_consent=with_photo and k % 2 == 0,
            )  # fmt: skip
            n += 1
    r.count["deeds"] = Deed.objects.filter(area=r.community).count()
