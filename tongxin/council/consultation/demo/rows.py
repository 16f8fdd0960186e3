"""Rows of a topic's life built in memory and written with `bulk_create`, keeping what the
services keep: steps in the procedure's order with no gaps, `next_position` one past the last
live step, the state and its dates as the step that set them left them, each vote's result by
its council kind's rule, publicity periods of the configured length, nothing dated on or after
the cut-off (the start of today).

Each write is an event at a moment; a topic's events are taken in time order and its history
stops at the first one at or after the cut-off, where the services' demo would have stopped too
(tongxin.council.consultation.demo.timeline). No audit records: nobody recorded these rows.
"""

from __future__ import annotations

import contextlib
import datetime
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.consultation import rules
from tongxin.council.consultation.demo.timeline import moment, tally
from tongxin.council.consultation.demo.urban import Sitting
from tongxin.council.consultation.models import (
    AgendaItem,
    Attendance,
    Council,
    CouncilMeeting,
    CouncilMember,
    MeetingStatus,
    Milestone,
    ProcedureStep,
    QuorumBasis,
    StepKind,
    Task,
    Topic,
    TopicState,
    TopicStep,
    Vote,
    VoteMethod,
    VoteResult,
)
from tongxin.council.consultation.services._common import CODE_ALPHABET
from tongxin.council.consultation.services.meetings import entitled_on

DAY = datetime.timedelta(days=1)
# Parents before children: each list is written after the ones it refers to have their ids.
ORDER: tuple[type[models.Model], ...] = (
    Council,
    CouncilMember,
    Topic,
    CouncilMeeting,
    AgendaItem,
    Attendance,
    Vote,
    TopicStep,
    Task,
    Milestone,
)
DATED = (Council, Topic, CouncilMeeting, Task)
BATCH = 2000


@contextlib.contextmanager
def own_timestamps() -> Iterator[None]:
    """`created_at`/`updated_at` as the rows say (the history's moments), not the time of writing."""
    fields = [m._meta.get_field(name) for m in DATED for name in ("created_at", "updated_at")]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]  # type: ignore[union-attr]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False  # type: ignore[union-attr]
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add  # type: ignore[union-attr]


@dataclass
class Held:
    """A council's meeting as built: its attendance once, its items as topics are put on it."""

    meeting: CouncilMeeting
    count: rules.Count | None = None
    items: list[AgendaItem] = field(default_factory=list)


class Rows:
    """Everything the light history writes, in memory until `write()`."""

    def __init__(self, *, actor: Any, today: datetime.date, rng: random.Random, codes: set[str]) -> None:
        self.actor, self.today, self.rng, self.codes = actor, today, rng, codes
        self.cutoff = moment(today, 0)
        self.rows: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self.publicity = datetime.timedelta(days=settings.CONSULTATION_PUBLICITY_DAYS)
        self.steps: dict[int, list[ProcedureStep]] = defaultdict(list)
        for step in ProcedureStep.objects.order_by("procedure_id", "position"):
            self.steps[step.procedure_id].append(step)
        self.meetings: dict[tuple[int, datetime.date], Held] = {}
        # Each council's seats (built here, not yet written) and the household each represents.
        self.rosters: dict[int, list[tuple[CouncilMember, int | None]]] = {}

    def add(self, obj: Any) -> Any:
        self.rows[type(obj)].append(obj)
        return obj

    def before_cutoff(self, when: datetime.datetime) -> bool:
        return when < self.cutoff

    def code(self) -> str:
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(8))
            if code not in self.codes:
                self.codes.add(code)
                return code

    # --- steps ---------------------------------------------------------------------------------

    def step(self, topic: Topic, code: str, when: datetime.datetime, decision: str = "", **values: Any) -> bool:
        """The procedure's next step, if it falls before the cut-off; False (nothing written) otherwise."""
        if when >= self.cutoff:
            return False
        step = self.steps[topic.procedure_id or 0][topic.next_position - 1]
        assert step.code == code, (topic.title, code, step.code)
        row = TopicStep(
            topic=topic,
            step=step,
            position=step.position,
            held_on=values.pop("held_on", None) or timezone.localdate(when),
            decision=decision,
            recorded_by=values.pop("recorded_by", self.actor),
            recorded_at=when,
            **values,
        )
        self.add(row)
        topic.next_position += 1
        topic.updated_at = when
        topic.publicity_ends = row.publicity_ends if step.kind == StepKind.PUBLISH else None
        return True

    def publish(self, topic: Topic, code: str, when: datetime.datetime, text: str) -> datetime.datetime | None:
        """Publication: its period ends `CONSULTATION_PUBLICITY_DAYS` later (None: not published yet)."""
        ends = when + self.publicity
        return ends if self.step(topic, code, when, text, publicity_starts=when, publicity_ends=ends) else None

    # --- meetings and votes ------------------------------------------------------------------

    def meeting(self, sitting: Sitting, day: datetime.date, title: str) -> Held | None:
        """The council's meeting that day: held (attendance taken) if it started before the
        cut-off, else called with its agenda if it is the next one, else not yet called (None)."""
        council = sitting.council
        key = (id(council), day)
        held = self.meetings.get(key)
        if held is not None:
            return held
        starts = moment(day, sitting.hour, 30 if sitting.hour == 19 else 0)
        if starts >= self.cutoff and day != sitting.slot(self.today):
            return None
        called = min(starts - 3 * DAY, self.cutoff - datetime.timedelta(hours=3))
        meeting = CouncilMeeting(
            council=council,
            title=title,
            starts_at=starts,
            place=sitting.place,
            chaired_by=sitting.chair,
            recorded_by_name=sitting.clerk,
            created_by=self.actor,
            created_at=called,
            updated_at=called,
        )
        held = self.meetings[key] = Held(self.add(meeting))
        if starts < self.cutoff:
            held.count = self._attendance(meeting, sitting)
        return held

    def _attendance(self, meeting: CouncilMeeting, sitting: Sitting) -> rules.Count:
        """Who was entitled that day, kept as it was, and who came (at least a quorum)."""
        council, kind = sitting.council, sitting.council.kind
        rng = random.Random(f"{self.rng.random()}")
        day = timezone.localdate(meeting.starts_at)
        if kind.quorum_basis == QuorumBasis.PARTY:
            rows = entitled_on(council, day)
        else:
            rows = [
                {
                    "member": m,
                    "resident_id": m.resident_id,
                    "party_member_id": m.party_member_id,
                    "represents_household": m.represents_household,
                    "household_id_snapshot": household,
                    "name": m.name,
                }
                for m, household in self.rosters.get(id(council), [])
                if m.term_start <= day and (m.term_end is None or m.term_end >= day)
            ]
        entitled = len(rows)
        quorum = rules.needed(entitled, kind.quorum_num, kind.quorum_den, strict=kind.quorum_strict)
        present = min(entitled, max(quorum, round(entitled * rng.uniform(0.72, 0.96))))
        chosen = set(rng.sample(range(entitled), present))
        households: set[int] = set()
        households_present: set[int] = set()
        for n, values in enumerate(rows):
            name = values.pop("name")
            row = Attendance(meeting=meeting, present=n in chosen, **values)
            member = values.get("member")
            if member is not None:
                row.name, row.name_pinyin, row.name_initials = member.name, member.name_pinyin, member.name_initials
            else:
                row.set_name(name)
            if n not in chosen and len(chosen) < entitled and n % 3 == 0:
                row.note = rng.choice(("请假", "外出", "身体不适"))
            self.add(row)
            if row.represents_household and row.household_id_snapshot:
                households.add(row.household_id_snapshot)
                if row.present:
                    households_present.add(row.household_id_snapshot)
        meeting.status = MeetingStatus.HELD
        meeting.entitled_count, meeting.households_count = entitled, len(households)
        meeting.attendance_taken_at = meeting.updated_at = meeting.starts_at
        return rules.Count(entitled, present, len(households), len(households_present))

    def item(self, held: Held, topic: Topic) -> tuple[AgendaItem, datetime.datetime]:
        item = self.add(AgendaItem(meeting=held.meeting, topic=topic, position=len(held.items) + 1))
        held.items.append(item)
        return item, held.meeting.starts_at + datetime.timedelta(minutes=20 * item.position)

    def vote(self, held: Held, item: AgendaItem, topic: Topic, fate: str, when: datetime.datetime) -> str:
        """Votes on the item by the council's rule and returns the result (`VoteResult`); the
        step is the caller's (a passed vote that is the topic's next step records it)."""
        assert held.count is not None
        kind = held.meeting.council.kind
        rng = random.Random(f"{self.rng.random()}")
        yes, no, abstain = tally(kind, held.count, fate, rng)
        result = rules.outcome(kind, held.count, yes)
        closed = when + datetime.timedelta(minutes=10)
        vote = Vote(
            item=item,
            method=rng.choice((VoteMethod.HANDS,) * 3 + (VoteMethod.SECRET,)),
            question=f"是否同意《{topic.title}》方案",
            yes=yes,
            no=no,
            abstain=abstain,
            present_count=held.count.present,
            entitled_count=held.count.entitled,
            households_present=held.count.households_present,
            quorum_met=result != VoteResult.NO_QUORUM,
            result=result,
            closed_at=closed,
            closed_by=self.actor,
        )
        self.add(vote)
        return result

    def voted(self, topic: Topic, code: str, held: Held, vote_result: str, last_vote: bool) -> bool:
        """What a closed vote does to the topic: passed, the step (and DECIDED if it is the
        procedure's last vote); failed, REJECTED. False when the topic goes no further."""
        item = held.items[-1]
        vote: Vote = self.rows[Vote][-1]  # type: ignore[assignment]
        assert vote.item is item and vote.closed_at is not None
        when = vote.closed_at
        if vote_result == VoteResult.FAILED:
            topic.state, topic.decided_on, topic.updated_at = TopicState.REJECTED, timezone.localdate(when), when
            return False
        if vote_result != VoteResult.PASSED:
            return False
        text = _("%(question)s: passed, %(yes)d yes, %(no)d no, %(abstain)d abstaining.") % {
            "question": vote.question,
            "yes": vote.yes,
            "no": vote.no,
            "abstain": vote.abstain,
        }
        day = timezone.localdate(held.meeting.starts_at)
        self.step(topic, code, when, text, held_on=day, vote=vote, meeting=held.meeting)
        if last_vote:
            topic.state, topic.decided_on, topic.decision = TopicState.DECIDED, day, text
        return True

    # --- carrying out ---------------------------------------------------------------------------

    def execute(self, topic: Topic, tasks: Any, start: datetime.date, *, owner: Any = None) -> datetime.date | None:
        """Tasks added the day after publicity, progress half-way, done; the carrying-out step
        when the last is done. Returns the day it was carried out (None: not yet)."""
        rng = self.rng
        done_days: list[datetime.date | None] = []
        built: list[Task] = []
        for n, (title, owner_name, note) in enumerate(tasks):
            added = moment(start, 9, n)
            if added >= self.cutoff:
                break
            days = rng.randint(6, 40)
            done = start + (days + n * rng.randint(0, 6)) * DAY
            due = done + rng.randint(-4, 10) * DAY
            mid = start + (days // 2) * DAY
            task = Task(
                topic=topic,
                title=title,
                owner_name=(owner.display_name if owner is not None and owner_name == "网格员" else owner_name)[:50],
                owner=owner if owner_name == "网格员" else None,
                due_on=due,
                created_at=added,
                updated_at=added,
            )
            if moment(mid, 16) < self.cutoff:
                task.progress, task.note, task.updated_at = (
                    rng.choice((30, 40, 50, 60, 70)),
                    "按计划推进中",
                    moment(mid, 16),
                )
            if moment(done, 17) < self.cutoff:
                task.progress, task.note, task.done_on, task.updated_at = 100, note, done, moment(done, 17)
            self.add(task)
            built.append(task)
            done_days.append(task.done_on)
            for name, day, reached in (("方案确定", start + max(1, days // 3) * DAY, mid), ("完成验收", due, done)):
                self.add(
                    Milestone(task=task, title=name, due_on=day, done_on=reached if reached < self.today else None)
                )
            topic.updated_at = max(topic.updated_at, task.updated_at)
        if len(built) < len(tasks) or not built or any(d is None for d in done_days):
            return None
        last = max(d for d in done_days if d is not None)
        ordered = sorted(enumerate(built), key=lambda pair: (pair[1].due_on, pair[0]))
        topic.outcome = "；".join(t.title + (f"：{t.note}" if t.note else "") for _n, t in ordered)[:4000]
        self.step(topic, "carry_out", moment(last, 17), _("All %(n)d tasks done.") % {"n": len(built)}, held_on=last)
        topic.state, topic.done_on = TopicState.DONE, last
        return last

    # --- writing ------------------------------------------------------------------------------

    def write(self) -> dict[str, int]:
        with own_timestamps():
            for model in ORDER:
                rows = self.rows.get(model, [])
                if rows:
                    model._default_manager.bulk_create(rows, batch_size=BATCH)
        return {model.__name__: len(self.rows.get(model, [])) for model in ORDER}
