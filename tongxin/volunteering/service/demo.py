"""Demo volunteer teams, volunteers, catalogue and a year of service hours.

Call it once the areas, residents, organizations and members are written, e.g. from the demo runner:

    from tongxin.volunteering.service.demo import seed_service
    seed_service(area_roots, today=today, seed=seed)

Every community under `area_root_paths` gets seven teams of the seed specialities (medical
rounds, repairs, legal aid, patrol, culture, environment, elderly care) and one more for a
resident unit of the community when there is one; about one volunteer per seven households (at
least 30), some of them residents and party members of the community, each in one to three
teams; a leader per team; two to four catalogue services per team tied to the service case
categories; and a year of service days credited in the hours ledger, most confirmed, the latest
few still waiting. Rows go in with bulk_create (no audit records: nobody recorded them). A
community that already has a team is left alone, so a second call adds nothing. Returns the
number of rows written per model.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from tongxin.grid.cases.models import CaseCategory
from tongxin.platform.core.people import pinyin_of
from tongxin.platform.core.personal import protect_phone
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area, Household
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.party.models import PartyMember
from tongxin.registry.people.models import Resident
from tongxin.volunteering.service.models import (
    HoursSource,
    ServiceHours,
    ServiceOffering,
    Speciality,
    TeamMembership,
    Volunteer,
    VolunteerTeam,
)

BATCH = 2000
HOUSEHOLDS_PER_VOLUNTEER = 7
MIN_VOLUNTEERS = 30
RESIDENT_SHARE = 0.45  # of volunteers, residents of the community
MEMBER_SHARE = 0.6  # of the community's party members, who volunteer
PENDING_DAYS = 14  # hours of the last two weeks partly wait for confirmation

# speciality, team name, services: (name, description, case category code)
TEAMS: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        Speciality.MEDICAL,
        "医疗巡诊志愿服务队",
        (
            ("上门测血压血糖", "为行动不便的老人上门测量血压、血糖", "elderly_visit"),
            ("健康咨询", "社区医生每月义诊、健康讲座", "elderly"),
            ("陪同就医", "陪同独居老人到医院就诊", "elderly"),
        ),
    ),
    (
        Speciality.REPAIRS,
        "便民维修志愿服务队",
        (
            ("上门维修水电", "水龙头、电路、灯具等小修小补", "elderly_repair"),
            ("楼道灯维修", "楼道灯、单元门禁维修", "street_light"),
            ("家电清洗维修", "空调、油烟机清洗与小家电维修", "elderly_repair"),
            ("磨刀修伞", "每月固定日子在社区广场服务", "services"),
        ),
    ),
    (
        Speciality.LEGAL,
        "法律援助志愿服务队",
        (
            ("法律咨询", "律师志愿者解答婚姻、继承、劳动等问题", "certificate"),
            ("矛盾调解", "邻里、家庭纠纷调解", "neighbour_dispute"),
        ),
    ),
    (
        Speciality.PATROL,
        "平安巡逻志愿服务队",
        (
            ("夜间治安巡逻", "小区夜间巡逻与安全提醒", "public_order"),
            ("消防隐患排查", "楼道堆物、飞线充电排查", "fire_hazard"),
        ),
    ),
    (
        Speciality.CULTURE,
        "文体志愿服务队",
        (
            ("广场舞教学", "社区广场舞、太极拳教学", "services"),
            ("书法绘画辅导", "老年大学书法、绘画辅导", "services"),
        ),
    ),
    (
        Speciality.ENVIRONMENT,
        "环境保护志愿服务队",
        (
            ("垃圾分类指导", "垃圾分类督导与宣传", "sanitation"),
            ("楼道清理", "清理楼道堆物、小广告", "sanitation"),
            ("绿化养护", "小区绿地认养与养护", "sanitation"),
        ),
    ),
    (
        Speciality.ELDERLY,
        "为老服务志愿服务队",
        (
            ("代买代缴", "为行动不便的老人代买生活用品、代缴水电燃气费", "errand_help"),
            ("助餐送餐", "为独居老人送餐上门", "meal_help"),
            ("独居老人探访", "定期探访独居、空巢老人", "elderly_visit"),
        ),
    ),
)
UNIT_TEAM = (
    Speciality.MEDICAL,
    "志愿服务队",
    (
        ("专家义诊", "驻区单位专家每季度到社区义诊", "elderly"),
        ("急救知识培训", "心肺复苏、急救知识培训", "services"),
    ),
)
WORK = {
    Speciality.MEDICAL: ("上门测量血压", "社区义诊", "健康讲座"),
    Speciality.REPAIRS: ("上门维修水电", "楼道灯维修", "便民维修服务日"),
    Speciality.LEGAL: ("法律咨询服务", "调解邻里纠纷", "普法宣传"),
    Speciality.PATROL: ("夜间治安巡逻", "节假日安全巡查", "消防隐患排查"),
    Speciality.CULTURE: ("广场舞教学", "书法辅导", "社区文艺演出"),
    Speciality.ENVIRONMENT: ("垃圾分类督导", "楼道清理", "绿化养护"),
    Speciality.ELDERLY: ("探访独居老人", "为老人代买代缴", "助餐送餐"),
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "桂英",
    "建华",
    "建国",
    "志强",
    "玉兰",
    "海燕",
    "淑珍",
    "红梅",
    "国平",
    "文华",
    "晓东",
    "春梅",
)
SKILLS = ("水电维修", "医疗护理", "法律", "心理咨询", "书法", "舞蹈", "电脑", "烹饪", "")


def _under(field: str, paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


class _Names:
    """Pinyin of a name, worked out once per name (the demo repeats names often)."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str) -> tuple[str, str]:
        found = self.cache.get(name)
        if found is None:
            found = self.cache[name] = pinyin_of(name)
        return found


def seed_service(area_root_paths: list[str], *, today: datetime.date, seed: int = 0) -> dict[str, int]:
    counts: Counter[str] = Counter()
    communities = list(
        Area.objects.filter(_under("path", area_root_paths), level__in=COMMUNITY_LEVELS)
        .exclude(volunteer_teams__isnull=False)
        .exclude(pk__in=VolunteerTeam.objects.filter(area__level="grid").values("area__parent_id"))
        .order_by("path")
        .values_list("pk", "path", "name")
    )
    categories = _categories()
    names = _Names()
    for pk, path, name in communities:
        rng = random.Random(f"{seed}:service:{pk}")
        _community(counts, rng, names, categories, pk, path, name, today)
    return dict(counts)


def _categories() -> dict[str, int]:

    return dict(CaseCategory.objects.values_list("code", "pk"))


def _community(
    counts: Counter[str],
    rng: random.Random,
    names: _Names,
    categories: dict[str, int],
    community_id: int,
    path: str,
    community_name: str,
    today: datetime.date,
) -> None:

    households = Household.objects.filter(area__path__startswith=path).count()
    wanted = max(MIN_VOLUNTEERS, households // HOUSEHOLDS_PER_VOLUNTEER)
    registered_from = today - datetime.timedelta(days=3 * 365)

    def registered_on() -> datetime.date:
        return registered_from + datetime.timedelta(days=rng.randrange(3 * 365 - 30))

    volunteers: list[Volunteer] = []
    used_residents: set[int] = set()
    # Party members of the community's organizations (or living in it) volunteer first.
    members = list(
        PartyMember.objects.current()
        .filter(Q(org__area__path__startswith=path) | Q(resident__household__area__path__startswith=path))
        .order_by("id")
        .values_list("pk", "name", "name_pinyin", "name_initials", "resident_id", "user_id")
        .distinct()[: wanted // 3]
    )
    for i, (pk, name, pinyin, initials, resident_id, user_id) in enumerate(members):
        if i and rng.random() > MEMBER_SHARE:
            continue
        if resident_id in used_residents:
            resident_id = None
        if resident_id is not None:
            used_residents.add(resident_id)
        volunteers.append(
            Volunteer(
                area_id=community_id,
                member_id=pk,
                resident_id=resident_id,
                user_id=user_id,
                name=name,
                name_pinyin=pinyin,
                name_initials=initials,
                registered_on=registered_on(),
                skills=rng.choice(SKILLS),
            )
        )
    resident_rows = list(
        Resident.objects.filter(household__area__path__startswith=path)
        .order_by("id")
        .values_list("pk", "name", "name_pinyin", "name_initials", "phone_enc", "phone_hash", "phone_masked")[
            : wanted * 3
        ]
    )
    rng.shuffle(resident_rows)
    from_residents = int(wanted * RESIDENT_SHARE)
    for pk, name, pinyin, initials, enc, phone_hash, masked in resident_rows:
        if len(volunteers) >= from_residents + len(members):
            break
        if pk in used_residents:
            continue
        used_residents.add(pk)
        volunteers.append(
            Volunteer(
                area_id=community_id,
                resident_id=pk,
                name=name,
                name_pinyin=pinyin,
                name_initials=initials,
                phone_enc=enc,
                phone_hash=phone_hash,
                phone_masked=masked,
                registered_on=registered_on(),
                skills=rng.choice(SKILLS),
            )
        )
    phones: set[str] = set()
    while len(volunteers) < wanted:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        phone = f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"
        if phone in phones:
            continue
        phones.add(phone)
        protected = protect_phone(phone)
        pinyin, initials = names(name)
        volunteers.append(
            Volunteer(
                area_id=community_id,
                name=name,
                name_pinyin=pinyin,
                name_initials=initials,
                phone_enc=protected.encrypted,
                phone_hash=protected.hash,
                phone_masked=protected.masked,
                registered_on=registered_on(),
                skills=rng.choice(SKILLS),
            )
        )
    volunteers = Volunteer.objects.bulk_create(volunteers, batch_size=BATCH)
    counts["volunteers"] += len(volunteers)

    short = community_name.removesuffix("社区").removesuffix("村") or community_name
    specs = [(speciality, f"{short}{title}", services, None) for speciality, title, services in TEAMS]
    unit = ResidentUnit.objects.filter(area__path__startswith=path).order_by("id").values_list("pk", "name").first()
    if unit is not None:
        specs.append((UNIT_TEAM[0], f"{unit[1]}{UNIT_TEAM[1]}", UNIT_TEAM[2], unit[0]))
    teams = VolunteerTeam.objects.bulk_create(
        [
            VolunteerTeam(
                area_id=community_id,
                unit_id=unit_id,
                name=name[:100],
                speciality=speciality,
                description=f"{name}：" + "、".join(s[0] for s in services),
                founded_on=registered_from - datetime.timedelta(days=rng.randrange(30, 2000)),
            )
            for speciality, name, services, unit_id in specs
        ]
    )
    counts["teams"] += len(teams)

    # Each volunteer serves in one to three teams.
    team_members: dict[int, list[Volunteer]] = {t.pk: [] for t in teams}
    memberships: list[TeamMembership] = []
    for volunteer in volunteers:
        k = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
        for team in rng.sample(teams, min(k, len(teams))):
            team_members[team.pk].append(volunteer)
            memberships.append(
                TeamMembership(team=team, volunteer=volunteer, joined_on=max(volunteer.registered_on, registered_from))
            )
    # No team is left without members (and so without a leader), whatever the draw.
    for team in teams:
        if not team_members[team.pk]:
            volunteer = rng.choice(volunteers)
            team_members[team.pk].append(volunteer)
            memberships.append(
                TeamMembership(team=team, volunteer=volunteer, joined_on=max(volunteer.registered_on, registered_from))
            )
    TeamMembership.objects.bulk_create(memberships, batch_size=BATCH)
    counts["memberships"] += len(memberships)
    for team in teams:
        if team_members[team.pk]:
            # A member with an account leads when there is one (they confirm hours themselves).
            with_account = [v for v in team_members[team.pk] if v.user_id]
            team.leader = with_account[0] if with_account else team_members[team.pk][0]
    VolunteerTeam.objects.bulk_update(teams, ["leader"])

    offerings = []
    for team, (_speciality, _name, services, _unit) in zip(teams, specs, strict=True):
        for service_name, description, code in rng.sample(services, min(len(services), rng.randint(2, 4))):
            offerings.append(
                ServiceOffering(
                    team=team, name=service_name, description=description, case_category_id=categories.get(code)
                )
            )
    ServiceOffering.objects.bulk_create(offerings)
    counts["offerings"] += len(offerings)

    counts["hours"] += _hours(rng, teams, team_members, community_id, today)


def _hours(
    rng: random.Random,
    teams: list[VolunteerTeam],
    team_members: dict[int, list[Volunteer]],
    community_id: int,
    today: datetime.date,
) -> int:
    """A year of service days: each team turns out two or three times a month."""
    now = timezone.now()
    start = today - datetime.timedelta(days=365)
    rows: list[ServiceHours] = []
    for team in teams:
        members = team_members[team.pk]
        if not members:
            continue
        work = WORK.get(team.speciality, ("志愿服务",))
        day = start + datetime.timedelta(days=rng.randrange(7))
        while day < today:
            crew = rng.sample(members, min(len(members), rng.randint(2, 6)))
            hours = Decimal(rng.choice(("1", "1.5", "2", "2.5", "3", "4")))
            description = rng.choice(work)
            people = rng.randint(0, 30)
            recent = (today - day).days <= PENDING_DAYS
            for volunteer in crew:
                if volunteer.registered_on > day:
                    continue
                confirmed = not (recent and rng.random() < 0.6)
                rows.append(
                    ServiceHours(
                        volunteer=volunteer,
                        team=team,
                        area_id=community_id,
                        served_on=day,
                        hours=hours,
                        people_served=people // len(crew),
                        description=description,
                        source=HoursSource.MANUAL,
                        confirmed_at=now if confirmed else None,
                    )
                )
            day += datetime.timedelta(days=rng.randint(8, 16))
    ServiceHours.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
