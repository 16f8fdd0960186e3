"""Demo resources (co-building): written through the services as an office would have.

In the large community of the first subdistrict: a school's playground open on weekday evenings
(18:00–21:00) and a unit's hall (the `unit` account's unit, so its portal has bookings to
approve), both on the booking calendar with past (attended), approved and requested bookings,
their hours counted toward the units' venue-hours commitments; and what several other units
offer (funds, expertise, volunteers, equipment). The grid and estate communities get a few.
The rooms of each community's places (阵地, seeded before this) that can be booked — the service
centre's multi-purpose room and life micro-classroom, the day-care centre's activity room —
are the community's own resources naming their place, with a booking or two next week.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from tongxin.cobuilding.agreements.demo import community_units, demo_communities
from tongxin.cobuilding.agreements.models import Agreement, Commitment
from tongxin.cobuilding.resources import services
from tongxin.cobuilding.resources.models import Resource
from tongxin.platform.access.demo import demo_actor
from tongxin.registry.areas.models import Area
from tongxin.registry.cobuild.models import ResidentUnit, UnitContact
from tongxin.registry.places.models import Place

# The rooms of a place that can be booked, by its kind: (name, capacity, opens, closes, weekdays).
ROOMS: dict[str, list[tuple[str, int, int, int, str]]] = {
    "service_centre": [("多功能活动室", 60, 9, 17, "12345"), ("二楼生活微课堂", 40, 9, 17, "123456")],
    "day_care": [("文化活动室", 30, 9, 17, "123456")],
    "members_room": [("党员活动室", 40, 14, 17, "246")],
}

T = datetime.time
GROUPS = ["第一网格党支部", "社区志愿服务队", "老年舞蹈队", "青少年篮球队", "居民议事会", "退休党员支部"]
OFFERED: dict[str, tuple[str, str, str, str]] = {
    # kind: (name, availability, conditions, measure)
    "funds": ("社区公益金", "每年两次申请", "用于为老服务和社区微更新", "元"),
    "expertise": ("专业志愿服务", "每月第二个周六", "提前一周预约", "场"),
    "volunteers": ("职工志愿者", "周末", "每次不超过20人", "人"),
    "equipment": ("活动桌椅和音响", "提前三天借用", "用后归还", "套"),
}


def _venue_commitment(unit: ResidentUnit, year: int) -> Commitment | None:
    return (
        Commitment.objects.filter(
            agreement__unit=unit, agreement__year=year, agreement__status=Agreement.Status.SIGNED, kind="venue_hours"
        )
        .order_by("id")
        .first()
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, T(hour)))


def _venue(actor: Any, community: Area, unit: ResidentUnit, *, name: str, playground: bool, year: int) -> Resource:
    return services.resource_save(
        actor=actor,
        community=community,
        unit=unit,
        kind="venue",
        name=name,
        description="标准田径场和篮球场，夜间有照明" if playground else "可容纳80人，有投影和音响",
        availability="工作日 18:00–21:00" if playground else "工作日 9:00–21:00",
        conditions="自带器材，注意安全，用后清场" if playground else "提前三天预约，保持整洁",
        location=unit.address or unit.name,
        bookable=True,
        capacity=200 if playground else 80,
        opens_at=T(18) if playground else T(9),
        closes_at=T(21),
        open_weekdays="12345",
        commitment=_venue_commitment(unit, year),
    )


def _bookings(actor: Any, decider: Any, venue: Resource, rng: random.Random, today: datetime.date) -> int:
    """Past weeks used (attendance recorded), next week approved and requested."""
    made = 0
    starts = [18, 19] if venue.opens_at == T(18) else [9, 14, 18]
    monday = today - datetime.timedelta(days=today.weekday())
    for week in (-3, -2, -1, 0, 1):
        for weekday in rng.sample(range(5), 2):
            day = monday + datetime.timedelta(days=7 * week + weekday)
            start = rng.choice(starts)
            hours = 2 if start + 2 <= 21 else 1
            past = day < today
            if week == 0 and not past:
                continue
            asked_at = _at(day - datetime.timedelta(days=7 if past else 0), 8) if past else _at(today, 8)
            if not past and day <= today:
                continue
            b = services.booking_request(
                actor=actor,
                resource=venue,
                day=day,
                starts=T(start),
                ends=T(start + hours),
                user_group=rng.choice(GROUPS),
                purpose=rng.choice(["主题党日活动", "篮球友谊赛", "健康讲座", "广场舞排练", "居民议事"]),
                people=rng.randint(15, min(60, venue.capacity or 60)),
                now=min(asked_at, _at(day, 7)),
            )
            made += 1
            if past:
                services.booking_decide(actor=decider, booking=b, approve=True)
                services.booking_attended(
                    actor=decider, booking=b, attended=max(1, b.people - rng.randint(0, 5)), now=_at(day, 22)
                )
            elif week == 1 and weekday % 2 == 0:
                services.booking_decide(actor=decider, booking=b, approve=True)
    return made


def _decider(unit: ResidentUnit, fallback: Any) -> Any:
    contact = UnitContact.objects.filter(unit=unit, user__isnull=False).select_related("user").first()
    return contact.user if contact is not None else fallback


def seed_resources(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's resources; returns counts of what was written."""
    from tongxin.platform.access.models import User

    rng = random.Random(f"resources-{seed}")
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    written = {"resources": 0, "bookings": 0}
    for key, community in demo_communities(area_roots).items():
        units = community_units(community)
        actor = demo_actor(community)
        if key == "large" and units:
            contact_unit = UnitContact.objects.filter(user__username="unit", unit__in=units).select_related("unit")
            hall_unit = contact_unit.first().unit if contact_unit.exists() else units[0]  # type: ignore[union-attr]
            school = next((u for u in units if u.kind == "school" and u.pk != hall_unit.pk), None)
            venues = [(hall_unit, f"{hall_unit.name}多功能礼堂", False)]
            if school is not None:
                venues.insert(0, (school, f"{school.name}操场", True))
            for unit, name, playground in venues:
                venue = _venue(actor, community, unit, name=name, playground=playground, year=today.year)
                written["resources"] += 1
                written["bookings"] += _bookings(actor, _decider(unit, admin or actor), venue, rng, today)
            others = [u for u in units if u.pk not in {v[0].pk for v in venues}][:8]
        else:
            others = units[:3]
        for i, unit in enumerate(others):
            kind = list(OFFERED)[i % len(OFFERED)]
            name, availability, conditions, measure = OFFERED[kind]
            services.resource_save(
                actor=actor,
                community=community,
                unit=unit,
                kind=kind,
                name=f"{unit.name}{name}",
                availability=availability,
                conditions=conditions,
                quantity={"funds": 10000, "expertise": 12, "volunteers": 20, "equipment": 2}[kind],
                measure=measure,
            )
            written["resources"] += 1
        rooms, booked = _place_rooms(actor, community, rng, today)
        written["rooms"] = written.get("rooms", 0) + rooms
        written["bookings"] += booked
    return {k: v for k, v in written.items() if v}


def _place_rooms(actor: Any, community: Area, rng: random.Random, today: datetime.date) -> tuple[int, int]:
    """The bookable rooms of the community's places, each with a request for next week."""
    rooms = booked = 0
    places = Place.objects.filter(area__path__startswith=community.path, active=True).select_related("area")
    for place in places.order_by("kind", "id"):
        for name, capacity, opens, closes, weekdays in ROOMS.get(place.kind, []):
            room = services.resource_save(
                actor=actor,
                community=community,
                unit=None,
                kind="venue",
                name=f"{place.name}{name}" if name != place.name.removeprefix(community.name) else place.name,
                description=f"{place.name}的{name}，可容纳{capacity}人",
                availability=f"开放时间 {opens}:00–{closes}:00",
                conditions="社区组织、党支部和志愿服务队活动优先，提前三天预约",
                location=place.address,
                bookable=True,
                capacity=capacity,
                opens_at=T(opens),
                closes_at=T(closes),
                open_weekdays=weekdays,
                place=place,
            )
            rooms += 1
            monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=7)
            day = monday + datetime.timedelta(days=int(weekdays[0]) - 1)
            services.booking_request(
                actor=actor,
                resource=room,
                day=day,
                starts=T(opens),
                ends=T(opens + 2),
                user_group=rng.choice(GROUPS),
                purpose=rng.choice(["主题党日活动", "健康讲座", "居民议事", "老年合唱排练"]),
                people=min(capacity, rng.randint(10, 30)),
                now=_at(today, 8),
            )
            booked += 1
    return rooms, booked
