"""Demo ledger: written through the services as an office would have.

The three-in-one estate of seed 003 (its owners' committee from seed_owners) gets a year of
monthly ledger: parking fees and advertising income every month, venue rent now and then;
cleaning, greening and water and power every month, repairs in some; each entry approved by the
chair or the vice-chair a few days after the month, and each month published to the owners
up to last month. One repair was entered 300 yuan too high and is put right by a correcting
entry (冲正) the next month. This month's entries wait for approval. Two owners asked about
entries of last month; the committee answered one.
"""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tongxin.estates.ledger import services
from tongxin.estates.ledger.models import Entry
from tongxin.estates.owners.demo import demo_estates
from tongxin.estates.owners.models import Member
from tongxin.grid.cases.photos import ProcessedPhoto, photos_process
from tongxin.platform.access.demo import demo_actor
from tongxin.registry.areas.models import Estate

SHANGHAI = timezone.get_fixed_timezone(8 * 60)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def _receipt(text_seed: int) -> list[ProcessedPhoto]:
    """A plain receipt-coloured picture, through the real photo processing (EXIF stripped)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (480, 320), (250, 246, 232))
    draw = ImageDraw.Draw(img)
    draw.rectangle((16, 16, 464, 304), outline=(180, 40, 40), width=4)
    for row in range(6):
        y = 70 + row * 36
        draw.line((40, y, 440 - (text_seed * 13 + row * 29) % 120, y), fill=(90, 90, 90), width=3)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return photos_process([SimpleUploadedFile("receipt.jpg", buf.getvalue(), "image/jpeg")])


def _months(today: datetime.date) -> list[datetime.date]:
    """The twelve months before this one, oldest first, and this month."""
    m = today.replace(day=1)
    found = [m]
    for _ in range(12):
        m = (m - datetime.timedelta(days=1)).replace(day=1)
        found.append(m)
    return sorted(found)


def _plan(month: datetime.date, rng: random.Random) -> list[tuple[str, int, str, int]]:
    """(category code, day, description, amount in yuan) of one month."""
    label = f"{month.month}月"
    lines = [
        ("parking", 5, f"{label}停车管理费（地面车位）", 3200 + rng.randrange(0, 9) * 50),
        ("advertising", 8, f"{label}电梯广告位收益", 800),
        ("cleaning", 10, f"{label}保洁员工资（2人）", 2400),
        ("greening", 15, f"{label}绿化养护", 600 + (400 if month.month in (3, 4, 5) else 0)),
        ("utilities", 20, f"{label}公共照明及水泵电费", 280 + rng.randrange(0, 12) * 10),
    ]
    if rng.random() < 0.3:
        lines.append(("venue", 12, f"{label}活动室场地出租", 300))
    if rng.random() < 0.5:
        what = rng.choice(["更换单元门禁锁", "疏通化粪池", "维修楼道灯", "修补路面坑洼", "更换消防栓阀门"])
        lines.append(("repairs", 18, what, rng.choice([260, 450, 680, 1200])))
    return lines


def seed_ledger(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's ledger; returns counts of what was written."""
    estate: Estate | None = demo_estates(area_roots).get("three_in_one")
    counts = {"entries": 0, "published_months": 0, "corrections": 0, "questions": 0}
    if estate is None or Entry.objects.filter(estate=estate).exists():
        return counts
    approvers = list(Member.objects.filter(committee__estate=estate, post__in=["chair", "vice_chair"]).order_by("id"))
    if not approvers:
        return counts
    rng = random.Random(seed * 31 + 7)
    actor: Any = demo_actor(estate.community)
    categories = {c.code: c for c in services.categories_ensure(estate)}
    months = _months(today)
    wrong_repair: Entry | None = None
    for index, month in enumerate(months):
        current = month == today.replace(day=1)
        for code, day, description, amount in _plan(month, rng):
            when = month.replace(day=min(day, 28))
            if when > today:
                continue
            if index == 3 and code == "repairs":
                continue  # this month's repair is the one entered wrong, below
            photos = _receipt(index * 7 + day) if code in ("repairs", "greening") and index % 4 == 1 else []
            entry = services.entry_save(
                actor=actor,
                estate=estate,
                category=categories[code],
                occurred_on=when,
                amount=Decimal(amount),
                description=description,
                photos=photos,
            )
            counts["entries"] += 1
            if not current:
                approver = approvers[(index + day) % len(approvers)]
                services.entry_approve(actor=actor, entry=entry, member=approver, at=_at(services.next_month(month)))
        if index == 3:
            wrong_repair = services.entry_save(
                actor=actor,
                estate=estate,
                category=categories["repairs"],
                occurred_on=month.replace(day=22),
                amount=Decimal("1800"),
                description="更换3号楼水泵（发票金额1500元）",
                photos=_receipt(99),
            )
            services.entry_approve(
                actor=actor, entry=wrong_repair, member=approvers[0], at=_at(services.next_month(month))
            )
            counts["entries"] += 1
        if index == 4 and wrong_repair is not None:
            fix = services.entry_correct(
                actor=actor,
                entry=wrong_repair,
                amount=Decimal("-300"),
                description="冲正：上月水泵维修多记300元（按发票1500元）",
                occurred_on=month.replace(day=3),
            )
            services.entry_approve(actor=actor, entry=fix, member=approvers[0], at=_at(services.next_month(month)))
            counts["corrections"] += 1
            counts["entries"] += 1
        if not current:
            publish_on = min(services.next_month(month) + datetime.timedelta(days=3), today)
            services.month_publish(actor=actor, estate=estate, month=month, at=_at(publish_on, 16))
            counts["published_months"] += 1
    last = months[-2]
    asked = list(
        Entry.objects.filter(estate=estate, occurred_on__gte=last, occurred_on__lt=services.next_month(last))
        .filter(category__code__in=["parking", "utilities"])
        .order_by("category__code", "id")
    )
    if len(asked) >= 2:
        answered = services.question_ask(
            entry=asked[0], asker="2号楼1单元302", text="停车费每月收多少？为什么比上个月多？", phone="13912345678"
        )
        services.question_answer(
            actor=actor,
            question=answered,
            answer="地面车位每车每月100元，本月新增5个临时停车，收据在居委会可查。",
        )
        services.question_ask(entry=asked[1], asker="5号楼402", text="水泵电费是按哪块电表算的？")
        counts["questions"] += 2
    return counts
