"""Demo rosters: written through the services as an office would have.

In the first subdistrict's large community and the grid community (the `secretary`'s): a front
desk rota (综合服务窗口（一站式）) with this month's weekday shifts through next week, two people
each, most past shifts checked in, one shift next week short of a person; a night checkpoint rota
(夜班值守卡点) with a person each night; a swap accepted and waiting for the office's approval.
Elsewhere nothing: the district scale stays fast.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q

from tongxin.frontdesk.rosters import services
from tongxin.frontdesk.rosters.models import Assignment, Rota
from tongxin.platform.access.demo import demo_actor
from tongxin.platform.access.models import RoleAssignment, User
from tongxin.platform.access.roles import Role
from tongxin.platform.calendar import SHANGHAI
from tongxin.registry.areas.models import Area, Household, Level

# Display names of the office's staff the demo adds where a community has fewer than four.
DUTY_NAMES = ("张敏", "刘洋", "陈静", "杨帆", "黄丽", "吴刚")


def _under(paths: Sequence[str]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return q


def demo_communities(area_roots: Sequence[str]) -> dict[str, Area]:
    """The large community (most households) of the first subdistrict and the `secretary`'s."""
    first_sub = Area.objects.filter(_under(area_roots), level=Level.SUBDISTRICT).order_by("path").first()
    if first_sub is None:
        return {}
    communities = list(Area.objects.filter(path__startswith=first_sub.path, level=Level.COMMUNITY).order_by("path"))
    if not communities:
        return {}
    counts = {c.pk: 0 for c in communities}
    rows = Household.objects.filter(area__path__startswith=first_sub.path).values_list("area__path", flat=True)
    for path in rows.iterator():
        for c in communities:
            if path.startswith(c.path):
                counts[c.pk] += 1
                break
    found = {"large": max(communities, key=lambda c: (counts[c.pk], -c.pk))}
    held = set(
        RoleAssignment.objects.filter(user__username="secretary", role=Role.COMMUNITY).values_list("node_id", flat=True)
    )
    grid = next((c for c in communities if c.pk in held), None)
    if grid is not None and grid.pk != found["large"].pk:
        found["grid"] = grid
    return found


def _duty_staff(community: Area) -> list[User]:
    people = list(services.staff_of(community))
    if len(people) >= 4:
        return people
    unusable = make_password(None)
    for i, name in enumerate(DUTY_NAMES[: 4 - len(people)]):
        user, _ = User.objects.get_or_create(
            username=f"duty{community.pk}_{i + 1}", defaults={"display_name": name, "password": unusable}
        )
        RoleAssignment.objects.get_or_create(
            user=user, role=Role.COMMUNITY, node_id=community.pk, defaults={"title": "窗口工作人员"}
        )
    return list(services.staff_of(community))


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI)


def seed_rosters(area_roots: list[str], *, today: datetime.date, seed: int) -> dict[str, int]:
    """Write the demo's rosters; returns counts of what was written."""
    rng = random.Random(f"rosters-{seed}")
    written = {"rotas": 0, "shifts": 0, "checked_in": 0, "swaps": 0}
    first = today.replace(day=1)
    next_monday = today + datetime.timedelta(days=7 - today.weekday())
    until = next_monday + datetime.timedelta(days=6)
    now = _at(today, 12)
    places = demo_communities(area_roots)
    for community in places.values():
        actor = demo_actor(community)
        people = _duty_staff(community)
        desk = services.rota_save(
            actor=actor,
            community=community,
            kind=Rota.Kind.FRONT_DESK,
            name="综合服务窗口（一站式）",
            location="社区党群服务中心一楼",
        )
        night = services.rota_save(
            actor=actor, community=community, kind=Rota.Kind.CHECKPOINT, name="夜班值守卡点", location="小区东门卡点"
        )
        written["rotas"] += 2
        shifts = services.shifts_generate(
            actor=actor, rota=desk, starts_on=first, ends_on=until, weekdays=[0, 1, 2, 3, 4],
            start_time=datetime.time(8, 30), end_time=datetime.time(17, 30), needed=2, people=people,
        )  # fmt: skip
        shifts += services.shifts_generate(
            actor=actor, rota=night, starts_on=first, ends_on=until, weekdays=range(7),
            start_time=datetime.time(22, 0), end_time=datetime.time(6, 0), needed=1, people=people[::-1],
        )  # fmt: skip
        written["shifts"] += len(shifts)
        # Most past shifts checked in, a few minutes either side of the start.
        past = Assignment.objects.filter(shift__rota__community=community, shift__starts__lte=now)
        for i, a in enumerate(past.select_related("shift", "user").order_by("shift__starts", "id")):
            # One in eight forgot (or did not come): the gaps page shows them as missed.
            if i % 8 != 5:
                at = a.shift.starts + datetime.timedelta(minutes=rng.randint(-20, 15))
                services.check_in(actor=a.user, assignment=a, now=at)
                written["checked_in"] += 1
        # One gap next week: a person taken off Wednesday's front-desk shift.
        gap = (
            Assignment.objects.filter(shift__rota=desk, shift__date=next_monday + datetime.timedelta(days=2))
            .order_by("id")
            .first()
        )
        if gap is not None:
            services.unassign(actor=actor, assignment=gap)
        # A swap accepted, waiting for the office's approval.
        ahead = (
            Assignment.objects.filter(shift__rota=desk, shift__starts__gt=now + datetime.timedelta(days=1))
            .exclude(shift__date=next_monday + datetime.timedelta(days=2))
            .exclude(user=actor)
            .select_related("shift", "user")
            .order_by("shift__starts", "id")
            .first()
        )
        if ahead is not None:
            on_it = set(ahead.shift.assignments.values_list("user_id", flat=True))
            taker = next((p for p in people if p.pk not in on_it and p.pk != actor.pk), None)
            if taker is not None:
                swap = services.swap_ask(
                    actor=ahead.user, assignment=ahead, to_user=taker, note="家中老人就医，请帮忙替班", now=now
                )
                services.swap_accept(actor=taker, swap=swap)
                written["swaps"] += 1
    return {k: v for k, v in written.items() if v} | {
        "assignments": int(
            Assignment.objects.filter(shift__rota__community__in=list(places.values())).aggregate(n=Count("pk"))["n"]
            or 0
        )
    }
