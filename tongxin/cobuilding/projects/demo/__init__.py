"""Demo needs and projects (co-building): written through the services as an office would have.

The large community of the first subdistrict (the `unit` account's unit is its first unit) gets
~30 needs from every source and 20 projects in every state — claimed, in progress with half their
milestones reported with photos, completed with evidence and residents' ratings, cancelled, and one
offered by a member waiting for staff; the contact's unit has projects in several states and needs
open to claim. The grid community (the `secretary` account's) gets a few.
"""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal
from typing import Any

from django.db import transaction

from tongxin.cobuilding.projects import services
from tongxin.cobuilding.projects.models import Need, Project

NEEDS: list[tuple[str, str, str, int]] = [
    # (title, category, source, people affected)
    ("独居老人助餐送餐", "elderly", "visit", 40), ("老旧小区楼道照明维修", "facilities", "case", 120),
    ("四点半课堂志愿老师", "children", "topic", 60), ("社区义诊进楼栋", "health", "meeting", 200),
    ("背街小巷垃圾清运", "environment", "public", 300), ("夜间巡逻力量不足", "safety", "topic", 500),
    ("困难家庭冬季取暖补助", "hardship", "visit", 12), ("广场舞活动场地", "culture", "public", 80),
    ("失业人员技能培训", "employment", "staff", 30), ("老年人智能手机课堂", "elderly", "meeting", 50),
    ("残疾人康复辅具", "hardship", "visit", 8), ("儿童暑期托管", "children", "public", 70),
    ("雨污管道疏通", "facilities", "case", 150), ("电动车充电棚修缮", "facilities", "case", 90),
    ("防汛沙袋储备", "safety", "meeting", 400), ("社区图书角书籍", "culture", "topic", 100),
    ("空巢老人心理疏导", "health", "visit", 25), ("楼顶防水维修", "facilities", "case", 36),
    ("小区绿化补种", "environment", "topic", 600), ("法律咨询进社区", "other", "meeting", 60),
    ("高龄老人上门理发", "elderly", "visit", 30), ("青少年防溺水宣传", "children", "staff", 120),
    ("健康讲座场地", "health", "public", 80), ("流动人口就业对接", "employment", "case", 40),
    ("消防器材更新", "safety", "case", 200), ("春节慰问困难党员", "hardship", "staff", 15),
    ("楼道堆物清理", "environment", "public", 110), ("社区春晚演出场地", "culture", "meeting", 300),
    ("无障碍坡道改造", "facilities", "visit", 20), ("老年食堂餐具", "elderly", "staff", 60),
]  # fmt: skip
# (state, how many) of the 20 projects, the contact's unit taking the first of several states.
PLAN: list[tuple[str, int]] = [
    ("claimed", 4), ("in_progress", 6), ("completed", 6), ("cancelled", 2), ("proposed", 2),
]  # fmt: skip
MILESTONES = ["制定方案", "采购物资", "组织实施", "验收交付"]
COMMENTS = ["很及时，谢谢单位", "希望多办几次", "", "效果不错", ""]


def _photo(rng: random.Random) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    from tongxin.grid.cases.photos import photos_process

    img = Image.new("RGB", (160, 120), (rng.randint(150, 230), rng.randint(120, 200), rng.randint(90, 180)))
    draw = ImageDraw.Draw(img)
    draw.rectangle((20, 40, 140, 110), fill=(200, 30, 40))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG")
    return photos_process([SimpleUploadedFile("photo.jpg", buffer.getvalue(), "image/jpeg")])


def seed_projects(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's needs and projects; returns counts of what was written."""
    from tongxin.platform.access.models import User
    from tongxin.registry.cobuild.models import ResidentUnit
    from tongxin.registry.cobuild.queries import units_answered_by

    admin = User.objects.filter(username="admin").first()
    contact = User.objects.filter(username="unit").first()
    if admin is None or contact is None or not area_roots:
        return {}
    first = units_answered_by(contact).first()
    if first is None or Need.objects.filter(community=first.area).exists():
        return {}
    rng = random.Random(f"{seed}:projects")
    community = first.area
    units = [first, *ResidentUnit.objects.filter(area=community).exclude(pk=first.pk).order_by("name", "pk")[:19]]
    with transaction.atomic():
        needs = [
            services.raise_need(
                actor=admin, community=community, title=title, category=category, source=source,
                source_label=f"{Need.Source(source).label} {i + 1}" if source != "staff" else "",
                people_affected=people, wanted_by=today + datetime.timedelta(days=rng.randint(20, 120)),
                description=f"{title}：由社区梳理，欢迎驻区单位认领。",
            )
            for i, (title, category, source, people) in enumerate(NEEDS)
        ]  # fmt: skip
        # A third of the needs have waited over a month (the workbench's "waiting" item).
        for n in needs[::3]:
            Need.objects.filter(pk=n.pk).update(created_at=n.created_at - datetime.timedelta(days=45))
        states = [state for state, count in PLAN for _ in range(count)]
        for i, state in enumerate(states):
            # The contact's unit takes one project of each state but proposed; the others round.
            unit = first if i in (0, 4, 10, 16) else units[1 + i % (len(units) - 1)] if len(units) > 1 else first
            _project(admin, needs[i], unit, state, today, rng)
        counts = {"needs": len(needs), "projects": len(states)}
        counts.update(_other_community(admin, community, today))
    return counts


def _project(admin: Any, need: Need, unit: Any, state: str, today: datetime.date, rng: random.Random) -> Project:
    p = services.claim_need(
        actor=admin, need=need, unit=unit, budget=Decimal(rng.choice([800, 1500, 3000, 5000, 12000])),
        due_on=today + datetime.timedelta(days=rng.randint(-10, 90)),
        description=f"{unit.name}认领，{need.title}。",
    )  # fmt: skip
    if state == "proposed":
        # A member's offer waits for staff: written as the member's claim would leave it.
        Project.objects.filter(pk=p.pk).update(state=Project.State.PROPOSED)
        return p
    milestones = [
        services.milestone_add(actor=admin, project=p, title=title, due_on=today + datetime.timedelta(days=7 * k - 7))
        for k, title in enumerate(MILESTONES)
    ]
    if state == "claimed":
        return p
    if state == "cancelled":
        services.project_cancel(actor=admin, project=p, reason="单位年度计划调整，暂无法实施")
        return p
    done = 2 if state == "in_progress" else len(milestones)
    for k, m in enumerate(milestones[:done]):
        services.milestone_report(
            actor=admin, milestone=m, report=f"{m.title}已完成。",
            done_on=today - datetime.timedelta(days=30 - 7 * k), photos=_photo(rng),
        )  # fmt: skip
    if state == "completed":
        services.project_complete(
            actor=admin, project=p, summary=f"{need.title}已完成，居民满意。", people_served=need.people_affected,
            completed_on=today - datetime.timedelta(days=3), spent=p.budget,
            volunteer_hours=Decimal(rng.randint(10, 80)),
        )  # fmt: skip
        for v in range(rng.randint(3, 8)):
            services.rating_add(
                project=p, score=rng.choice([5, 5, 4, 4, 3]), comment=rng.choice(COMMENTS), voter_key=f"demo-{p.pk}-{v}"
            )
    return p


def _other_community(admin: Any, large: Any, today: datetime.date) -> dict[str, int]:
    """A few needs and one project in the grid community (the secretary's)."""
    from tongxin.platform.access.models import User
    from tongxin.registry.areas.models import Area
    from tongxin.registry.cobuild.models import ResidentUnit

    secretary = User.objects.filter(username="secretary").first()
    role = secretary.roles.filter(role="community").first() if secretary else None
    if role is None or role.node_id is None:
        return {}

    community = Area.objects.filter(pk=role.node_id).first()
    if community is None or community.pk == large.pk:
        return {}
    needs = [
        services.raise_need(actor=admin, community=community, title=title, category=category, source="visit",
                            people_affected=people)
        for title, category, people in (("雨季排水沟清淤", "environment", 200), ("老年人助浴", "elderly", 15))
    ]  # fmt: skip
    unit = ResidentUnit.objects.filter(area=community).order_by("name", "pk").first()
    if unit is not None:
        services.claim_need(actor=admin, need=needs[0], unit=unit, due_on=today + datetime.timedelta(days=30))
    return {"other needs": len(needs)}
