"""Carrying a decision out: tasks with an owner, milestones, due dates and progress.

Tasks are added only when carrying out is the topic's next step and the publicity before it has
ended unopposed (nothing is carried out during 公示). When the last task is done the system
records the carrying-out step: the topic is done, the raiser is told, a case behind it closes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.council.consultation.exceptions import StepRefused
from tongxin.council.consultation.models import Milestone, StepKind, Task, Topic
from tongxin.council.consultation.services._common import check_runs, clean
from tongxin.council.consultation.services.topics import _refuse_during_publicity, next_step, topic_step_record
from tongxin.platform.access.actor import Actor, signed_in
from tongxin.platform.core.audit import audit_record
from tongxin.platform.core.exceptions import DomainError


def _check_executing(topic: Topic, when: datetime.datetime) -> None:
    topic.refresh_from_db()
    step = next_step(topic)
    if step is None or step.kind != StepKind.EXECUTE:
        raise StepRefused(_("Tasks are added once the decision is published and its publicity is over."), code="order")
    _refuse_during_publicity(topic, when)


@transaction.atomic
def task_add(
    *,
    topic: Topic,
    actor: Actor,
    title: str,
    owner_name: str,
    due_on: datetime.date,
    owner: Any = None,
    milestones: Iterable[tuple[str, datetime.date]] = (),
    at: datetime.datetime | None = None,
) -> Task:
    check_runs(actor, topic.area)
    _check_executing(topic, at or timezone.now())
    task = Task.objects.create(
        topic=topic,
        title=clean(title, 100, field="title", required=True),
        owner_name=clean(owner_name, 50, field="owner_name", required=True),
        owner=owner,
        due_on=due_on,
    )
    for name, day in milestones:
        Milestone.objects.create(task=task, title=clean(name, 100, field="milestones", required=True), due_on=day)
    audit_record(actor=actor, action="create", obj=task, changes={"topic": topic.pk, "title": task.title})
    return task


@transaction.atomic
def task_progress(
    *,
    task: Task,
    actor: Actor,
    progress: int,
    note: str = "",
    done_on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Task:
    """Report progress; at 100 % (or with a date done) the task is done. The topic's last task
    done records the carrying-out step."""
    topic = task.topic
    check_runs(actor, topic.area)
    when = at or timezone.now()
    if task.done_on is not None:
        raise StepRefused(_("This task is already done."), code="done")
    if not 0 <= progress <= 100:
        raise DomainError({"progress": _("Enter a percentage from 0 to 100.")})
    task.progress = 100 if done_on else progress
    task.note = clean(note, 2000, field="note") or task.note
    if task.progress == 100:
        task.done_on = done_on or timezone.localdate(when)
        if task.done_on > timezone.localdate(when):
            raise DomainError({"done_on": _("A task cannot be done in the future.")})
    task.save(update_fields=["progress", "note", "done_on", "updated_at"])
    audit_record(actor=actor, action="update", obj=task, changes={"progress": [None, task.progress]})
    if task.done_on is not None and not topic.tasks.filter(done_on__isnull=True).exists():
        step = next_step(topic)
        if step is not None and step.kind == StepKind.EXECUTE:
            Topic.objects.filter(pk=topic.pk).update(outcome=task.note or topic.outcome)
            topic.refresh_from_db()
            outcome = "；".join(
                t.title + (f"：{t.note}" if t.note else "") for t in topic.tasks.order_by("due_on", "pk")
            )
            Topic.objects.filter(pk=topic.pk).update(outcome=outcome[:4000])
            topic_step_record(
                topic=topic,
                actor=signed_in(actor),
                step_code=step.code,
                held_on=task.done_on,
                decision=_("All %(n)d tasks done.") % {"n": topic.tasks.count()},
                at=when,
                system=True,
            )
    return task


@transaction.atomic
def milestone_done(*, milestone: Milestone, actor: Actor, on: datetime.date | None = None) -> Milestone:
    check_runs(actor, milestone.task.topic.area)
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise DomainError({"on": _("A milestone cannot be reached in the future.")})
    Milestone.objects.filter(pk=milestone.pk).update(done_on=day)
    milestone.refresh_from_db()
    return milestone
