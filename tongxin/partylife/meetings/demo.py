"""Demo organizational life: two years of required meetings with attendance, some branches behind.

Call it once the organizations, members and accounts are written, e.g. from the demo runner:

    from tongxin.partylife.meetings.demo import seed_meetings
    seed_meetings(root_paths=[street.path], today=today, seed=seed)

About one organization in five is "behind": it holds only about half of what it owes, so the
compliance matrix and the list of branches behind have something to show. Rows go in with
bulk_create (no audit records: nobody recorded them). Organizations that already have
meetings are left alone, so a second call adds nothing.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Q

from tongxin.partylife.meetings.compliance import periods
from tongxin.partylife.meetings.models import Attendance, Meeting, MeetingKind, MeetingRequirement
from tongxin.partylife.meetings.queries import MEMBERSHIP_UNITS, is_voting
from tongxin.partylife.meetings.requirements import active_requirements
from tongxin.platform.calendar import SHANGHAI
from tongxin.registry.party.models import Organization, OrgKind, PartyMember

BATCH = 2000
BEHIND_SHARE = 0.2
PLACES = ("党群服务中心会议室", "社区党员活动室", "红色驿站", "新时代文明实践站", "小区议事亭")
LECTURES = (
    "学习党章，做合格党员",
    "传承红色基因，践行初心使命",
    "基层治理中的党员先锋作用",
    "“格事格了”与网格党建",
    "新时代枫桥经验学习",
    "党史专题：从井冈山到延安",
    "全心全意为人民服务",
    "党员如何带头做好志愿服务",
)
TOPICS = {
    MeetingKind.GENERAL: ("传达学习上级会议精神", "讨论发展对象", "预备党员转正表决", "部署本季度党建工作"),
    MeetingKind.COMMITTEE: ("研究本月工作安排", "讨论困难党员帮扶", "研究网格事件督办情况", "商议主题党日活动"),
    MeetingKind.GROUP: ("学习交流", "走访楼栋居民情况汇总", "收集群众诉求", "分配志愿服务岗位"),
    MeetingKind.THEME_DAY: ("重温入党誓词", "楼道清理志愿服务", "走访慰问困难党员", "政策宣讲进小区", "防汛隐患排查"),
    MeetingKind.ORG_LIFE: ("开展批评与自我批评", "对照检查，查摆问题"),
    MeetingKind.REVIEW: ("民主评议党员，个人自评、党员互评",),
    MeetingKind.LECTURE: ("专题党课",),
}
EXCUSES = ("出差", "生病住院", "照顾家人", "外出务工", "单位值班")
NOTES = ("认真学习，深受启发。", "要在网格服务中发挥党员作用。", "重温誓词，初心更坚定。")


def _day_in(rng: random.Random, start: datetime.date, end: datetime.date, kind: str) -> datetime.date:
    if kind == MeetingKind.THEME_DAY:
        # Seed 000: theme days on a Friday afternoon; any Friday of the period.
        fridays = [
            start + datetime.timedelta(days=d)
            for d in range((end - start).days + 1)
            if (start + datetime.timedelta(days=d)).weekday() == 4
        ]
        if fridays:
            return rng.choice(fridays)
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def _rosters(orgs: list[Organization], members: list[PartyMember]) -> dict[int, list[PartyMember]]:
    """Each organization's roster, worked out in memory (the same rule as queries.roster)."""
    by_path = {o.path: o for o in orgs}
    rosters: dict[int, list[PartyMember]] = defaultdict(list)
    for m in members:
        path = m.org.path
        ancestors = [path[:i] for i in range(9, len(path) + 1, 9)]
        # Every ancestor up to and including the nearest membership unit has them on its roster.
        for prefix in reversed(ancestors):
            org = by_path.get(prefix)
            if org is None:
                continue
            rosters[org.pk].append(m)
            if org.kind in MEMBERSHIP_UNITS:
                break
    return rosters


def seed_meetings(
    *,
    root_paths: Sequence[str],
    today: datetime.date,
    seed: int = 0,
    attendance: bool = True,
    behind_share: float = BEHIND_SHARE,
    batch: int = BATCH,
) -> dict[str, int]:
    """Meetings owed from 1 January last year up to yesterday under the given subtrees."""
    rng = random.Random(seed)
    requirements: dict[str, list[MeetingRequirement]] = defaultdict(list)
    for req in active_requirements():
        requirements[req.org_kind].append(req)
    under = Q(pk__in=[])
    for path in root_paths:
        under |= Q(path__startswith=path)
    orgs = list(Organization.objects.filter(under).order_by("path"))
    seeded = set(Meeting.objects.filter(org__in=orgs).values_list("org_id", flat=True).distinct())
    members = list(PartyMember.objects.filter(org__in=orgs).select_related("org").order_by("name_pinyin", "id"))
    rosters = _rosters(orgs, members)
    first_year = today.year - 1
    created = {"meetings": 0, "attendance": 0}
    pending: list[tuple[Meeting, list[PartyMember]]] = []

    def flush() -> None:
        Meeting.objects.bulk_create([m for m, _ in pending], batch_size=batch)
        rows = []
        for meeting, roster in pending:
            if attendance and meeting.starts_at.date() < today:
                rows += _attendance(rng, meeting, roster)
        Attendance.objects.bulk_create(rows, batch_size=batch)
        created["meetings"] += len(pending)
        created["attendance"] += len(rows)
        pending.clear()

    for org in orgs:
        if org.pk in seeded or org.kind == OrgKind.MEMBER_HOUSEHOLD:
            continue
        roster = rosters.get(org.pk, [])
        diligence = 0.55 if rng.random() < behind_share else 0.997
        for req in requirements.get(org.kind, []):
            if len(roster) < req.min_members:
                continue
            for year in (first_year, today.year):
                for start, end, _months in periods(year, req.period):
                    # The period under way is left open more often, so some cells read "due".
                    chance = diligence if end < today else diligence / 2
                    if start >= today or rng.random() > chance:
                        continue
                    day = _day_in(rng, start, min(end, today - datetime.timedelta(days=1)), req.meeting_kind)
                    pending.append((_meeting(rng, org, req.meeting_kind, day, roster), roster))
        if len(pending) >= batch:
            flush()
    flush()
    return created


def _meeting(
    rng: random.Random, org: Organization, kind: str, day: datetime.date, roster: list[PartyMember]
) -> Meeting:
    hour, minute = (14, 30) if kind == MeetingKind.THEME_DAY else rng.choice([(9, 0), (14, 30), (19, 0)])
    host = org.secretary_name or (roster[0].name if roster else "")
    lecture = kind == MeetingKind.LECTURE
    return Meeting(
        org=org,
        kind=kind,
        starts_at=datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI),
        place=rng.choice(PLACES),
        host=host,
        recorder=rng.choice(roster).name if roster else "",
        title=rng.choice(LECTURES) if lecture else "",
        lecturer=(host or "支部书记") if lecture else "",
        topics=rng.choice(TOPICS[MeetingKind(kind)]),
        minutes=f"{day.month}月{day.day}日会议，{rng.choice(TOPICS[MeetingKind(kind)])}。与会党员逐一发言，形成一致意见。",
        takes_vote=kind == MeetingKind.GENERAL and rng.random() < 0.3,
    )


def _attendance(rng: random.Random, meeting: Meeting, roster: list[PartyMember]) -> list[Attendance]:
    # Only the committee (the first few names) sits in a committee meeting.
    people = roster[: min(len(roster), 5)] if meeting.kind == MeetingKind.COMMITTEE else roster
    rows = []
    for m in people:
        r = rng.random()
        status = Attendance.Status.PRESENT if r < 0.86 else Attendance.Status.EXCUSED if r < 0.96 else "absent"
        rating = ""
        if meeting.kind == MeetingKind.REVIEW:
            x = rng.random()
            rating = "excellent" if x < 0.25 else "qualified" if x < 0.97 else "basic"
        read = m.user_id is not None and rng.random() < 0.7
        note = rng.choice(NOTES) if read and rng.random() < 0.5 else ""
        rows.append(
            Attendance(
                meeting=meeting,
                member=m,
                member_name=m.name,
                voting=is_voting(m),
                status=status,
                reason=rng.choice(EXCUSES) if status == Attendance.Status.EXCUSED else "",
                rating=rating,
                read_at=meeting.starts_at + datetime.timedelta(days=2) if read else None,
                study_note=note,
                study_note_at=meeting.starts_at + datetime.timedelta(days=2) if note else None,
            )
        )
    return rows
