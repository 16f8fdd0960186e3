"""Helpers for the committee's tests: a committee with seats, a planned or held meeting."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from tongxin.cobuilding.committee import services
from tongxin.cobuilding.committee.models import JointCommittee, JointMeeting

PHONE = "13812345678"


def staff() -> Any:
    """A platform admin to act with in tests: the services check who acts."""
    from tongxin.platform.access.models import User

    return User.objects.get_or_create(username="t_committee_staff", defaults={"is_superuser": True})[0]


def committee(area: Any, *, seats: int = 2, unit: Any = None, **extra: Any) -> JointCommittee:
    values = {
        "name": f"{area.name}大党委",
        "kind": JointCommittee.Kind.BIG,
        "term_starts_on": datetime.date(2024, 1, 1),
        "term_ends_on": datetime.date(2029, 1, 1),
        **extra,
    }
    c = services.committee_create(actor=staff(), community=area, **values)
    for n in range(seats):
        services.seat_add(
            actor=staff(),
            committee=c,
            name=f"委员{n + 1}",
            post="secretary" if n == 0 else "member",
            full_time=n == 0,
            unit=unit if n == 1 else None,
            unit_title="院长" if n == 1 and unit else "",
            phone=PHONE if n == 0 else "",
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2029, 1, 1),
        )
    return c


def meeting(c: JointCommittee, *, days: int = 30, title: str = "第一季度联席会") -> JointMeeting:
    """A meeting `days` from now (negative: in the past)."""
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return services.meeting_plan(actor=staff(), committee=c, title=title, starts_at=starts, place="社区会议室")


def held(c: JointCommittee, *, decision: str = "由示范医院每月义诊一次") -> JointMeeting:
    """A meeting proposed into 30 days ahead, then held yesterday with one decided item."""
    m = meeting(c, days=30)
    item = services.agenda_propose(actor=staff(), meeting=m, title="老年人义诊", description="每月一次")
    services.agenda_review(actor=staff(), item=item, accept=True)
    JointMeeting.objects.filter(pk=m.pk).update(starts_at=timezone.now() - datetime.timedelta(days=1))
    m.refresh_from_db()
    services.attendance_record(
        actor=staff(), meeting=m, present_ids=[a.pk for a in m.attendance.all()[:1]], guests=["嘉宾甲"]
    )
    return services.meeting_record(
        actor=staff(),
        meeting=m,
        chair="委员1",
        clerk="记录员",
        summary="会议讨论了老年人义诊。",
        items={item.pk: ("大家同意", decision)},
    )
