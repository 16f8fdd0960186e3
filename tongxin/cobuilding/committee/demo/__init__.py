"""Demo committee (co-building): written through the services as an office would have.

In the first subdistrict (full detail; the others are left to their offices):
- the estate community (seed 003) gets its 共建联系委员会 as a joint committee with its 13 member
  branches — the units' Party organizations — and their ~590 members as PartyMember rows (the
  units carried only a count; bulk-created, names from a small generator), so the committee page
  counts the people with a dual identity and its members page reaches them;
- the large community (seed 000) gets its 大党委: full-time members and part-time members from
  several of its 25 units (one term ending within 60 days), past joint meetings held with minutes
  and decisions (one became a project), and a meeting next month taking proposals: on schedule;
- one other community's committee has not met for two quarters: behind schedule.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tongxin.cobuilding.committee import services
from tongxin.cobuilding.committee.models import AgendaItem, JointCommittee, JointMeeting, MemberBranch, Seat
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.platform.core.people import pinyin_of
from tongxin.platform.core.personal import protect_phone
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.cobuild.models import ResidentUnit
from tongxin.registry.cobuild.queries import units_answered_by
from tongxin.registry.party.models import MemberKind, Organization, OrgKind, PartyMember

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉斌宇浩凯鹏飞欣怡晨阳雪梅婷琳"


def _under(field: str, paths: Sequence[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _phone(rng: random.Random) -> str:
    return f"{rng.choice(('135', '136', '138', '139', '158', '186'))}{rng.randrange(10**8):08d}"


def _actor(community: Area) -> User:
    held = RoleAssignment.objects.filter(role=Role.COMMUNITY, node_id=community.pk).select_related("user").first()
    if held is not None:
        return held.user
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    return (
        admin or User.objects.get_or_create(username="system", defaults={"is_superuser": True, "is_active": False})[0]
    )


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def seed_committee(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's committee; returns counts of what was written."""
    roots = _under("path", area_roots)
    if not area_roots or JointCommittee.objects.filter(_under("community__path", area_roots)).exists():
        return {}
    first = Area.objects.filter(roots, level=Level.SUBDISTRICT).order_by("path").first()
    if first is None:
        return {}
    liaisons = Organization.objects.filter(
        kind=OrgKind.JOINT_COMMITTEE, area__path__startswith=first.path, name__endswith="共建联系委员会"
    ).select_related("area")
    joints = Organization.objects.filter(
        kind=OrgKind.JOINT_COMMITTEE, area__path__startswith=first.path, name__endswith="区域化党建联合党委"
    ).select_related("area")
    rng = random.Random(f"{seed}:committee")
    with transaction.atomic():
        estate = liaisons.order_by("path").first()
        if estate is not None and estate.area is not None:
            _estate(estate, today, rng)
        large = joints.order_by("path").first()
        if large is not None and large.area is not None:
            _large(large, today, rng)
        taken = set(JointCommittee.objects.values_list("community_id", flat=True))
        other = (
            Area.objects.filter(path__startswith=first.path, level=Level.COMMUNITY)
            .exclude(pk__in=taken)
            .order_by("path")
            .first()
        )
        if other is not None:
            _behind(other, today, rng)
    under = _under("committee__community__path", area_roots)
    return {
        "committees": JointCommittee.objects.filter(_under("community__path", area_roots)).count(),
        "seats": Seat.objects.filter(under).count(),
        "branches": MemberBranch.objects.filter(under).count(),
        "meetings": JointMeeting.objects.filter(under).count(),
        "items": AgendaItem.objects.filter(_under("meeting__committee__community__path", area_roots)).count(),
    }


def _estate(org: Organization, today: datetime.date, rng: random.Random) -> None:
    community = org.area
    assert community is not None
    actor = _actor(community)
    c = services.committee_create(
        actor=actor, community=community, name=org.name, kind=JointCommittee.Kind.LIAISON, org=org,
        term_starts_on=today.replace(year=today.year - 2, month=1, day=1),
        term_ends_on=today.replace(year=today.year + 3, month=1, day=1), meeting_frequency="half_yearly",
    )  # fmt: skip
    units = list(ResidentUnit.objects.filter(org__path__startswith=org.path).select_related("org").order_by("name"))
    members: list[PartyMember] = []
    for unit in units:
        assert unit.org is not None
        services.branch_add(actor=actor, committee=c, org=unit.org, joined_on=c.term_starts_on)
        for _n in range(unit.member_count):
            m = PartyMember(org=unit.org, kind=MemberKind.IN_SERVICE, employer=unit.name, employer_org=unit.org.name)
            m.name = _name(rng)
            m.name_pinyin, m.name_initials = pinyin_of(m.name)
            if rng.random() < 0.8:
                m.set_phone(protect_phone(_phone(rng)))
            members.append(m)
    # Members who existed before the platform: a bulk load, not a use case.
    PartyMember.objects.bulk_create(members, batch_size=500)
    _seat(actor, c, "secretary", True, None, "", rng)
    for unit in units[:4]:
        _seat(actor, c, "member", False, unit, "党组织书记", rng)
    held_day = today - datetime.timedelta(days=100)
    _held_meeting(actor, c, held_day, [("驻区单位党员进小区服务", "各单位每月组织一次党员志愿服务")], rng)


def _seat(
    actor: Any, c: JointCommittee, post: str, full_time: bool, unit: ResidentUnit | None, title: str,
    rng: random.Random, ends_on: datetime.date | None = None,
) -> Seat:  # fmt: skip
    return services.seat_add(
        actor=actor, committee=c, name=_name(rng), post=post, full_time=full_time, unit=unit, unit_title=title,
        phone=_phone(rng), starts_on=c.term_starts_on, ends_on=ends_on or c.term_ends_on,
    )  # fmt: skip


def _held_meeting(
    actor: Any, c: JointCommittee, day: datetime.date, items: list[tuple[str, str]], rng: random.Random
) -> tuple[JointMeeting, list[AgendaItem]]:
    quarter = (day.month - 1) // 3 + 1
    m = services.meeting_plan(
        actor=actor, committee=c, title=f"{day.year}年第{quarter}季度联席会", starts_at=_at(day),
        place="社区党群服务中心会议室",
    )  # fmt: skip
    made = []
    for title, _decision in items:
        item = services.agenda_propose(
            actor=actor, meeting=m, title=title, today=day - datetime.timedelta(days=c.agenda_days + 5)
        )
        services.agenda_review(actor=actor, item=item, accept=True)
        made.append(item)
    rows = list(m.attendance.all())
    present = [a.pk for a in rows if rng.random() < 0.85]
    services.attendance_record(actor=actor, meeting=m, present_ids=present, guests=["街道党工委联络员"])
    seats = list(c.seats.order_by("id")[:2])
    services.meeting_record(
        actor=actor, meeting=m, chair=seats[0].name if seats else "", clerk=seats[-1].name if seats else "",
        summary="会议通报了上季度共建项目进展，听取了各成员单位意见，研究了本季度共建事项。",
        items={i.pk: ("与会委员充分讨论，一致同意。", d) for i, (_t, d) in zip(made, items, strict=True)},
        now=_at(day, 11),
    )  # fmt: skip
    return m, made


def _large(org: Organization, today: datetime.date, rng: random.Random) -> None:
    community = org.area
    assert community is not None
    actor = _actor(community)
    c = services.committee_create(
        actor=actor, community=community, name=f"{community.name}大党委", kind=JointCommittee.Kind.BIG, org=org,
        term_starts_on=today.replace(year=today.year - 3, month=1, day=1),
        term_ends_on=today.replace(year=today.year + 2, month=1, day=1),
    )  # fmt: skip
    units = list(ResidentUnit.objects.filter(area=community).order_by("name"))
    _seat(actor, c, "secretary", True, None, "社区党总支书记", rng)
    _seat(actor, c, "deputy", True, None, "社区居委会主任", rng)
    _seat(actor, c, "member", True, None, "社区党总支委员", rng)
    titles = ["派出所副所长", "物业公司经理", "学校党支部书记", "医院党委副书记", "公司党支部书记", "单位党总支书记"]
    for n, unit in enumerate(units[:6]):
        # One part-time member's term ends within 60 days: the reminder before 换届.
        ends = today + datetime.timedelta(days=40) if n == 1 else None
        _seat(actor, c, "member", False, unit, titles[n], rng, ends_on=ends)
    plan = [
        (270, [("辖区老旧小区加装电梯协调", "成立协调小组，由物业公司牵头摸底")]),
        (180, [("青少年暑期托管", "学校开放操场与教室，社区组织志愿者"), ("治安联防", "派出所每月与社区联合巡逻两次")]),
        (75, [("困难老人助餐点", "医院食堂为辖区困难老人每周提供三次助餐"), ("停车秩序整治", "")]),
    ]  # fmt: skip
    last_items: list[AgendaItem] = []
    for days_ago, items in plan:
        _m, last_items = _held_meeting(actor, c, today - datetime.timedelta(days=days_ago), items, rng)
    decided = AgendaItem.objects.filter(pk__in=[i.pk for i in last_items], status=AgendaItem.Status.DECIDED).first()
    if decided is not None and units:
        services.item_make_project(actor=actor, item=decided, unit=units[min(3, len(units) - 1)], category="elderly")
    day = today + datetime.timedelta(days=35)
    upcoming = services.meeting_plan(
        actor=actor, committee=c, title=f"{day.year}年第{(day.month - 1) // 3 + 1}季度联席会",
        starts_at=_at(day, 14), place="社区党群服务中心会议室",
    )  # fmt: skip
    services.agenda_propose(actor=actor, meeting=upcoming, title="年度共建项目清单征集", today=today)
    # The demo's unit contact proposes from their portal when their unit is here.
    contact = User.objects.filter(roles__role=Role.UNIT_CONTACT, username="unit").first()
    own = units_answered_by(contact).filter(area__path__startswith=community.path).first() if contact else None
    if contact is not None and own is not None:
        proposed = services.agenda_propose(
            actor=contact, meeting=upcoming, title="单位门前道路夜间照明不足", unit=own, today=today,
            description="建议协调路灯管理部门加装路灯",
        )  # fmt: skip
        services.agenda_review(actor=actor, item=proposed, accept=True)
    else:
        services.agenda_propose(actor=actor, meeting=upcoming, title="驻区单位停车位错时共享", today=today)


def _behind(community: Area, today: datetime.date, rng: random.Random) -> None:
    actor = _actor(community)
    c = services.committee_create(
        actor=actor, community=community, name=f"{community.name}区域化党建联席会", kind=JointCommittee.Kind.BIG,
        term_starts_on=today.replace(year=today.year - 2, month=1, day=1),
        term_ends_on=today.replace(year=today.year + 3, month=1, day=1),
    )  # fmt: skip
    _seat(actor, c, "secretary", True, None, "社区党委书记", rng)
    for unit in ResidentUnit.objects.filter(area__path__startswith=community.path).order_by("name")[:3]:
        _seat(actor, c, "member", False, unit, "党组织书记", rng)
    # Last met eight months ago: two quarters have passed without a joint meeting.
    _held_meeting(
        actor, c, today - datetime.timedelta(days=240), [("社区文化活动共办", "各单位轮流承办季度文化活动")], rng
    )
