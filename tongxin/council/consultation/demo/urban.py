"""A community's councils taking topics through 城乡社区协商: set, plan, consult, vote, publish,
carry out, evaluate — each topic planned from the day it is raised, run by the clock."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.utils import timezone

from tongxin.council.consultation import services
from tongxin.council.consultation.demo.texts import COMMENTS_FAIR, COMMENTS_GOOD, OBJECTION, Matter
from tongxin.council.consultation.demo.timeline import Clock, Item, Run, moment
from tongxin.council.consultation.models import Council, Objection, TopicSource
from tongxin.platform.access.models import User

DAY = datetime.timedelta(days=1)


@dataclass
class Sitting:
    """How a council meets: every four weeks from its first meeting, at one hour and place."""

    council: Council
    first: datetime.date
    hour: int
    place: str
    chair: str
    clerk: str
    every: int = 28

    def slot(self, after: datetime.date) -> datetime.date:
        if after <= self.first:
            return self.first
        return self.first + datetime.timedelta(days=-(-(after - self.first).days // self.every) * self.every)


@dataclass
class Raiser:
    source: str
    name: str
    unit: Any = None


class UrbanPlanner:
    """Plans topics of one community on a clock (nothing is written until the clock runs)."""

    def __init__(self, clock: Clock, rng: random.Random, owner: User | None = None) -> None:
        self.clock, self.rng, self.owner = clock, rng, owner
        self.actor, self.today = clock.actor, clock.today
        self.publicity = datetime.timedelta(days=settings.CONSULTATION_PUBLICITY_DAYS)

    def at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return moment(day, hour, minute)

    def raise_(self, run: Run, matter: Matter, raised: datetime.date, raiser: Raiser) -> None:
        self.clock.raise_topic(
            run,
            self.at(raised, self.rng.randint(8, 21), self.rng.choice((0, 10, 25, 40))),
            description=matter.description,
            source=raiser.source,
            raiser_name=raiser.name,
            unit=raiser.unit,
            people_affected=matter.affected,
        )

    def declined(self, run: Run, description: str, reason: str, raised: datetime.date, raiser: Raiser) -> None:
        self.raise_(run, Matter(run.title, description, "", "", ()), raised, raiser)
        when = self.at(raised + self.rng.randint(1, 4) * DAY, 10)
        self.clock.at(when, partial(self._review, services.topic_decline, run, when, reason=reason), run)

    def merged(self, run: Run, into: Run, description: str, raised: datetime.date, raiser: Raiser) -> None:
        self.raise_(run, Matter(run.title, description, "", "", ()), raised, raiser)
        when = self.at(raised + self.rng.randint(1, 3) * DAY, 10, 30)
        self.clock.at(when, lambda: self._merge(run, into, when), run)

    def _merge(self, run: Run, into: Run, when: datetime.datetime) -> None:
        assert run.topic is not None and into.topic is not None
        services.topic_merge(
            topic=run.topic, actor=self.actor, into=into.topic, reason="与已受理的议题是同一件事，合并办理。", at=when
        )

    def _review(self, service: Any, run: Run, when: datetime.datetime, **values: Any) -> None:
        assert run.topic is not None
        service(topic=run.topic, actor=self.actor, at=when, **values)

    def topic(
        self,
        sitting: Sitting,
        run: Run,
        matter: Matter,
        raised: datetime.date,
        raiser: Raiser,
        *,
        fate: str = "done",
        meeting_on: datetime.date | None = None,
        objection: bool = False,
        long_tasks: bool = False,
    ) -> None:
        """Plan one topic; `fate` is "done", "fail" (voted down), "raised" (waiting for review) or
        "awaiting" (its meeting is still to come). Whatever falls today or later is not run."""
        rng, clock, council = self.rng, self.clock, sitting.council
        run.council = council
        self.raise_(run, matter, raised, raiser)
        if fate == "raised":
            return
        accepted = raised + rng.randint(1, 4) * DAY
        when = self.at(accepted, 9, 30)
        clock.at(when, partial(self._review, services.topic_accept, run, when, council=council), run)
        clock.step(
            run, self.at(accepted, 10, 30), "set", f"经{council.name}召集人会同社区“两委”研究，确定为本期协商议题。"
        )
        planned = accepted + rng.randint(2, 5) * DAY
        day = meeting_on or sitting.slot(planned + 4 * DAY)
        if fate == "awaiting":
            day = sitting.slot(max(planned + 4 * DAY, self.today + DAY))
        special = meeting_on is not None and meeting_on != sitting.slot(meeting_on)
        starts = self.at(day, sitting.hour, 0 if sitting.hour != 19 else 30)
        clock.step(
            run,
            self.at(planned, 10),
            "plan",
            f"在公示栏和居民微信群公布协商方案：{day.month}月{day.day}日在{sitting.place}召开协商会议，"
            f"邀请{matter.stakeholders}参加。",
        )
        consult_text = matter.proposal
        participants = f"{council.name}成员，{matter.stakeholders}"
        early = day - rng.randint(3, 7) * DAY
        item = Item(run, fate="fail" if fate == "fail" else "pass")
        if early > planned and rng.random() < 0.4:
            clock.step(run, self.at(early, 19), "consult", consult_text, participants)
        else:
            item.record = lambda when, _meeting: self._consult(run, when, consult_text, participants)
        title = (
            f"{council.name}专题协商会（{day.month}月{day.day}日）"
            if special
            else f"{council.name}{day.year}年{day.month}月例会"
        )
        clock.meeting(
            council, starts, title=title, place=sitting.place, chair=sitting.chair, clerk=sitting.clerk
        ).items.append(item)
        if fate in ("fail", "awaiting"):
            return
        # A special meeting a few days ago published the next morning: in publicity today.
        published = day + (DAY if meeting_on is not None else rng.randint(1, 3) * DAY)
        clock.step(
            run,
            self.at(published, 10),
            "publish",
            f"协商结果在社区公示栏、居民微信群和同心平台公示{self.publicity.days}天。",
        )
        ends = self.at(published, 10) + self.publicity
        if objection:
            raised_at = self.at(published + 2 * DAY, 20, 15)
            answered = self.at(published + 4 * DAY, 10)
            clock.at(raised_at, lambda: self._object(run, raised_at), run)
            clock.at(answered, lambda: self._answer(run, answered), run)
            ends = answered + self.publicity
        self.execute(run, matter, ends.date() + DAY, long_tasks=long_tasks, evaluate=raiser)

    def _consult(self, run: Run, when: datetime.datetime, text: str, participants: str) -> None:
        assert run.topic is not None
        services.topic_step_record(
            topic=run.topic,
            actor=self.actor,
            step_code="consult",
            held_on=when.date(),
            participants=participants,
            decision=text,
            at=when,
        )

    def _object(self, run: Run, when: datetime.datetime) -> None:
        assert run.topic is not None
        services.objection_raise(topic=run.topic, text=OBJECTION[0], name="刘先生", at=when)

    def _answer(self, run: Run, when: datetime.datetime) -> None:
        objection = Objection.objects.filter(topic=run.topic).latest("id")
        services.objection_answer(objection=objection, actor=self.actor, answer=OBJECTION[1], uphold=False, at=when)

    def execute(
        self, run: Run, matter: Matter, start: datetime.date, *, long_tasks: bool, evaluate: Raiser | None
    ) -> None:
        """Tasks once publicity is over: milestones, progress half-way, done; then the evaluation."""
        rng, clock = self.rng, self.clock
        last = start
        for n, (title, owner_name, note) in enumerate(matter.tasks):
            days = rng.randint(60, 120) if long_tasks else rng.randint(6, 40)
            done = start + (days + n * rng.randint(0, 6)) * DAY
            due = done + rng.randint(-4, 10) * DAY
            milestones = [("方案确定", start + max(1, days // 3) * DAY), ("完成验收", due)]
            added = self.at(start, 9, n)
            clock.at(added, partial(self._task, run, title, owner_name, due, milestones, added), run)
            mid = start + (days // 2) * DAY
            percent = rng.choice((30, 40, 50, 60, 70))
            clock.at(self.at(mid, 16), partial(self._progress, run, n, percent, self.at(mid, 16)), run)
            clock.at(self.at(mid, 16, 5), partial(self._milestone, run, n, 0, mid), run)
            clock.at(self.at(done, 17), partial(self._done, run, n, note, done), run)
            clock.at(self.at(done, 17, 5), partial(self._milestone, run, n, 1, done), run)
            last = max(last, done)
        if evaluate is None:
            return
        rated = last + rng.randint(3, 20) * DAY
        if evaluate.source == TopicSource.PUBLIC:
            stars = rng.choice((5, 5, 5, 5, 4, 4, 4, 3, 5, 2))
            comment = rng.choice(COMMENTS_GOOD if stars >= 4 else COMMENTS_FAIR)
            clock.at(self.at(rated, 20), partial(self._rate, run, stars, comment, self.at(rated, 20)), run)
        else:
            clock.step(
                run,
                self.at(rated, 15),
                "evaluate",
                f"议事会回访相关住户{rng.randint(8, 30)}户，{rng.choice(('全部', '绝大多数'))}表示满意，问题已解决。",
            )

    def _task(
        self, run: Run, title: str, owner_name: str, due: datetime.date, milestones: Any, when: datetime.datetime
    ) -> None:
        assert run.topic is not None
        owner = self.owner if self.owner is not None and owner_name == "网格员" else None
        run.tasks.append(
            services.task_add(
                topic=run.topic,
                actor=self.actor,
                title=title,
                owner_name=(owner.display_name if owner else owner_name)[:50],
                owner=owner,
                due_on=due,
                milestones=milestones,
                at=when,
            )
        )

    def _progress(self, run: Run, n: int, percent: int, when: datetime.datetime) -> None:
        if n < len(run.tasks):
            services.task_progress(task=run.tasks[n], actor=self.actor, progress=percent, note="按计划推进中", at=when)

    def _done(self, run: Run, n: int, note: str, day: datetime.date) -> None:
        if n < len(run.tasks):
            services.task_progress(
                task=run.tasks[n], actor=self.actor, progress=100, note=note, done_on=day, at=self.at(day, 17)
            )

    def _milestone(self, run: Run, n: int, index: int, day: datetime.date) -> None:
        if n >= len(run.tasks):
            return
        milestones = list(run.tasks[n].milestones.order_by("due_on", "id"))
        if index < len(milestones) and day <= timezone.localdate():
            services.milestone_done(milestone=milestones[index], actor=self.actor, on=day)

    def _rate(self, run: Run, stars: int, comment: str, when: datetime.datetime) -> None:
        assert run.topic is not None
        services.topic_rate(topic=run.topic, rating=stars, comment=comment, at=when)
