"""Helpers for consultation tests: a council with members, a topic taken through its steps."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tongxin.council.consultation import services
from tongxin.council.consultation.models import (
    Council,
    CouncilKind,
    CouncilMeeting,
    Levy,
    Procedure,
    Topic,
    TopicSource,
    Vote,
)
from tongxin.platform.calendar import SHANGHAI


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_consultation_staff", defaults={"is_superuser": True})[0]


def at(day: datetime.date, hour: int = 19) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


def council(area: Any, code: str = "democratic", name: str = "", members: int = 5, **extra: Any) -> Council:
    kind = CouncilKind.objects.get(code=code)
    c = services.council_create(actor=staff(), area=area, kind=kind, name=name or f"{area.name}{kind.name_zh}", **extra)
    for n in range(members):
        services.member_add(council=c, actor=staff(), name=f"委员{n + 1}", term_start=datetime.date(2024, 1, 1))
    return c


def topic(area: Any, title: str = "菜市场非机动车停放", **extra: Any) -> Topic:
    values: dict[str, Any] = {
        "actor": None,
        "area": area,
        "title": title,
        "description": "早市时电动车堵住消防通道，请议一议怎么停。",
        "source": TopicSource.PUBLIC,
        "raiser_name": "张阿姨",
    }
    values.update(extra)
    return services.topic_raise(**values)


def meeting_with_vote(
    c: Council, t: Topic, day: datetime.date, *, present: int, yes: int, no: int = 0, abstain: int = 0
) -> tuple[CouncilMeeting, Vote]:
    """A meeting of `c` on `day` with `t` on the agenda, `present` members present, a show of hands."""
    m = services.meeting_create(
        council=c, actor=staff(), title=f"{c.name}{day:%-m}月例会", starts_at=at(day), topics=[t]
    )
    m = services.attendance_open(meeting=m, actor=staff())
    ids = list(m.attendance.order_by("pk").values_list("pk", flat=True))[:present]
    services.attendance_mark(meeting=m, actor=staff(), present=ids)
    item = m.items.get(topic=t)
    vote = services.vote_open(item=item, actor=staff(), method="hands", question=f"同意《{t.title}》方案")
    services.vote_count(vote=vote, actor=staff(), yes=yes, no=no, abstain=abstain)
    vote = services.vote_close(vote=vote, actor=staff(), at=at(day, 21))
    return m, vote


def levied(area: Any, *, vote: bool = True) -> tuple[Topic, Levy]:
    """A topic of the 一事一议 procedure with its levy planned (1,100 people × ¥15, 300 labourers
    × 2 days) and, when `vote`, voted: decided."""
    reps = council(area, "village_reps", members=6)
    t = topic(area, title="村道硬化")
    services.topic_accept(topic=t, actor=staff(), council=reps, procedure=Procedure.objects.get(code="one_matter"))
    services.topic_step_record(topic=t, actor=staff(), step_code="propose", decision="硬化村道 1.2 公里")
    day = timezone.localdate() - datetime.timedelta(days=30)
    levy = services.levy_plan(
        topic=t, actor=staff(), total_cost="280000", money_per_person="15", labour_days_per_person="2",
        people=1100, labourers=300, subsidy="200000", held_on=day,
    )  # fmt: skip
    if vote:
        meeting_with_vote(reps, t, day + datetime.timedelta(days=5), present=5, yes=5)
    t.refresh_from_db()
    return t, levy


def now_local() -> datetime.datetime:
    return timezone.localtime()
