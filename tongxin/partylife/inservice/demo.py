"""Demo reporting in (双报到) and help for needy members (困难党员).

Call it once the areas, organizations, members and posts are written, e.g. from the demo runner:

    from tongxin.partylife.inservice.demo import seed_inservice
    seed_inservice(org_roots, area_roots, today=today, seed=seed)

Most in-service members (在职党员) under `root_paths` report in to a community under
`area_root_paths` (the community their branch is built in, else one at random), claiming one of
the community's posts or a post in words; a few reported in somewhere else before. Most log
service over the year, some were confirmed last year only and some never served: the list of
those who did nothing this year is never empty. Needy members get visits at the Spring Festival
and on 1 July, money or goods, now and then a post found for them. Rows go in with bulk_create
(no audit records: nobody recorded them). Members who already reported in, or already have help
recorded, are left alone, so a second call adds nothing. Returns the number of rows written.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from tongxin.partylife.inservice.models import HelpKind, NeedyHelp, PostType, ReportIn, ServiceLog
from tongxin.partylife.points.models import Post
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.registry.party.models import MemberKind, PartyMember

BATCH = 2000
REPORT_SHARE = 0.85  # of in-service members, who reported in
IDLE_SHARE = 0.2  # of those reported in, who gave no service this year
PENDING_SHARE = 0.1  # of service entries, those still waiting for staff to confirm
POSTS_IN_WORDS = (
    (PostType.POLICY, "政策宣传员"),
    (PostType.ENVIRONMENT, "楼道环境整治"),
    (PostType.MEDIATION, "邻里纠纷调解员"),
    (PostType.CARE, "结对关爱独居老人"),
    (PostType.CIVILITY, "文明创建志愿者"),
    (PostType.PATROL, "周末平安巡逻"),
)
SERVICE = {
    PostType.POLICY: ("入户宣传医保政策", "张贴宣传海报", "社区政策宣讲"),
    PostType.ENVIRONMENT: ("清理楼道堆物", "小区卫生大扫除", "垃圾分类督导"),
    PostType.MEDIATION: ("调解邻里噪音纠纷", "协助物业化解矛盾", "参加矛盾排查"),
    PostType.CARE: ("探望独居老人", "为老人代购药品", "陪同老人就医"),
    PostType.CIVILITY: ("文明城市创建志愿服务", "文明交通劝导", "社区读书会志愿者"),
    PostType.PATROL: ("夜间治安巡逻", "节假日安全巡查", "消防隐患排查"),
}
SKILLS = ("法律咨询", "医疗保健", "心理疏导", "水电维修", "书法", "电脑维修", "")
VISITS = ("春节走访慰问", "七一走访慰问", "生日探望", "住院探望", "重阳节慰问")
MATERIAL = ("慰问金", "米面油", "冬季取暖补助", "助学金", "医疗救助金")
POSTS_FOUND = ("小区保洁岗", "社区公益岗", "停车管理员", "图书室管理员")
GIVERS = ("社区党委", "街道党工委", "结对党员", "驻区单位党组织")


def _under(field: str, paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def _prefix_of(path: str, prefixes: dict[str, int], depths: list[int]) -> int | None:
    for depth in depths:
        found = prefixes.get(path[:depth])
        if found is not None:
            return found
    return None


def seed_inservice(
    root_paths: Sequence[str],
    area_root_paths: Sequence[str],
    *,
    today: datetime.date,
    seed: int = 0,
    batch: int = BATCH,
) -> int:
    return _reports_in(seed, root_paths, area_root_paths, today, batch) + _needy_help(seed, root_paths, today, batch)


def _member_rng(seed: int, part: str, member_id: int) -> random.Random:
    """Each member's own draw: a member left out (not reported in, no help) stays out on a rerun."""
    return random.Random(f"{seed}:{part}:{member_id}")


def _reports_in(
    seed: int, root_paths: Sequence[str], area_root_paths: Sequence[str], today: datetime.date, batch: int
) -> int:
    communities = dict(
        Area.objects.filter(_under("path", area_root_paths), level__in=COMMUNITY_LEVELS).values_list("path", "pk")
    )
    if not communities:
        return 0
    depths = sorted({len(p) for p in communities}, reverse=True)
    community_ids = sorted(communities.values())
    members = list(
        PartyMember.objects.filter(_under("org__path", root_paths), kind=MemberKind.IN_SERVICE)
        .exclude(reports_in__isnull=False)
        .order_by("id")
        .values_list("pk", "org__area__path", "employer", "employer_org")
    )
    if not members:
        return 0
    # The community's posts (set up by its organizations or over its places), to be claimed.
    posts: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, title, org_area, area in (
        Post.objects.filter(_under("org__area__path", communities) | _under("area__path", communities))
        .order_by("id")
        .values_list("pk", "title", "org__area__path", "area__path")
    ):
        community = _prefix_of(area or org_area or "", communities, depths)
        if community is not None:
            posts[community].append((pk, title))

    first_of_year = datetime.date(today.year, 1, 1)
    start = datetime.date(today.year - 2, 1, 1)
    now = timezone.now()
    reports: list[ReportIn] = []
    plans: list[tuple[ReportIn, str, bool, random.Random]] = []  # report, type of post, serves this year
    for pk, area_path, employer, employer_org in members:
        rng = _member_rng(seed, "report", pk)
        if rng.random() > REPORT_SHARE:
            continue
        community = _prefix_of(area_path or "", communities, depths) or rng.choice(community_ids)
        reported_on = start + datetime.timedelta(days=rng.randrange(max((today - start).days - 20, 1)))
        if rng.random() < 0.06 and reported_on > start + datetime.timedelta(days=120):
            # Reported in elsewhere before moving house.
            before = start + datetime.timedelta(days=rng.randrange(60))
            reports.append(
                ReportIn(
                    member_id=pk,
                    community_id=rng.choice(community_ids),
                    reported_on=before,
                    employer=employer,
                    employer_org=employer_org,
                    post_type=PostType.PATROL,
                    post="周末平安巡逻",
                    active=False,
                    ended_on=reported_on - datetime.timedelta(days=1),
                    end_reason="搬家",
                    confirmed_at=now,
                )
            )
        post_type, words = rng.choice(POSTS_IN_WORDS)
        claimed = None
        if posts.get(community) and rng.random() < 0.4:
            claimed, words = rng.choice(posts[community])
        report = ReportIn(
            member_id=pk,
            community_id=community,
            reported_on=reported_on,
            employer=employer,
            employer_org=employer_org,
            post_type=post_type,
            claimed_post_id=claimed,
            post=words,
            skills=rng.choice(SKILLS),
            # Entered by the office: confirmed at once.
            confirmed_at=now,
        )
        reports.append(report)
        plans.append((report, post_type, rng.random() > IDLE_SHARE, rng))
    ReportIn.objects.bulk_create(reports, batch_size=batch)

    logs: list[ServiceLog] = []
    for report, post_type, serves, rng in plans:
        # Last year's service for everyone who had reported in by then; this year's for most.
        spans = [(max(report.reported_on, datetime.date(today.year - 1, 1, 1)), first_of_year - datetime.timedelta(1))]
        if serves:
            spans.append((max(report.reported_on, first_of_year), today - datetime.timedelta(days=1)))
        for first, last in spans:
            days = (last - first).days
            if days < 0:
                continue
            for _ in range(rng.randint(1, max(1, min(8, days // 30 + 1)))):
                pending = rng.random() < PENDING_SHARE
                logs.append(
                    ServiceLog(
                        member_id=report.member_id,
                        report_in_id=report.pk,
                        served_on=first + datetime.timedelta(days=rng.randrange(days + 1)),
                        hours=Decimal(rng.choice((1, 2, 2, 3, 4, 6))) / (2 if rng.random() < 0.2 else 1),
                        description=rng.choice(SERVICE[post_type]),
                        confirmed_at=None if pending else now,
                    )
                )
    ServiceLog.objects.bulk_create(logs, batch_size=batch)
    return len(reports) + len(logs)


def _needy_help(seed: int, root_paths: Sequence[str], today: datetime.date, batch: int) -> int:
    needy = list(
        PartyMember.objects.filter(_under("org__path", root_paths), is_needy=True)
        .exclude(needy_help__isnull=False)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    rows: list[NeedyHelp] = []

    def add(member_id: int, on: datetime.date, kind: str, amount: Decimal | None, text: str) -> None:
        if on < today:
            rows.append(
                NeedyHelp(
                    member_id=member_id,
                    given_on=on,
                    kind=kind,
                    amount=amount,
                    description=text,
                    given_by=rng.choice(GIVERS),
                )
            )

    for pk in needy:
        rng = _member_rng(seed, "needy", pk)
        for year in (today.year - 1, today.year):
            spring = datetime.date(year, 1, 15) + datetime.timedelta(days=rng.randrange(25))
            if rng.random() < 0.9:
                add(pk, spring, HelpKind.VISIT, None, VISITS[0])
                add(pk, spring, HelpKind.MATERIAL, Decimal(rng.choice((200, 300, 500, 800))), rng.choice(MATERIAL))
            if rng.random() < 0.7:
                add(
                    pk,
                    datetime.date(year, 6, 25) + datetime.timedelta(days=rng.randrange(10)),
                    HelpKind.VISIT,
                    None,
                    VISITS[1],
                )
            if rng.random() < 0.3:
                on = datetime.date(year, 3, 1) + datetime.timedelta(days=rng.randrange(270))
                add(
                    pk, on, HelpKind.MATERIAL, Decimal(rng.randrange(100, 2000)) + Decimal("0.50"), rng.choice(MATERIAL)
                )
            if rng.random() < 0.05:
                on = datetime.date(year, 4, 1) + datetime.timedelta(days=rng.randrange(180))
                add(pk, on, HelpKind.POST, None, rng.choice(POSTS_FOUND))
    NeedyHelp.objects.bulk_create(rows, batch_size=batch)
    return len(rows)
