"""Demo places: written through the services as an office would have.

The places of seeds 002 and 004 in the first subdistrict's demo communities: in the large one
(the `unit` account's), the Party and public service centre with its one-stop hall, health
station, police room, elders' post and women and children's home (004), its life micro-classroom
on the first floor (002), the day-care centre for the 1,600 residents over 60 (002), a
convenience station in a returning graduate's optician's shop, run by the shop as a resident unit
(002), and the members' activity room; in the grid community (the `secretary`'s), its centre, a
red harbour (红色港湾) for the parents who rent near the school in a hutong (002) and an activity
room; in the estate community, its centre. Each has hours, services and a map point inside its
community's grids. The rooms that can be booked are linked by co-building's resources demo,
which runs after this one.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Q

from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.registry.areas.models import Area, Level
from tongxin.registry.cobuild import services as unit_services
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact
from tongxin.registry.places import services
from tongxin.registry.places.models import Place

WEEKDAYS = "12345"
OFFICE = {d: "08:30-12:00 14:00-17:30" for d in WEEKDAYS} | {"6": "09:00-12:00"}
# A unified social credit code of an individual business (个体工商户), check character included.
OPTICIAN_CODE = "92110105MA01XY880D"

PLANS: dict[str, list[dict[str, Any]]] = {
    "large": [
        {
            "kind": "service_centre",
            "name": "{c}党群服务中心",
            "address": "{c}幸福路18号",
            "hours": OFFICE,
            "hours_note": "节假日休息，急事请拨社区值班电话",
            "closed_on_holidays": True,
            "services": [
                "一站式代办（社保、医保、老年证）",
                "代缴水电燃气费",
                "生活微课堂",
                "疫苗接种登记",
                "养老保险费缴纳",
                "党员报到",
            ],
            "facilities": [
                "便民服务大厅",
                "社区卫生服务站",
                "警务室",
                "老年驿站",
                "文体活动中心",
                "党员政治生活馆",
                "妇女儿童之家",
                "无障碍通道",
            ],
            "capacity": 120,
            "phone": "0371-6598 1200",
            "description": "集便民服务大厅、社区卫生服务站、警务室、老年驿站、文体活动中心、党员政治生活馆和"
            "妇女儿童之家于一体的一站式服务平台。二楼生活微课堂夏天开着空调，老人们常在这里唱歌。",
            "grid": 0,
        },
        {
            "kind": "day_care",
            "name": "{c}日间照料中心",
            "address": "{c}幸福路20号",
            "hours": {d: "07:30-18:00" for d in "123456"},
            "hours_note": "周日及节假日休息；午餐需提前一天预订",
            "closed_on_holidays": True,
            "services": ["午餐助餐", "日间休息", "健康监测", "康复训练", "文化娱乐", "代购代办"],
            "facilities": ["助餐厅", "休息室", "康复室", "阅览室", "淋浴间"],
            "capacity": 60,
            "phone": "0371-6598 1266",
            "description": "为社区1600多名60岁以上的老年人提供专业、优质、贴心、精细的生活服务。",
            "grid": 0,
        },
        {
            "kind": "convenience",
            "name": "眼镜店便民服务站",
            "address": "{c}文化路7号（骁勇眼镜店内）",
            "hours": {d: "09:00-20:00" for d in "1234567"},
            "hours_note": "全年无休",
            "services": [
                "代购生活用品、零接触派送",
                "代缴水电燃气费",
                "养老保险费缴纳提醒",
                "疫苗接种通知",
                "免费验光、眼镜清洗",
            ],
            "facilities": ["休息座椅", "饮水点"],
            "capacity": 10,
            "phone": "0371-6598 1288",
            "description": "回乡创业的大学生依托自家眼镜店设立，兼任网格协管员、宣传员。",
            "run_by_optician": True,
            "grid": 1,
        },
        {
            "kind": "members_room",
            "name": "{c}党员活动室",
            "address": "{c}幸福路18号三楼",
            "hours": {"2": "14:00-17:00", "4": "14:00-17:00", "6": "09:00-11:30"},
            "hours_note": "每月5日主题党日全天开放",
            "services": ["主题党日", "三会一课", "党员学习"],
            "facilities": ["投影", "党建书架"],
            "capacity": 40,
            "phone": "0371-6598 1200",
            "grid": 0,
        },
    ],
    "grid": [
        {
            "kind": "service_centre",
            "name": "{c}党群服务中心",
            "address": "{c}学苑路6号",
            "hours": OFFICE,
            "hours_note": "节假日休息",
            "closed_on_holidays": True,
            "services": ["一站式代办", "群众动嘴、干部跑腿代办", "法律咨询", "就业登记"],
            "facilities": ["便民服务大厅", "警务室", "文体活动中心", "妇女儿童之家"],
            "capacity": 80,
            "phone": "0371-6598 2200",
            "grid": 0,
        },
        {
            "kind": "red_harbour",
            "name": "信高胡同“红色港湾”",
            "address": "{c}信高胡同12号",
            "hours": {d: "07:00-21:00" for d in "1234567"},
            "hours_note": "“红色管家”值守，陪读家长随时可来歇脚",
            "services": ["陪读家长休息", "邻里议事", "飞线治理、排水报修", "车位协调", "晾衣架安装登记"],
            "facilities": ["议事角", "图书角", "饮水点", "充电插座"],
            "capacity": 20,
            "phone": "0371-6598 2233",
            "grid": 1,
        },
        {
            "kind": "members_room",
            "name": "{c}党员活动室",
            "address": "{c}学苑路6号二楼",
            "hours": {"3": "14:00-17:00", "6": "09:00-11:30"},
            "services": ["主题党日", "党员学习"],
            "facilities": ["投影"],
            "capacity": 30,
            "phone": "0371-6598 2200",
            "grid": 0,
        },
    ],
    "estate": [
        {
            "kind": "service_centre",
            "name": "{c}党群服务中心",
            "address": "{c}园区路3号",
            "hours": OFFICE,
            "hours_note": "节假日休息",
            "closed_on_holidays": True,
            "services": ["一站式代办", "业委会议事", "物业报修转办"],
            "facilities": ["便民服务大厅", "议事厅"],
            "capacity": 60,
            "phone": "0371-6598 3200",
            "grid": 0,
        },
    ],
}


def _under(paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return q


def demo_communities(area_roots: Sequence[str]) -> dict[str, Area]:
    """The large, grid and estate communities of the first subdistrict, by the demo's accounts
    (the same choice as co-building's demo: the `unit` account's community is the large one)."""
    first_sub = Area.objects.filter(_under(area_roots), level=Level.SUBDISTRICT).order_by("path").first()
    if first_sub is None:
        return {}
    communities = list(Area.objects.filter(path__startswith=first_sub.path, level=Level.COMMUNITY).order_by("path"))
    if not communities:
        return {}

    def community_of(area_path: str) -> Area | None:
        return next((c for c in communities if area_path.startswith(c.path)), None)

    counts = {c.path: 0 for c in communities}
    for path in ResidentUnit.objects.filter(area__path__startswith=first_sub.path).values_list("area__path", flat=True):
        c = community_of(path)
        if c is not None:
            counts[c.path] += 1
    ranked = sorted(communities, key=lambda c: (-counts[c.path], c.path))
    contact_area = UnitContact.objects.filter(user__username="unit").values_list("unit__area__path", flat=True).first()
    found = {"large": (community_of(contact_area) if contact_area else None) or ranked[0]}
    held = set(
        RoleAssignment.objects.filter(user__username="secretary", role=Role.COMMUNITY).values_list("node_id", flat=True)
    )
    grid = next((c for c in communities if c.pk in held), None)
    if grid is not None and grid.pk != found["large"].pk:
        found["grid"] = grid
    taken = {a.pk for a in found.values()}
    rest = [c for c in ranked if c.pk not in taken and counts[c.path]]
    if rest:
        found["estate"] = rest[0]
    return found


def _actor() -> User:
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if admin is not None:
        return admin
    return User.objects.get_or_create(username="system", defaults={"is_superuser": True, "is_active": False})[0]


def _centre(grid: Area | None) -> tuple[Decimal, Decimal] | None:
    """Near the middle of a grid's outline (the mean of its outer ring), or None without one."""
    outline: Any = grid.outline if grid is not None else None
    try:
        ring = outline["coordinates"][0] if outline["type"] == "Polygon" else outline["coordinates"][0][0]
        lng = sum(float(p[0]) for p in ring) / len(ring)
        lat = sum(float(p[1]) for p in ring) / len(ring)
    except (TypeError, KeyError, IndexError, ZeroDivisionError, ValueError):
        return None
    return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


def _optician(actor: User, community: Area, grid: Area | None) -> ResidentUnit:
    found = ResidentUnit.objects.filter(credit_code=OPTICIAN_CODE).first()
    if found is not None:
        return found
    return unit_services.unit_create(
        actor=actor,
        name="骁勇眼镜店",
        credit_code=OPTICIAN_CODE,
        area=grid or community,
        kind=ResidentUnit.Kind.PRIVATE_ENTERPRISE,
        address=f"{community.name}文化路7号",
        note="回乡创业大学生开办，店内设便民服务站",
    )


def seed_places(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's places; returns counts of what was written."""
    actor = _actor()
    written = {"places": 0, "run_by_units": 0}
    for key, community in demo_communities(area_roots).items():
        grids = list(Area.objects.filter(parent=community, level=Level.GRID).order_by("path")[:3])
        for i, plan in enumerate(PLANS.get(key, [])):
            grid = grids[plan["grid"]] if len(grids) > plan["grid"] else None
            point = _centre(grid)
            if point is not None:
                # Apart from each other inside the grid: about 60 m a step.
                point = (point[0] + Decimal("0.0005") * (i % 3), point[1] + Decimal("0.0006") * (i % 2))
            unit = _optician(actor, community, grid) if plan.get("run_by_optician") else None
            services.place_save(
                actor=actor,
                area=grid if plan["kind"] in ("red_harbour", "convenience") and grid is not None else community,
                kind=plan["kind"],
                name=plan["name"].format(c=community.name),
                address=plan["address"].format(c=community.name),
                hours=plan["hours"],
                hours_note=plan.get("hours_note", ""),
                closed_on_holidays=plan.get("closed_on_holidays", False),
                services=plan["services"],
                facilities=plan["facilities"],
                capacity=plan["capacity"],
                phone=plan["phone"],
                unit=unit,
                latitude=point[0] if point else None,
                longitude=point[1] if point else None,
                description=plan.get("description", ""),
            )
            written["places"] += 1
            written["run_by_units"] += 1 if unit else 0
    return {k: v for k, v in written.items() if v} | {"located": Place.objects.filter(latitude__isnull=False).count()}
