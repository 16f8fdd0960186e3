"""Demo member development (发展党员): a pipeline in every branch, every stage, dates that keep the rules.

Call it once the organizations, members and meetings are written (after seed_meetings, which
leaves alone any organization that already has a meeting), e.g. from the demo runner:

    from tongxin.partylife.development.demo import seed_development
    seed_development([street.path], today=today, seed=seed)

Each branch (党支部, 党总支) gets applicants (one of them with the talk overdue), activists (one
ready to become a development target), a development target, probationary members (one with
probation over and confirmation due, sometimes one extended) and full members confirmed in the
last years, now and then one dropped. Contact persons and introducers are two full members of the
branch; admission and confirmation are voted at a general meeting of the branch on the day of the
step (an existing one that day is reused, otherwise one is written). Admitted candidates get their
register record (probationary or full). Rows go in with bulk_create, without audit records.
Branches that already have candidates are left alone, so a second call adds nothing. Returns the
numbers written.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q

from tongxin.partylife.development import rules
from tongxin.partylife.development.models import Candidate, Stage
from tongxin.partylife.development.services import DEVELOPING_KINDS
from tongxin.partylife.meetings.models import Meeting, MeetingKind
from tongxin.partylife.meetings.queries import MEMBERSHIP_UNITS
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.people import pinyin_of
from tongxin.registry.party.models import MemberKind, Organization, PartyMember

BATCH = 2000
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "婷晓梦宇浩然欣怡子涵雨萱思远嘉怡俊杰文博佳琪一鸣志强海燕丽娜建华国庆春梅秀英明辉雅静天佑诗涵泽宇晨阳若曦"
EXTENSION_REASONS = ("预备期内参加组织生活不经常，需要进一步教育考察", "群众反映有待改进的问题尚未整改到位")
DROP_REASONS = ("本人撤回入党申请", "工作调动，组织关系转往外地", "考察期间表现不符合要求，取消入党积极分子资格")
NOTES = ("", "", "", "大学生村官", "退役军人", "社区志愿服务队骨干", "两新组织员工")


def _days(rng: random.Random, lo: int, hi: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(lo, hi))


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def next(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given


def _rosters(branches: list[Organization], root_q: Q) -> dict[int, list[PartyMember]]:
    """The full members of each branch: its own and its groups', not a nested branch's."""
    units = Organization.objects.filter(root_q, kind__in=MEMBERSHIP_UNITS).values_list("pk", "path")
    unit_paths = {path: pk for pk, path in units}
    depths = sorted({len(p) for p in unit_paths}, reverse=True)
    wanted = {b.pk for b in branches}
    rosters: dict[int, list[PartyMember]] = defaultdict(list)
    member_q = Q(pk__in=[])
    for b in branches:
        member_q |= Q(org__path__startswith=b.path)
    members = (
        PartyMember.objects.filter(member_q, status=PartyMember.Status.FULL)
        .select_related("org")
        .order_by("name_pinyin", "id")
    )
    for m in members:
        for depth in depths:
            unit = unit_paths.get(m.org.path[:depth])
            if unit is not None:
                if unit in wanted:
                    rosters[unit].append(m)
                break
    return rosters


def _plan(
    rng: random.Random, stage: str, today: datetime.date, *, ready: bool = False, extended: bool = False
) -> dict[str, Any]:
    """The dates of one candidate at `stage`, counted back from today so that every rule holds."""
    d: dict[str, Any] = {}
    if stage == Stage.APPLICANT:
        d["applied_on"] = today - (_days(rng, 35, 60) if ready else _days(rng, 3, 150))
        if not ready and d["applied_on"] + datetime.timedelta(days=25) < today:
            d["talked_on"] = d["applied_on"] + _days(rng, 5, 25)
        return d
    if stage == Stage.FULL:
        d["confirmed_on"] = today - _days(rng, 20, 1000)
        admitted = d["confirmed_on"] - _days(rng, 365, 380)
        while rules.probation_end(admitted) > d["confirmed_on"]:
            admitted -= datetime.timedelta(days=1)
        d["admitted_on"] = admitted
    elif stage == Stage.PROBATIONARY:
        if extended:
            admitted = today - _days(rng, 400, 520)
            d["extended_on"] = rules.probation_end(admitted) + _days(rng, 0, 20)
            d["extension_months"] = rng.choice((6, 12))
            d["extension_reason"] = rng.choice(EXTENSION_REASONS)
        else:
            admitted = today - (_days(rng, 370, 395) if ready else _days(rng, 20, 330))
        d["admitted_on"] = admitted
        d["probation_ends_on"] = rules.probation_end(admitted, d.get("extension_months"))
    if stage in (Stage.FULL, Stage.PROBATIONARY):
        d["target_on"] = d["admitted_on"] - _days(rng, 45, 150)
    elif stage == Stage.TARGET:
        d["target_on"] = today - _days(rng, 10, 200)
    if "target_on" in d:
        activist = d["target_on"] - _days(rng, 366, 520)
        while rules.target_from(activist) > d["target_on"]:
            activist -= datetime.timedelta(days=1)
        d["activist_on"] = activist
    else:  # activist, or dropped as one
        d["activist_on"] = today - (_days(rng, 370, 500) if ready else _days(rng, 20, 330))
    d["applied_on"] = d["activist_on"] - _days(rng, 60, 300)
    d["talked_on"] = d["applied_on"] + _days(rng, 5, 25)
    if stage == Stage.DROPPED:
        d["dropped_on"] = min(today, d["activist_on"] + _days(rng, 30, 200))
        d["drop_reason"] = rng.choice(DROP_REASONS)
    return d


# The stages each branch gets, with the flags of `_plan`.
SHAPE = (
    (Stage.APPLICANT, {}),
    (Stage.APPLICANT, {"ready": True}),
    (Stage.ACTIVIST, {}),
    (Stage.ACTIVIST, {"ready": True}),
    (Stage.TARGET, {}),
    (Stage.PROBATIONARY, {}),
    (Stage.PROBATIONARY, {"ready": True}),
    (Stage.FULL, {}),
    (Stage.FULL, {}),
)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 14, 30, tzinfo=SHANGHAI)


def seed_development(
    root_paths: Sequence[str], *, today: datetime.date, seed: int = 0, batch: int = BATCH
) -> dict[str, int]:
    rng = random.Random(seed)
    names = _Names(rng)
    under = Q(pk__in=[])
    for path in root_paths:
        under |= Q(path__startswith=path)
    branches = list(Organization.objects.filter(under, kind__in=DEVELOPING_KINDS).order_by("path"))
    done = set(Candidate.objects.filter(org__in=branches).values_list("org_id", flat=True).distinct())
    branches = [b for b in branches if b.pk not in done]
    created = {"candidates": 0, "members": 0, "meetings": 0}
    if not branches:
        return created
    rosters = _rosters(branches, under)
    # The general meetings already held, by branch and day, so a vote reuses the day's meeting.
    existing: dict[tuple[int, datetime.date], Meeting] = {}
    for m in Meeting.objects.filter(org__in=branches, kind=MeetingKind.GENERAL).order_by("starts_at"):
        existing.setdefault((m.org_id, m.starts_at.astimezone(SHANGHAI).date()), m)

    candidates: list[Candidate] = []
    members: list[tuple[Candidate, PartyMember]] = []
    meetings: list[Meeting] = []

    def vote(org: Organization, day: datetime.date, title: str) -> Meeting:
        found = existing.get((org.pk, day))
        if found is None:
            found = Meeting(org=org, kind=MeetingKind.GENERAL, starts_at=_at(day), takes_vote=True, title=title)
            existing[(org.pk, day)] = found
            meetings.append(found)
        return found

    for branch in branches:
        roster = rosters.get(branch.pk, [])
        shape = list(SHAPE)
        if rng.random() < 0.3:
            shape.append((Stage.PROBATIONARY, {"extended": True}))
        if rng.random() < 0.25:
            shape.append((Stage.DROPPED, {}))
        for stage, flags in shape:
            if stage != Stage.APPLICANT and len(roster) < 2:
                continue  # without two full members nobody can be a contact person or introducer
            d = _plan(rng, stage, today, **flags)
            applied = d["applied_on"]
            age = rng.randint(18, 45)
            birth = datetime.date(applied.year - age - 1, rng.randint(1, 12), rng.randint(1, 28))
            c = Candidate(
                org=branch,
                stage=stage,
                gender=rng.choice("MF"),
                birth_date=birth,
                note=rng.choice(NOTES),
                **d,
            )
            c.set_name(names.next())
            if "activist_on" in d:
                c.contact1, c.contact2 = rng.sample(roster, 2)
            if "admitted_on" in d:
                c.introducer1, c.introducer2 = rng.sample(roster, 2)
                c.admission_meeting = vote(branch, d["admitted_on"], "接收预备党员表决")
            if "confirmed_on" in d:
                c.confirmation_meeting = vote(branch, d["confirmed_on"], "预备党员转正表决")
            candidates.append(c)
            if stage in (Stage.PROBATIONARY, Stage.FULL):
                m = PartyMember(
                    org=branch,
                    kind=MemberKind.DIRECT,
                    status=PartyMember.Status.FULL if stage == Stage.FULL else PartyMember.Status.PROBATIONARY,
                    joined_on=d["admitted_on"],
                    gender=c.gender,
                    birth_date=birth,
                    name=c.name,
                )
                m.name_pinyin, m.name_initials = pinyin_of(m.name)
                members.append((c, m))

    with transaction.atomic():
        Meeting.objects.bulk_create(meetings, batch_size=batch)
        PartyMember.objects.bulk_create([m for _, m in members], batch_size=batch)
        for c, m in members:
            c.member = m
        for c in candidates:
            # bulk_create reads the foreign keys' ids once the related rows have theirs.
            for field in ("admission_meeting", "confirmation_meeting", "member"):
                related = getattr(c, field)
                if related is not None:
                    setattr(c, field, related)
        Candidate.objects.bulk_create(candidates, batch_size=batch)
    created.update(candidates=len(candidates), members=len(members), meetings=len(meetings))
    return created
