"""The demo's clock: every write is an event at a moment of the past, run in time order through
the services (each back-dated with its `at=`), so the state machines see the same order a real
office would have made. Events at or after the cut-off (the start of `today`) are not run: a
topic whose next moment is still to come stays where it is today."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from tongxin.council.consultation import rules, services
from tongxin.council.consultation.models import (
    CODE_LENGTH,
    Council,
    CouncilMeeting,
    QuorumBasis,
    Task,
    Topic,
    VoteMethod,
    VoteResult,
)
from tongxin.council.consultation.services._common import CODE_ALPHABET
from tongxin.platform.calendar import SHANGHAI

Event = tuple[datetime.datetime, int, Callable[[], None]]


def moment(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@dataclass
class Run:
    """One topic as the demo means it to go, and the rows it has so far."""

    title: str
    area: Any
    council: Council | None = None
    raised: datetime.date | None = None
    topic: Topic | None = None
    tasks: list[Task] = field(default_factory=list)
    # Set when a vote did not go as planned (it cannot at these counts): the rest is not run.
    stuck: bool = False


@dataclass
class Item:
    run: Run
    # "pass" / "fail": a vote; "" an item discussed only, with `record` run at its time.
    fate: str = ""
    record: Callable[[datetime.datetime, CouncilMeeting], None] | None = None


@dataclass
class MeetingPlan:
    council: Council
    starts: datetime.datetime
    title: str
    place: str
    chair: str
    clerk: str
    items: list[Item] = field(default_factory=list)
    meeting: CouncilMeeting | None = None


class Clock:
    """Events and meetings of one place, run in time order."""

    def __init__(self, *, actor: Any, today: datetime.date, rng: random.Random, codes: set[str]) -> None:
        self.actor, self.today, self.rng, self.codes = actor, today, rng, codes
        self.cutoff = moment(today, 0)
        self.events: list[Event] = []
        self.meetings: dict[tuple[int, datetime.date], MeetingPlan] = {}

    # --- scheduling ---------------------------------------------------------------------------

    def at(self, when: datetime.datetime, action: Callable[[], None], run: Run | None = None) -> bool:
        """Schedule `action` at `when`; False (and not scheduled) when it would be today or later."""
        if when >= self.cutoff:
            return False

        def guarded() -> None:
            if run is None or not run.stuck:
                action()

        self.events.append((when, len(self.events), guarded))
        return True

    def meeting(
        self, council: Council, starts: datetime.datetime, *, title: str, place: str, chair: str = "", clerk: str = ""
    ) -> MeetingPlan:
        key = (council.pk, starts.date())
        plan = self.meetings.get(key)
        if plan is None:
            plan = MeetingPlan(council, starts, title, place, chair, clerk)
            self.meetings[key] = plan
        return plan

    def run(self) -> dict[str, int]:
        for plan in self.meetings.values():
            self._schedule_meeting(plan)
        for _when, _seq, action in sorted(self.events, key=lambda e: (e[0], e[1])):
            action()
        return {"meetings": sum(1 for p in self.meetings.values() if p.meeting is not None)}

    # --- topics -------------------------------------------------------------------------------

    def code(self) -> str:
        """A tracking code from the seed (the same on a rerun), never one already taken."""
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def raise_topic(self, run: Run, when: datetime.datetime, **values: Any) -> None:
        code = self.code()

        def act() -> None:
            topic = services.topic_raise(actor=None, area=run.area, title=run.title, at=when, **values)
            Topic.objects.filter(pk=topic.pk).update(tracking_code=code)
            topic.tracking_code = code
            run.topic = topic

        self.at(when, act)

    def step(self, run: Run, when: datetime.datetime, code: str, decision: str = "", participants: str = "") -> bool:
        def act() -> None:
            assert run.topic is not None
            services.topic_step_record(
                topic=run.topic,
                actor=self.actor,
                step_code=code,
                held_on=when.date(),
                decision=decision,
                participants=participants,
                at=when,
            )

        return self.at(when, act, run)

    # --- meetings -----------------------------------------------------------------------------

    def _schedule_meeting(self, plan: MeetingPlan) -> None:
        """Called once the items are known: notice three days before (or now, for a meeting to
        come), the agenda, attendance at the start, then each item in turn."""
        notice = plan.starts - datetime.timedelta(days=3)
        if plan.starts >= self.cutoff:
            # A meeting to come: called now, with its agenda, and nothing more.
            notice = self.cutoff - datetime.timedelta(hours=3)
        self.at(notice, lambda: self._create(plan))
        if not self.at(plan.starts, lambda: self._attendance(plan)):
            return
        for i, item in enumerate(plan.items):
            when = plan.starts + datetime.timedelta(minutes=20 * (i + 1))
            self.at(when, partial(self._item, plan, item, when), item.run)

    def _create(self, plan: MeetingPlan) -> None:
        plan.meeting = services.meeting_create(
            council=plan.council,
            actor=self.actor,
            title=plan.title,
            starts_at=plan.starts,
            place=plan.place,
            chaired_by=plan.chair,
            recorded_by_name=plan.clerk,
        )
        for item in plan.items:
            if item.run.topic is not None and not item.run.stuck:
                services.agenda_add(meeting=plan.meeting, actor=self.actor, topic=item.run.topic)

    def _attendance(self, plan: MeetingPlan) -> None:
        assert plan.meeting is not None
        meeting = services.attendance_open(meeting=plan.meeting, actor=self.actor)
        kind = meeting.council.kind
        rng = random.Random(f"{self.rng.random()}")
        entitled = meeting.entitled_count or 0
        quorum = rules.needed(entitled, kind.quorum_num, kind.quorum_den, strict=kind.quorum_strict)
        if kind.quorum_basis == QuorumBasis.VILLAGERS:
            present = min(entitled, max(quorum, round(entitled * rng.uniform(0.55, 0.72))))
            households = meeting.households_count or 0
            plan.meeting = services.villagers_present(
                meeting=meeting,
                actor=self.actor,
                present=present,
                households_present=min(households, round(households * rng.uniform(0.7, 0.88))),
            )
            return
        rows = list(meeting.attendance.order_by("pk").values_list("pk", flat=True))
        present = min(entitled, max(quorum, round(entitled * rng.uniform(0.72, 0.96))))
        chosen = set(rng.sample(rows, present))
        away = [pk for pk in rows if pk not in chosen]
        notes = {pk: rng.choice(("请假", "外出", "身体不适")) for pk in away[:2]}
        services.attendance_mark(meeting=meeting, actor=self.actor, present=sorted(chosen), notes=notes)
        plan.meeting = meeting

    def _item(self, plan: MeetingPlan, item: Item, when: datetime.datetime) -> None:
        meeting, topic = plan.meeting, item.run.topic
        if meeting is None or topic is None or not meeting.items.filter(topic=topic).exists():
            item.run.stuck = True
            return
        if item.record is not None:
            item.record(when, meeting)
        if not item.fate:
            return
        agenda = meeting.items.get(topic=topic)
        kind = meeting.council.kind
        rng = random.Random(f"{self.rng.random()}")
        methods = [VoteMethod.HANDS] * 6 + [VoteMethod.SECRET] * 2
        if kind.quorum_basis != QuorumBasis.VILLAGERS:
            methods += [VoteMethod.NAMED] * 2
        method = rng.choice(methods)
        vote = services.vote_open(
            item=agenda, actor=self.actor, method=method, question=f"是否同意《{topic.title}》方案"
        )
        count = services.head_count(meeting)
        yes, no, abstain = tally(kind, count, item.fate, rng)
        if method == VoteMethod.NAMED:
            present = list(meeting.attendance.filter(present=True).order_by("pk").values_list("pk", flat=True))
            rng.shuffle(present)
            choices = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
            services.ballots_record(vote=vote, actor=self.actor, choices=dict(zip(present, choices, strict=False)))
        else:
            services.vote_count(vote=vote, actor=self.actor, yes=yes, no=no, abstain=abstain)
        vote = services.vote_close(vote=vote, actor=self.actor, at=when + datetime.timedelta(minutes=10))
        expected = VoteResult.PASSED if item.fate == "pass" else VoteResult.FAILED
        if vote.result != expected:
            item.run.stuck = True
        topic.refresh_from_db()


def tally(kind: Any, count: rules.Count, fate: str, rng: random.Random) -> tuple[int, int, int]:
    """Yes, no and abstaining among those present, passing or failing by the kind's rule."""
    present = count.present
    base = count.entitled if kind.majority_of_entitled else present
    need = rules.needed(base, kind.majority_num, kind.majority_den, strict=kind.majority_strict)
    if fate == "pass":
        yes = max(min(need, present), present - rng.choice((0, 0, 1, 1, 2, 3, 5)) * max(1, present // 12))
    else:
        yes = max(0, min(need - 1, round(present * rng.uniform(0.25, 0.48))))
    rest = present - yes
    no = rest - rng.randint(0, rest // 2) if rest else 0
    return yes, no, rest - no
