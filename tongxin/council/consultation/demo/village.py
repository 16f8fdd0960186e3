"""A village deciding by 四议两公开 and 一事一议 (seed 004): the branch proposes, the two committees
discuss, the Party members' meeting reviews, the representatives (or all villagers) resolve, the
resolution and its result are made public; the road is paid for by a levy within the caps."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from tongxin.council.consultation import services
from tongxin.council.consultation.demo.people import People, create_council, seat_members
from tongxin.council.consultation.demo.texts import ROAD, VILLAGE, Matter
from tongxin.council.consultation.demo.timeline import Clock, Item, MeetingPlan, Run, moment
from tongxin.council.consultation.demo.urban import Raiser, UrbanPlanner
from tongxin.council.consultation.models import Council, Levy, Procedure, TopicSource
from tongxin.registry.areas.models import Area
from tongxin.registry.party.models import Organization, OrgKind

DAY = datetime.timedelta(days=1)
# (matter index in VILLAGE, state today, where it is resolved). States: "done"; "fail" (voted down
# by the representatives); "executing"; "publicity" (published two days ago); or the step it waits
# at: "propose", "discuss", "review", "resolve", "publish".
PLAN: tuple[tuple[int, str, str], ...] = (
    (0, "done", "village_reps"),
    (1, "done", "village_reps"),
    (2, "done", "village_reps"),
    (3, "done", "villagers"),
    (4, "done", "village_reps"),
    (5, "fail", "village_reps"),
    (6, "executing", "village_reps"),
    (7, "publicity", "village_reps"),
    (8, "publish", "village_reps"),
    (9, "resolve", "village_reps"),
    (10, "review", "village_reps"),
    (11, "discuss", "village_reps"),
    (12, "propose", "village_reps"),
)
STEPS = ("propose", "discuss", "review", "resolve", "publish")
MONEY_PER_PERSON = Decimal("15")
LABOUR_DAYS = Decimal("2")
CONTRIBUTING_HOUSEHOLDS = 40


@dataclass
class Councils:
    reps: Council
    villagers: Council
    party: Council
    two: Council
    secretary: str
    clerk: str


class VillagePlanner(UrbanPlanner):
    def __init__(self, clock: Clock, rng: random.Random, councils: Councils, people: People) -> None:
        super().__init__(clock, rng)
        self.councils, self.people = councils, people

    def _offsets(self) -> dict[str, int]:
        """Days from raising to each stage, drawn before the raising day is known."""
        r = self.rng.randint
        offsets = {"accept": r(1, 3)}
        offsets["propose"] = offsets["accept"] + r(0, 2)
        offsets["discuss"] = offsets["propose"] + r(3, 7)
        offsets["review"] = offsets["discuss"] + r(4, 10)
        offsets["resolve"] = offsets["review"] + r(3, 8)
        offsets["publish"] = offsets["resolve"] + r(1, 2)
        return offsets

    def _meeting(self, council: Council, day: datetime.date, hour: int, what: str) -> MeetingPlan:
        place = "村党群服务中心会议室" if council != self.councils.villagers else "村文化广场"
        return self.clock.meeting(
            council,
            moment(day, hour),
            title=f"{council.name}（{day.year}年{day.month}月{day.day}日，{what}）",
            place=place,
            chair=self.councils.secretary,
            clerk=self.councils.clerk,
        )

    def plan_all(self) -> None:
        today = self.today
        for index, state, where in PLAN:
            matter = VILLAGE[index]
            offsets = self._offsets()
            if state in ("done", "fail"):
                raised = today - (700 - index * 95) * DAY
            elif state == "executing":
                raised = today - (offsets["publish"] + 45) * DAY
            elif state == "publicity":
                raised = today - (offsets["publish"] + 2) * DAY
            else:
                # Waiting at `state`: the stage before it was taken a few days ago.
                before = STEPS.index(state) - 1
                last = offsets[STEPS[before]] if before >= 0 else offsets["accept"]
                raised = today - (last + self.rng.randint(1, 4)) * DAY
            self.four_two(Run(matter.title, self.people.place), matter, raised, state, where, offsets)
        self.road()

    def four_two(
        self, run: Run, matter: Matter, raised: datetime.date, state: str, where: str, offsets: dict[str, int]
    ) -> None:
        c, clock, rng = self.councils, self.clock, self.rng
        run.council = c.reps
        day = {k: raised + v * DAY for k, v in offsets.items()}
        villager = self.people.one()
        raiser = (
            Raiser(TopicSource.PUBLIC, villager.name)
            if villager is not None and rng.random() < 0.4
            else Raiser(TopicSource.STAFF, "村党支部")
        )
        self.raise_(run, matter, raised, raiser)
        when = moment(day["accept"], 9, 30)
        clock.at(when, partial(self._review, services.topic_accept, run, when, council=c.reps), run)
        waiting = state if state in STEPS else ""
        # The meeting a waiting topic is on the agenda of, still to come.
        soon = self.today + rng.randint(3, 8) * DAY
        if waiting == "propose":
            return
        clock.step(
            run, moment(day["propose"], 10), "propose", f"村党支部委员会研究提议：{matter.proposal}", "村党支部委员"
        )
        discuss = Item(run, record=lambda when, meeting: self._discuss(run, when, meeting, matter))
        self._meeting(c.two, soon if waiting == "discuss" else day["discuss"], 15, "商议").items.append(discuss)
        if waiting == "discuss":
            return
        review = Item(run, fate="pass")
        self._meeting(c.party, soon if waiting == "review" else day["review"], 15, "审议").items.append(review)
        if waiting == "review":
            return
        council = c.villagers if where == "villagers" else c.reps
        resolve = Item(run, fate="fail" if state == "fail" else "pass")
        resolved_on = self.today - DAY if waiting == "publish" else day["resolve"]
        self._meeting(council, soon if waiting == "resolve" else resolved_on, 19, "决议").items.append(resolve)
        if waiting in ("resolve", "publish") or state == "fail":
            return
        published = moment(day["publish"], 10)
        clock.step(run, published, "publish", "决议在村务公开栏、村民微信群和同心平台公开，公示期内接受村民监督。")
        start = (published + self.publicity).date() + DAY
        self.execute(run, matter, start, long_tasks=state == "executing", evaluate=None)

    def _discuss(self, run: Run, when: datetime.datetime, meeting: Any, matter: Matter) -> None:
        assert run.topic is not None
        names = "、".join(meeting.attendance.filter(present=True).values_list("name", flat=True)[:9])
        services.topic_step_record(
            topic=run.topic,
            actor=self.actor,
            step_code="discuss",
            held_on=when.date(),
            participants=f"村“两委”成员：{names}",
            decision=f"两委联席会议商议，同意提交党员大会审议。方案：{matter.proposal}",
            at=when,
        )

    def road(self) -> None:
        """一事一议: the road, resolved by the villagers' meeting, paid and worked for by households."""
        c, clock, rng = self.councils, self.clock, self.rng
        raised = self.today - rng.randint(150, 170) * DAY
        run = Run(ROAD.title, self.people.place, council=c.villagers)
        villager = self.people.one()
        self.raise_(run, ROAD, raised, Raiser(TopicSource.PUBLIC, villager.name if villager else "村民"))
        accepted = moment(raised + 2 * DAY, 9, 30)
        procedure = Procedure.objects.get(code="one_matter")
        clock.at(
            accepted,
            partial(self._review, services.topic_accept, run, accepted, council=c.villagers, procedure=procedure),
            run,
        )
        clock.step(run, moment(raised + 4 * DAY, 10), "propose", f"村两委提出议事方案：{ROAD.proposal}", "村“两委”成员")
        levied = moment(raised + 10 * DAY, 15)
        clock.at(levied, partial(self._levy, run, levied), run)
        self._meeting(c.villagers, raised + 20 * DAY, 19, "一事一议表决").items.append(Item(run, fate="pass"))
        published = moment(raised + 21 * DAY, 10)
        clock.step(run, published, "publish", "筹资筹劳方案和表决结果在村务公开栏公示，接受村民监督。")
        start = (published + self.publicity).date() + DAY
        self.execute(run, ROAD, start, long_tasks=False, evaluate=None)
        # Households pay and work in the weeks after publicity.
        adults = Counter(p.household_id for p in self.people.adults)
        heads = sorted((p for p in self.people.adults if p.is_head), key=lambda p: p.household_id)
        for head in rng.sample(heads, min(CONTRIBUTING_HOUSEHOLDS, len(heads))):
            on = start + rng.randint(0, 20) * DAY
            money = MONEY_PER_PERSON * adults[head.household_id]
            labour = LABOUR_DAYS * rng.choice((0, 1, 1, 1, 2))
            clock.at(moment(on, 11), partial(self._contribution, run, head, money, labour, on), run)

    def _levy(self, run: Run, when: datetime.datetime) -> None:
        assert run.topic is not None
        people = len(self.people.adults)
        services.levy_plan(
            topic=run.topic,
            actor=self.actor,
            total_cost=Decimal("280000"),
            money_per_person=MONEY_PER_PERSON,
            labour_days_per_person=LABOUR_DAYS,
            people=max(1, people),
            labourers=max(1, people * 2 // 5),
            subsidy=Decimal("200000"),
            held_on=when.date(),
            at=when,
        )

    def _contribution(self, run: Run, head: Any, money: Decimal, labour: Decimal, on: datetime.date) -> None:
        levy = Levy.objects.get(topic=run.topic)
        services.contribution_add(
            levy=levy,
            actor=self.actor,
            name=head.name,
            household=self.people.household(head.household_id),
            money=money,
            labour_days=labour,
            on=on,
        )


def seed_village(clock: Clock, village: Area) -> None:
    rng, today = clock.rng, clock.today
    people = People(village, today, rng)
    founded = today - 760 * DAY
    branch = (
        Organization.objects.filter(area=village, kind__in=(OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE))
        .order_by("depth", "path")
        .first()
    )
    secretary = branch.secretary_name if branch is not None and branch.secretary_name else ""
    staff = (secretary,) if secretary else ()
    name = village.name
    reps = create_council(
        clock.actor, village, "village_reps", f"{name}村民代表会议", founded=founded,
        description="村民代表由村民按每五至十五户推选一人，或由各村民小组推选；讨论决定村民会议授权的事项。",
    )  # fmt: skip
    seat_members(reps, clock.actor, people, residents=20, members=5, founded=founded, today=today, households=True)
    villagers = create_council(
        clock.actor, village, "villagers", f"{name}村民会议", founded=founded,
        description="本村十八周岁以上村民或本村三分之二以上的户代表参加；涉及村民利益的重大事项由村民会议讨论决定。",
    )  # fmt: skip
    party = None
    if branch is not None:
        party = create_council(
            clock.actor, village, "party_general", f"{branch.name}党员大会", founded=founded, organization=branch,
            description="村党支部全体党员参加，审议村党组织提议和两委商议的方案。",
        )  # fmt: skip
    two = create_council(
        clock.actor, village, "two_committees", f"{name}两委联席会议", founded=founded,
        description="村党支部委员会和村民委员会成员共同商议村级重大事项。",
    )  # fmt: skip
    seat_members(two, clock.actor, people, residents=3, members=3, founded=founded, today=today, staff=staff)
    seated = list(two.members.values_list("name", flat=True))
    if party is None:
        return
    councils = Councils(reps, villagers, party, two, seated[0], seated[1] if len(seated) > 1 else "")
    VillagePlanner(clock, rng, councils, people).plan_all()
