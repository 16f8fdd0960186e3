"""Demo transfers (组织关系接转), floating members (流动党员) and retired members taken in (接管).

Call it once the organizations and members are written, e.g. from the demo runner:

    from tongxin.partylife.transfers.demo import seed_transfers
    seed_transfers([street.path], today=today, seed=seed)

Transfers: some out to organizations outside the system, some between two branches here, some
in from outside (a few of them retired members placed in a branch), in every state (initiated,
letter sent and still valid, letter sent and past its validity, received, completed, returned).
A completed transfer moves the member as the service does: membership history rows, the
member's organization, a new member record for one transferred in. Floating members: each
member of the floating-out kind gets a record (certificate, destination, the community's
liaison station) with a contact log, some silent for over 6 months and some at a fixed place
for over 6 months; each member registered at a liaison station as floating in is entered in
the station's register. Rows go in with bulk_create (no audit records: nobody recorded them).

Idempotent: transfers are written only when none touches the roots yet; floating records only
for members (and stations) that have none. Returns the numbers of rows written.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q

from tongxin.partylife.transfers.models import (
    LETTER_VALID_DAYS,
    ContactLog,
    Direction,
    FloatingIn,
    FloatingOut,
    LetterScope,
    MembershipHistory,
    Transfer,
    TransferEvent,
    TransferState,
)
from tongxin.platform.core.people import pinyin_of
from tongxin.registry.party.models import MemberKind, Organization, OrgKind, PartyMember

BATCH = 2000
SEGMENT = 9  # characters of one level of an organization's path
MAX_TRANSFERS = 240
PERSON_FIELDS = ("phone_enc", "phone_hash", "phone_masked", "id_number_enc", "id_number_hash", "id_number_masked")
OUTSIDE = (
    "广东省深圳市南山区粤海街道党工委",
    "浙江省杭州市西湖区文新街道党工委",
    "江苏省苏州市工业园区娄葑街道党工委",
    "上海市浦东新区陆家嘴街道党工委",
    "湖北省武汉市洪山区珞南街道党工委",
    "某市国有企业离退休管理中心党委",
    "某县人民医院党委",
    "某大学机关党委",
)
RETIREES_FROM = (
    "某市机械厂离退休党委",
    "某市纺织公司离退休党支部",
    "某区教育局机关离退休党支部",
    "某国企退休管理中心党委",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华平刚桂兰玉珍建国志红春梅海燕晓东文斌"
RETURN_REASONS = ("介绍信信息与档案不符", "接收单位名称有误", "党员本人暂缓转接", "材料不全，请补齐后重新开具")
CONTACT_NOTES = {
    ContactLog.How.PHONE: ("电话联系，工作生活稳定", "电话了解近况，提醒按时交纳党费", "电话通知参加线上组织生活"),
    ContactLog.How.MESSAGE: ("微信推送学习材料", "短信通知主题党日安排", "微信群交流学习心得"),
    ContactLog.How.VISIT: ("走访家属，了解党员近况", "春节期间上门慰问家属"),
    ContactLog.How.LETTER: ("寄送学习资料",),
    ContactLog.How.REPORT: ("本人提交思想汇报", "本人汇报在外参加组织生活情况"),
}
# The states the demo's transfers cycle through; "overdue" is a letter sent and past its validity.
STATES = ("initiated", "sent", "overdue", "received", "completed", "completed", "returned", "sent")
# Directions in turn: out to outside, between two branches here, in from outside, a retiree in.
DIRECTIONS = ("out", "internal", "in", "internal", "out", "retiree")


def _under(field: str, root_paths: Sequence[str]) -> Q:
    condition = Q(pk__in=[])
    for path in root_paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def _nearest(path: str, candidates: list[Organization], exclude: int | None = None) -> list[Organization]:
    """The candidates sharing the longest prefix with `path` (the same branch's committee first)."""
    for level in range(1, len(path) // SEGMENT + 1):
        prefix = path[: len(path) - SEGMENT * level]
        found = [c for c in candidates if c.path.startswith(prefix) and c.pk != exclude]
        if found:
            return found
    return []


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _day(rng: random.Random, latest: datetime.date, earliest: datetime.date) -> datetime.date:
    span = (latest - earliest).days
    return earliest + datetime.timedelta(days=rng.randint(0, max(span, 0)))


@transaction.atomic
def seed_transfers(
    root_paths: Sequence[str], *, today: datetime.date, seed: int = 0, batch: int = BATCH
) -> dict[str, int]:
    rng = random.Random(seed)
    written = {"transfers": 0, "floating_out": 0, "floating_in": 0, "contacts": 0}
    written["transfers"] = _transfers(root_paths, today=today, rng=rng, batch=batch)
    out_rows, contacts = _floating_out(root_paths, today=today, rng=rng, batch=batch)
    written["floating_out"], written["contacts"] = out_rows, contacts
    written["floating_in"] = _floating_in(root_paths, today=today, rng=rng, batch=batch)
    return written


# --- transfers -----------------------------------------------------------------------------------


def _transfers(root_paths: Sequence[str], *, today: datetime.date, rng: random.Random, batch: int) -> int:
    touching = _under("from_org__path", root_paths) | _under("to_org__path", root_paths)
    if Transfer.objects.filter(touching).exists():
        return 0
    branches = list(
        Organization.objects.filter(_under("path", root_paths), kind=OrgKind.BRANCH).only(
            "pk", "path", "name", "branch_type"
        )
    )
    if not branches:
        return 0
    branches.sort(key=lambda b: b.path)
    by_pk = {b.pk: b for b in branches}
    committees = list(
        Organization.objects.filter(
            _under("path", root_paths), kind__in=(OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH)
        ).only("pk", "path", "name")
    )
    retired_branches = [b for b in branches if b.branch_type == "retired"]
    # Members of a branch who have never moved: candidates to transfer out or between branches.
    candidates = list(
        PartyMember.objects.filter(org_id__in=by_pk, kind=MemberKind.DIRECT, org_history__isnull=True)
        .exclude(transfers__isnull=False)
        .order_by("id")
        .values_list("pk", "org_id", "name", "name_pinyin", "name_initials", *PERSON_FIELDS)
    )
    rng.shuffle(candidates)
    total = min(MAX_TRANSFERS, max(len(STATES) * 2, len(branches) // 2))
    transfers: list[Transfer] = []
    plans: list[tuple[Transfer, str]] = []  # transfer, its planned state
    for i in range(total):
        direction = DIRECTIONS[i % len(DIRECTIONS)]
        state = STATES[(i // len(DIRECTIONS) + i) % len(STATES)]
        scope = LetterScope.CITY if direction == "internal" or rng.random() < 0.5 else LetterScope.ELSEWHERE
        t = Transfer(
            direction=Direction.IN if direction == "retiree" else direction,
            member_kind=MemberKind.RETIRED if direction == "retiree" else MemberKind.DIRECT,
            letter_scope=scope,
            letter_number=f"{today.year}转字第{i + 1:03d}号",
            initiated_on=today,
        )
        if direction in ("out", "internal"):
            if not candidates:
                continue
            pk, org_id, name, pinyin, initials, *person = candidates.pop()
            source = by_pk[org_id]
            t.member_id, t.from_org = pk, source
            t.name, t.name_pinyin, t.name_initials = name, pinyin, initials
            for field, value in zip(PERSON_FIELDS, person, strict=True):
                setattr(t, field, value)
            if direction == "out":
                t.to_name = rng.choice(OUTSIDE)
            else:
                targets = _nearest(source.path, branches, exclude=source.pk)
                if not targets:
                    continue
                t.to_org = rng.choice(targets)
        else:
            target = rng.choice(branches)
            if direction == "retiree" and retired_branches:
                target = rng.choice(retired_branches)
            receivers = [c for c in committees if target.path.startswith(c.path)]
            t.to_org = max(receivers, key=lambda c: len(c.path)) if receivers else target
            t.place_in = target if t.to_org.pk != target.pk or direction == "retiree" else None
            t.from_name = rng.choice(RETIREES_FROM if direction == "retiree" else OUTSIDE)
            t.name = _name(rng)
            t.name_pinyin, t.name_initials = pinyin_of(t.name)
            if direction == "retiree":
                t.note = "离退休党员组织关系转入社区，安置到支部管理（接管）"
        _dates(t, state, today, rng)
        transfers.append(t)
        plans.append((t, state))
    # A completed transfer in has made a member record: written first so the transfer names it.
    arrivals: list[PartyMember] = []
    for t, _state in plans:
        if t.state == TransferState.COMPLETED and t.direction == Direction.IN:
            m = PartyMember(
                org=t.place_in or t.to_org,
                kind=t.member_kind,
                name=t.name,
                name_pinyin=t.name_pinyin,
                name_initials=t.name_initials,
                note=f"组织关系由{t.from_name}转入",
            )
            arrivals.append(m)
    PartyMember.objects.bulk_create(arrivals, batch_size=batch)
    arriving = iter(arrivals)
    for t, _state in plans:
        if t.state == TransferState.COMPLETED and t.direction == Direction.IN:
            t.member = next(arriving)
    Transfer.objects.bulk_create(transfers, batch_size=batch)
    events: list[TransferEvent] = []
    history: list[MembershipHistory] = []
    moved: list[PartyMember] = []
    for t in transfers:
        previous = ""
        steps = (
            (TransferState.INITIATED, t.initiated_on),
            (TransferState.SENT, t.sent_on),
            (TransferState.RECEIVED, t.received_on),
        )
        for state, day in steps:
            if day is not None:
                events.append(TransferEvent(transfer=t, from_state=previous, to_state=state, on=day))
                previous = state
        if t.state == TransferState.COMPLETED:
            events.append(TransferEvent(transfer=t, from_state=previous, to_state=t.state, on=t.completed_on))
            history.extend(_moves(t, moved))
        elif t.state == TransferState.RETURNED:
            events.append(
                TransferEvent(
                    transfer=t, from_state=previous, to_state=t.state, on=t.returned_on, comment=t.return_reason
                )
            )
    TransferEvent.objects.bulk_create(events, batch_size=batch)
    MembershipHistory.objects.bulk_create(history, batch_size=batch)
    PartyMember.objects.bulk_update(moved, ["org"], batch_size=batch)
    # Out of the system: off every register from the completion day, as services._complete does.
    gone = [
        PartyMember(pk=t.member_id, left_on=t.completed_on)
        for t in transfers
        if t.state == TransferState.COMPLETED and t.direction == Direction.OUT
    ]
    PartyMember.objects.bulk_update(gone, ["left_on"], batch_size=batch)
    return len(transfers)


def _dates(t: Transfer, state: str, today: datetime.date, rng: random.Random) -> None:
    """Dates consistent with the state: every step after the one before, none after today."""
    valid = LETTER_VALID_DAYS[t.letter_scope]
    t.state = TransferState.SENT if state == "overdue" else state
    if state == "initiated":
        t.initiated_on = today - datetime.timedelta(days=rng.randint(0, 12))
        return
    if state == "sent":
        t.sent_on = today - datetime.timedelta(days=rng.randint(0, valid - 1))
    elif state == "overdue":
        t.sent_on = today - datetime.timedelta(days=valid + rng.randint(1, 25))
    else:
        t.sent_on = today - datetime.timedelta(days=rng.randint(20, 330))
    t.due_on = t.sent_on + datetime.timedelta(days=valid)
    t.initiated_on = t.sent_on - datetime.timedelta(days=rng.randint(0, 6))
    if state in ("received", "completed"):
        t.received_on = _day(rng, min(t.due_on, today), t.sent_on)
    if state == "completed":
        t.completed_on = _day(rng, min(t.received_on + datetime.timedelta(days=7), today), t.received_on)
    if state == "returned":
        t.returned_on = _day(rng, min(t.due_on + datetime.timedelta(days=10), today), t.sent_on)
        t.return_reason = rng.choice(RETURN_REASONS)


def _moves(t: Transfer, moved: list[PartyMember]) -> list[MembershipHistory]:
    """The history rows of a completed transfer, as services._complete writes them."""
    day = t.completed_on
    if t.direction == Direction.IN:
        reason = MembershipHistory.Reason.PLACEMENT if t.place_in_id else MembershipHistory.Reason.TRANSFER
        org = t.place_in or t.to_org
        return [MembershipHistory(member=t.member, org=org, started_on=day, reason=reason, transfer=t)]
    rows = [
        MembershipHistory(
            member_id=t.member_id,
            org=t.from_org,
            started_on=None,
            ended_on=day,
            reason=MembershipHistory.Reason.BEFORE,
            left_system=t.direction == Direction.OUT,
        )
    ]
    if t.direction == Direction.INTERNAL:
        rows.append(
            MembershipHistory(
                member_id=t.member_id,
                org=t.to_org,
                started_on=day,
                reason=MembershipHistory.Reason.TRANSFER,
                transfer=t,
            )
        )
        moved.append(PartyMember(pk=t.member_id, org=t.to_org))
    return rows


# --- floating members ----------------------------------------------------------------------------


def _stations(root_paths: Sequence[str]) -> list[Organization]:
    return list(
        Organization.objects.filter(_under("path", root_paths), kind=OrgKind.LIAISON_STATION).only("pk", "path", "name")
    )


def _floating_out(
    root_paths: Sequence[str], *, today: datetime.date, rng: random.Random, batch: int
) -> tuple[int, int]:
    stations = _stations(root_paths)
    rows = list(
        PartyMember.objects.filter(
            _under("org__path", root_paths), kind=MemberKind.FLOATING_OUT, floating_out__isnull=True
        )
        .order_by("id")
        .values_list(
            "pk", "org__path", "floating_certificate", "floating_place", "phone_enc", "phone_hash", "phone_masked"
        )
    )
    records: list[FloatingOut] = []
    for pk, org_path, certificate, place, phone_enc, phone_hash, phone_masked in rows:
        nearest = _nearest(org_path, stations)
        left_on = today - datetime.timedelta(days=rng.randint(20, 900))
        records.append(
            FloatingOut(
                member_id=pk,
                certificate_number=certificate or f"流证{today.year}{pk:06d}",
                destination=place or rng.choice(OUTSIDE)[:6],
                fixed_place=rng.random() < 0.35,
                station=rng.choice(nearest) if nearest else None,
                left_on=left_on,
                back_on=_day(rng, today, left_on) if rng.random() < 0.1 else None,
                phone_enc=phone_enc,
                phone_hash=phone_hash,
                phone_masked=phone_masked,
                note="外出务工经商，持流动党员活动证",
            )
        )
    FloatingOut.objects.bulk_create(records, batch_size=batch)
    contacts: list[ContactLog] = []
    for record in records:
        end = record.back_on or today
        # About one in five has gone quiet: the last contact is more than 6 months old.
        quiet = rng.random() < 0.2
        last = end - datetime.timedelta(days=rng.randint(190, 400) if quiet else rng.randint(0, 120))
        if last < record.left_on:
            continue
        days = sorted({_day(rng, last, record.left_on) for _ in range(rng.randint(0, 4))} | {last})
        for on in days:
            how = rng.choice(tuple(CONTACT_NOTES))
            contacts.append(
                ContactLog(floating=record, on=on, how=how, note=rng.choice(CONTACT_NOTES[how]), by_name="联络员")
            )
    ContactLog.objects.bulk_create(contacts, batch_size=batch)
    return len(records), len(contacts)


def _floating_in(root_paths: Sequence[str], *, today: datetime.date, rng: random.Random, batch: int) -> int:
    """The members registered at a liaison station as floating in, entered in its register."""
    done = set(FloatingIn.objects.values_list("station_id", flat=True).distinct())
    stations = {s.pk: s for s in _stations(root_paths) if s.pk not in done}
    if not stations:
        return 0
    rows = (
        PartyMember.objects.filter(org_id__in=stations, kind=MemberKind.FLOATING_IN)
        .order_by("id")
        .values_list(
            "org_id",
            "name",
            "name_pinyin",
            "name_initials",
            "floating_certificate",
            "floating_place",
            *PERSON_FIELDS[:3],
        )
    )
    records: list[FloatingIn] = []
    for station_id, name, pinyin, initials, certificate, place, phone_enc, phone_hash, phone_masked in rows:
        arrived = today - datetime.timedelta(days=rng.randint(10, 700))
        records.append(
            FloatingIn(
                station_id=station_id,
                name=name,
                name_pinyin=pinyin,
                name_initials=initials,
                home_org=f"{place or '外地'}某社区党支部",
                certificate_number=certificate or f"流证{today.year}{len(records):06d}",
                arrived_on=arrived,
                left_on=_day(rng, today, arrived) if rng.random() < 0.1 else None,
                phone_enc=phone_enc,
                phone_hash=phone_hash,
                phone_masked=phone_masked,
                note="在流动党员联络站参加组织生活",
            )
        )
    FloatingIn.objects.bulk_create(records, batch_size=batch)
    return len(records)
