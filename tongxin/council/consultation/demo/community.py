"""The demo community's three councils of seed 001, its estate's 微议事 group, and the light
version for the subdistrict's other communities."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from tongxin.council.consultation.demo.people import Local, People, create_council, seat_members, unit_of
from tongxin.council.consultation.demo.texts import DECLINED, MERGED, MICRO, URBAN, Matter
from tongxin.council.consultation.demo.timeline import Clock, Run
from tongxin.council.consultation.demo.urban import Raiser, Sitting, UrbanPlanner
from tongxin.council.consultation.models import TopicSource
from tongxin.platform.access.models import RoleAssignment
from tongxin.platform.access.roles import Role
from tongxin.registry.areas.models import Area, Estate, Level
from tongxin.registry.party.models import Organization
from tongxin.registry.people.models import Resident

DAY = datetime.timedelta(days=1)
HISTORY_DAYS = 720
# (name, kind, residents, party members, unit, first meeting's weekday, hour, place, topics)
COUNCILS = (
    ("群策联盟议事会", "alliance", 7, 4, True, 2, 19, "社区党群服务中心议事厅", 14),
    ("民主协商议事会", "democratic", 6, 3, True, 3, 15, "社区会议室", 8),
    ("协商民主议事会", "residents", 6, 2, False, 1, 19, "小区议事亭", 10),
)
# The most recent topics of each council: in publicity today, being carried out, waiting for the meeting.
RECENT = {
    "alliance": ("publicity", "executing", "awaiting"),
    "democratic": ("publicity",),
    "residents": ("publicity", "executing"),
}
DESCRIPTIONS = {
    "alliance": "社区党委牵头，居民代表、党员、驻区单位共同参与，群策群力解决社区大事小情。",
    "democratic": "研究社区问题、收集群众意见、化解矛盾纠纷、驻区单位参与社区管理服务。",
    "residents": "民事民议、民事民决，居民自己的事情自己商量着办。",
    "micro": "家门口的微议事：小区里的小事，住户当面商量。",
}


class Place:
    """A community's areas, residents and raisers for the planner."""

    def __init__(self, clock: Clock, community: Area) -> None:
        self.clock, self.community = clock, community
        self.people = People(community, clock.today, clock.rng)
        self.areas: dict[int, Area] = {}

    def area(self, pk: int | None) -> Area:
        if pk is None:
            return self.community
        if pk not in self.areas:
            self.areas[pk] = Area.objects.get(pk=pk)
        return self.areas[pk]

    def where(self, matter: Matter, person: Local | None) -> Area:
        if person is None or matter.place == "community":
            return self.community
        return self.area(person.grid_id if matter.place == "grid" else person.building_id)

    def raiser(self, person: Local | None, members: list[str], *, unit: tuple[Any, str] = (None, "")) -> Raiser:
        rng = self.clock.rng
        if unit[0] is not None:
            return Raiser(TopicSource.UNIT, unit[1] or unit[0].name, unit[0])
        roll = rng.random()
        if roll < 0.2 and members:
            return Raiser(TopicSource.MEMBER, rng.choice(members))
        if roll < 0.35:
            return Raiser(TopicSource.STAFF, rng.choice(("社区居委会", "网格员", "楼栋长")))
        return Raiser(TopicSource.PUBLIC, person.name if person else "居民")


def _chair(community: Area) -> str:
    org = Organization.objects.filter(area=community, parent=None).order_by("path").first()
    return org.secretary_name if org is not None and org.secretary_name else ""


def _grid_worker(community: Area) -> Any:
    grids = Area.objects.filter(parent=community, level=Level.GRID).values_list("pk", flat=True)
    held = (
        RoleAssignment.objects.filter(role=Role.GRID_WORKER, node_id__in=list(grids))
        .select_related("user")
        .order_by("id")
        .first()
    )
    return held.user if held is not None else None


def _dates(clock: Clock, n: int, *, start: int, end: int) -> list[datetime.date]:
    """`n` days spread between `start` and `end` days before today, a little uneven."""
    step = (start - end) / max(n, 1)
    return sorted(
        clock.today - datetime.timedelta(days=round(start - i * step - clock.rng.uniform(0, step * 0.8)))
        for i in range(n)
    )


def seed_community(clock: Clock, community: Area) -> None:
    place = Place(clock, community)
    rng, today = clock.rng, clock.today
    planner = UrbanPlanner(clock, rng, owner=_grid_worker(community))
    founded = today - (HISTORY_DAYS + 40) * DAY
    unit = unit_of(community)
    chair = _chair(community)
    matters = list(URBAN)
    rng.shuffle(matters)
    runs: dict[str, Run] = {}
    for name, kind, residents, members, with_unit, weekday, hour, where, count in COUNCILS:
        council = create_council(clock.actor, community, kind, name, founded=founded, description=DESCRIPTIONS[kind])
        seat_members(
            council,
            clock.actor,
            place.people,
            residents=residents,
            members=members,
            founded=founded,
            today=today,
            unit=unit if with_unit else (None, ""),
            staff=(chair,) if chair else (),
        )
        seated = list(council.members.values_list("name", flat=True))
        first = founded + datetime.timedelta(days=(weekday - founded.weekday()) % 7 + 21)
        sitting = Sitting(council, first, hour, where, seated[0], seated[1] if len(seated) > 1 else "")
        mine, matters = matters[:count], matters[count:]
        recent = RECENT[kind]
        older = _dates(clock, len(mine) - len(recent), start=HISTORY_DAYS, end=130)
        for i, (matter, day) in enumerate(zip(mine, older, strict=False)):
            # About one in eight is voted down (never the one that meets an objection).
            fate = "fail" if i % 6 == 4 and matter.title != "停车位划线" else "done"
            _topic(place, planner, sitting, matter, day, seated, fate, runs, unit)
        for matter, state in zip(mine[len(older) :], recent, strict=True):
            if state == "publicity":
                held = today - rng.randint(3, 5) * DAY
                _topic(place, planner, sitting, matter, held - 30 * DAY, seated, "done", runs, unit, meeting_on=held)
            elif state == "executing":
                _topic(place, planner, sitting, matter, today - 88 * DAY, seated, "done", runs, unit, long_tasks=True)
            else:
                _topic(place, planner, sitting, matter, today - 15 * DAY, seated, "awaiting", runs, unit)
        if kind == "residents":
            person = place.people.one()
            run = Run("小区里装个充电车棚", place.where(URBAN[10], person))
            planner.topic(sitting, run, URBAN[10], today - 2 * DAY, place.raiser(person, seated), fate="raised")
    for (title, description, reason), day in zip(
        DECLINED, _dates(clock, len(DECLINED), start=650, end=40), strict=True
    ):
        person = place.people.one()
        planner.declined(Run(title, community), description, reason, day, place.raiser(person, []))
    for target, (title, description) in MERGED.items():
        into = runs.get(target)
        if into is not None and into.raised is not None:
            person = place.people.one()
            planner.merged(Run(title, community), into, description, into.raised + 3 * DAY, place.raiser(person, []))
    seed_micro(clock, place, planner, founded)


def _topic(
    place: Place,
    planner: UrbanPlanner,
    sitting: Sitting,
    matter: Matter,
    day: datetime.date,
    seated: list[str],
    fate: str,
    runs: dict[str, Run],
    unit: tuple[Any, str],
    **options: Any,
) -> None:
    person = place.people.one()
    shared = matter.title == "错时共享停车" and unit[0] is not None
    raiser = place.raiser(person, seated, unit=unit if shared else (None, ""))
    if matter.title == "楼道照明灯更换":
        zhangsan = Resident.objects.filter(name="张三", household__area__path__startswith=place.community.path).first()
        if zhangsan is not None:
            raiser = Raiser(TopicSource.PUBLIC, "张三")
            person = next((p for p in place.people.adults if p.resident_id == zhangsan.pk), person)
    run = Run(matter.title, place.where(matter, person))
    run.raised = day
    runs[matter.title] = run
    objection = matter.title == "停车位划线" and fate == "done" and "meeting_on" not in options
    planner.topic(sitting, run, matter, day, raiser, fate=fate, objection=objection, **options)


def seed_micro(clock: Clock, place: Place, planner: UrbanPlanner, founded: datetime.date) -> None:
    """微议事: an estate's group, on the grid holding most of its buildings."""
    estate = Estate.objects.filter(community=place.community).order_by("name").first()
    if estate is None:
        return
    grids = Counter(
        Area.objects.filter(estate=estate, level=Level.BUILDING).values_list("parent_id", flat=True).order_by()
    )
    if not grids:
        return
    grid = place.area(grids.most_common(1)[0][0])
    council = create_council(
        clock.actor, grid, "micro", f"{estate.name}微议事会", founded=founded, description=DESCRIPTIONS["micro"]
    )
    seat_members(
        council, clock.actor, place.people, residents=5, members=2, founded=founded, today=clock.today, grid=grid.pk
    )
    seated = list(council.members.values_list("name", flat=True))
    first = founded + datetime.timedelta(days=(5 - founded.weekday()) % 7 + 28)
    sitting = Sitting(council, first, 10, f"{estate.name}议事亭", seated[0], seated[1] if len(seated) > 1 else "")
    days = _dates(clock, len(MICRO), start=600, end=50)
    for n, (matter, day) in enumerate(zip(MICRO, days, strict=True)):
        person = place.people.one(grid=grid.pk)
        run = Run(matter.title, place.where(matter, person))
        fate = "awaiting" if n == len(MICRO) - 1 else "done"
        planner.topic(
            sitting,
            run,
            matter,
            clock.today - 20 * DAY if fate == "awaiting" else day,
            place.raiser(person, seated),
            fate=fate,
        )
