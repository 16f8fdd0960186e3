"""Demo programmes for residents (课堂与活动班).

Call it after the areas and the service seed (volunteers become teachers), e.g.:

    from tongxin.volunteering.programmes.demo import seed_programmes
    seed_programmes(area_roots, today=today, seed=seed)

Per community or village under `area_root_paths`:

- an after-school class (四点半学校) in the term around `today` (spring 1 Mar – 30 Jun, autumn
  1 Sep – 20 Jan), every weekday 16:30–18:00, 30 seats, pupils aged 6–12;
- a summer care class (暑期托管班) in July–August of the latest summer begun, weekdays 8:30–11:30,
  4 teachers, 80 seats and 70–80 pupils (a few more waiting when it is full);
- a year of monthly lectures (社区大讲堂), one session a month, open to anyone;
- two interest courses for adults (calligraphy, tai chi…), weekly, a few people waiting.

Sessions before today are held: each teacher is credited the session's hours in the service
ledger (confirmed, source "programme"), and the enrolled are marked present about nine times in
ten. Teachers are the community's volunteers when the service seed wrote any; otherwise the
programmes have none and no hours are credited. Rows go in with bulk_create (no audit records:
nobody recorded them). A community that already has programmes is left alone, so a second call
adds nothing.

Thin at large scale: attendance rows are written for the first `ATTENDANCE_COMMUNITIES`
communities only (the demo subdistrict's five, in tree order); elsewhere sessions are held and
hours credited but nobody is ticked. At district scale (10 subdistricts, 50 communities) that
is about 250 programmes, 10,000 sessions, 9,000 enrolments, 14,000 hours rows and 29,000
attendance rows: about 40 s with attendance in ten communities on a busy two-core machine,
which is why it stops at five.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tongxin.platform.core.personal import protect_phone
from tongxin.registry.areas.models import COMMUNITY_LEVELS, Area
from tongxin.volunteering.programmes.models import (
    Attendance,
    Audience,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Programme,
    ProgrammeKind,
    Session,
)
from tongxin.volunteering.programmes.services import CODE_ALPHABET, CODE_LENGTH, participant_key
from tongxin.volunteering.service.models import HoursSource, ServiceHours, Volunteer

BATCH = 2000
ATTENDANCE_COMMUNITIES = 5
PRESENT_SHARE = 0.9
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
CHILD_NAMES = (
    "子轩", "梓涵", "一诺", "浩然", "欣怡", "宇轩", "雨桐", "俊熙", "可馨", "子墨", "思彤", "博文",
    "诗涵", "梓萱", "皓轩", "嘉怡", "明轩", "若曦", "天佑", "语嫣", "乐乐", "晨曦", "佳琪", "睿泽",
)  # fmt: skip
ADULT_NAMES = ("建国", "秀英", "桂兰", "玉兰", "志强", "丽华", "淑珍", "卫东", "凤英", "国庆", "美华", "德明")
LECTURE_TOPICS = (
    "冬季养生与慢病预防", "防范电信诈骗", "垃圾分类新规", "家庭急救常识", "老年人防跌倒",
    "党的二十大精神宣讲", "家庭教育与亲子沟通", "夏季防溺水安全", "消防安全知识", "民法典与百姓生活",
    "重阳敬老与孝道文化", "健康饮食与营养",
)  # fmt: skip
INTEREST = (
    ("书法班", "书法与硬笔字，自备纸笔"),
    ("太极拳", "二十四式太极拳，穿运动鞋"),
    ("合唱团", "社区合唱团排练"),
    ("智能手机课", "教老年人用手机挂号、缴费、视频通话"),
)
AFTER_SCHOOL_TOPICS = ("作业辅导", "阅读时间", "科学小实验", "手工", "书法", "安全教育", "红色故事")


def _under(field: str, paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def _term(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The school term around today, or the latest one before it."""
    y = today.year
    if today.month >= 9:
        return datetime.date(y, 9, 1), datetime.date(y + 1, 1, 20)
    if today.month >= 3:
        return datetime.date(y, 3, 1), datetime.date(y, 6, 30)
    if today <= datetime.date(y, 1, 20):
        return datetime.date(y - 1, 9, 1), datetime.date(y, 1, 20)
    return datetime.date(y, 3, 1), datetime.date(y, 6, 30)  # February: the spring term is coming


def _summer(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    y = today.year if today >= datetime.date(today.year, 7, 1) else today.year - 1
    return datetime.date(y, 7, 1), datetime.date(y, 8, 31)


def _days(rule: int, start: datetime.date, end: datetime.date, **kwargs: Any) -> list[datetime.date]:
    return [d.date() for d in rrule(rule, dtstart=start, until=end, **kwargs)]


class _People:
    """Participants of one community: names, phones, codes (the same ones on a rerun)."""

    def __init__(self, rng: random.Random, taken_codes: set[str]) -> None:
        self.rng = rng
        self.codes = taken_codes
        self.children: list[tuple[str, datetime.date, str, str]] = []

    def code(self) -> str:
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def phone(self) -> str:
        return f"1{self.rng.choice('3589')}{self.rng.randrange(10**9):09d}"

    def child(self, today: datetime.date) -> tuple[str, datetime.date, str, str]:
        """A pupil of 6–12 (on `today`), with a parent's name and phone; some siblings reused."""
        surname = self.rng.choice(SURNAMES)
        name = surname + self.rng.choice(CHILD_NAMES)
        born = today - datetime.timedelta(days=self.rng.randint(6 * 365 + 2, 12 * 365 - 2))
        guardian = surname + self.rng.choice(ADULT_NAMES)
        return name, born, guardian, self.phone()

    def adult(self) -> tuple[str, datetime.date | None, str, str]:
        return self.rng.choice(SURNAMES) + self.rng.choice(ADULT_NAMES), None, "", self.phone()


def seed_programmes(area_root_paths: Sequence[str], *, today: datetime.date, seed: int = 0) -> dict[str, int]:
    """Write the demo programmes; returns counts of what was written."""
    communities = list(
        Area.objects.filter(_under("path", area_root_paths), level__in=COMMUNITY_LEVELS)
        .exclude(programmes__isnull=False)
        .order_by("path")
        .values_list("pk", "path")
    )
    totals = {"programmes": 0, "sessions": 0, "enrolments": 0, "attendances": 0, "hours": 0}
    if not communities:
        return totals
    teachers: dict[int, list[int]] = {}
    for pk, area_id in (
        Volunteer.objects.filter(area_id__in=[c for c, _ in communities], is_active=True)
        .order_by("area_id", "id")
        .values_list("pk", "area_id")
    ):
        teachers.setdefault(area_id, []).append(pk)
    taken = set(Enrolment.objects.values_list("code", flat=True).iterator())
    now = timezone.now()
    for index, (community_id, _path) in enumerate(communities):
        with transaction.atomic():
            counts = _community(
                community_id,
                teachers.get(community_id, []),
                rng=random.Random(f"{seed}:programmes:{community_id}"),
                today=today,
                now=now,
                taken=taken,
                attendance=index < ATTENDANCE_COMMUNITIES,
            )
        for key, value in counts.items():
            totals[key] += value
    return totals


def _community(
    community_id: int,
    teacher_ids: list[int],
    *,
    rng: random.Random,
    today: datetime.date,
    now: datetime.datetime,
    taken: set[str],
    attendance: bool,
) -> dict[str, int]:
    people = _People(rng, taken)
    pick = lambda n: rng.sample(teacher_ids, min(n, len(teacher_ids)))  # noqa: E731
    term_start, term_end = _term(today)
    summer_start, summer_end = _summer(today)
    year_start, year_end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    course_start = today - datetime.timedelta(days=70)
    course_end = today + datetime.timedelta(days=56)
    courses = rng.sample(INTEREST, 2)
    # (programme, teachers, session days, from, until, session topics, rotate teachers, people, waiting)
    plans: list[tuple[Programme, list[int], list[datetime.date], str, str, Sequence[str], bool, list[Any], int]] = []
    after_school = Programme(
        area_id=community_id,
        kind=ProgrammeKind.AFTER_SCHOOL,
        title=f"四点半学校（{term_start.year}年{'秋季' if term_start.month == 9 else '春季'}）",
        description="放学后作业辅导、阅读和兴趣活动，家长18:00前接回。",
        place="社区党群服务中心二楼活动室",
        start_date=term_start,
        end_date=term_end,
        capacity=30,
        min_age=6,
        max_age=12,
        audience=Audience.CHILDREN,
        is_published=True,
    )
    pupils = [people.child(term_start) for _ in range(rng.randint(20, 30))]
    plans.append(
        (
            after_school,
            pick(2),
            _days(DAILY, term_start, term_end, byweekday=(0, 1, 2, 3, 4)),
            "16:30",
            "18:00",
            AFTER_SCHOOL_TOPICS,
            True,
            pupils,
            0,
        )
    )
    summer = Programme(
        area_id=community_id,
        kind=ProgrammeKind.SUMMER_CARE,
        title=f"{summer_start.year}年暑期托管班",
        description="暑假工作日上午托管：作业辅导、安全教育、文体活动。",
        place="社区党群服务中心一楼大厅",
        start_date=summer_start,
        end_date=summer_end,
        capacity=80,
        min_age=6,
        max_age=12,
        audience=Audience.CHILDREN,
        is_published=True,
    )
    n = rng.randint(70, 80)
    children = [people.child(summer_start) for _ in range(n + (rng.randint(2, 5) if n == 80 else 0))]
    plans.append(
        (
            summer,
            pick(4),
            _days(DAILY, summer_start, summer_end, byweekday=(0, 1, 2, 3, 4)),
            "08:30",
            "11:30",
            ("作业辅导", "安全教育", "文体活动", "手工"),
            False,
            children,
            max(len(children) - 80, 0),
        )
    )
    lectures = Programme(
        area_id=community_id,
        kind=ProgrammeKind.LECTURE,
        title=f"社区大讲堂（{today.year}年）",
        description="每月一讲，欢迎居民参加。",
        place="社区会议室",
        start_date=year_start,
        end_date=year_end,
        capacity=100,
        audience=Audience.ANYONE,
        is_published=True,
    )
    plans.append(
        (
            lectures,
            pick(3),
            _days(MONTHLY, datetime.date(today.year, 1, 15), year_end),
            "09:30",
            "11:00",
            LECTURE_TOPICS,
            True,
            [people.adult() for _ in range(rng.randint(30, 50))],
            0,
        )
    )
    for title, description in courses:
        course = Programme(
            area_id=community_id,
            kind=ProgrammeKind.INTEREST,
            title=title,
            description=description,
            place="社区活动室",
            start_date=course_start,
            end_date=course_end,
            capacity=20,
            min_age=18,
            audience=Audience.ADULTS,
            is_published=True,
        )
        waiting = rng.randint(0, 3)
        plans.append(
            (
                course,
                pick(1),
                _days(WEEKLY, course_start, course_end, byweekday=rng.choice((1, 3, 5))),
                "09:00",
                "10:30",
                (),
                False,
                [people.adult() for _ in range(20 + waiting)],
                waiting,
            )
        )

    programmes = [plan[0] for plan in plans]
    for programme, _t, _d, _f, _u, _topics, _r, persons, waiting in plans:
        programme.enrolled = len(persons) - waiting
        programme.waiting_seq = waiting
    Programme.objects.bulk_create(programmes)
    Programme.teachers.through.objects.bulk_create(
        [
            Programme.teachers.through(programme_id=plan[0].pk, volunteer_id=teacher)
            for plan in plans
            for teacher in plan[1]
        ]
    )
    sessions: list[Session] = []
    enrolments: list[Enrolment] = []
    for programme, chosen, days, start, end, topics, rotate, persons, waiting in plans:
        for i, day in enumerate(days):
            sessions.append(
                Session(
                    programme=programme,
                    date=day,
                    starts_at=datetime.time.fromisoformat(start),
                    ends_at=datetime.time.fromisoformat(end),
                    topic=topics[i % len(topics)] if topics else "",
                    teacher_id=chosen[i % len(chosen)] if rotate and chosen else None,
                    held_at=now if day < today else None,
                )
            )
        seats = len(persons) - waiting
        for i, (name, born, guardian, phone) in enumerate(persons):
            at = datetime.datetime.combine(
                programme.start_date - datetime.timedelta(days=rng.randint(3, 30)), datetime.time(9 + i % 9)
            )
            e = Enrolment(
                programme=programme,
                birth_date=born,
                guardian_name=guardian,
                status=EnrolmentStatus.ENROLLED if i < seats else EnrolmentStatus.WAITING,
                waiting_position=None if i < seats else i - seats + 1,
                enrolled_at=timezone.make_aware(at),
                source=EnrolmentSource.PUBLIC if rng.random() < 0.6 else EnrolmentSource.STAFF,
                code=people.code(),
                participant_key=participant_key(name, born, phone),
            )
            e.set_name(name)
            e.set_phone(protect_phone(phone))
            enrolments.append(e)
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)

    teachers_of = {plan[0].pk: plan[1] for plan in plans}
    hours: list[ServiceHours] = []
    for s in sessions:
        if s.held_at is None:
            continue
        credited = [s.teacher_id] if s.teacher_id else teachers_of[s.programme.pk]
        length = Decimal(
            (datetime.datetime.combine(s.date, s.ends_at) - datetime.datetime.combine(s.date, s.starts_at)).seconds
        ) / Decimal(3600)
        for volunteer_id in credited:
            hours.append(
                ServiceHours(
                    volunteer_id=volunteer_id,
                    area_id=community_id,
                    served_on=s.date,
                    hours=length.quantize(Decimal("0.01")),
                    description=f"{s.programme.title} · {s.topic}"[:200] if s.topic else s.programme.title,
                    source=HoursSource.PROGRAMME,
                    source_id=s.pk,
                    confirmed_at=now,
                )
            )
    ServiceHours.objects.bulk_create(hours, batch_size=BATCH)

    rows: list[Attendance] = []
    if attendance:
        enrolled: dict[int, list[int]] = {}
        for e in enrolments:
            if e.status == EnrolmentStatus.ENROLLED:
                enrolled.setdefault(e.programme.pk, []).append(e.pk)
        for s in sessions:
            if s.held_at is None:
                continue
            for enrolment_id in enrolled.get(s.programme.pk, []):
                here = rng.random() < PRESENT_SHARE
                rows.append(Attendance(session_id=s.pk, enrolment_id=enrolment_id, present=here))
        Attendance.objects.bulk_create(rows, batch_size=BATCH)
    return {
        "programmes": len(programmes),
        "sessions": len(sessions),
        "enrolments": len(enrolments),
        "attendances": len(rows),
        "hours": len(hours),
    }
