"""Every write of consultation: one function per use case, each checking its actor itself."""

from tongxin.council.consultation.services.councils import council_create, council_update, member_add, member_end
from tongxin.council.consultation.services.execution import milestone_done, task_add, task_progress
from tongxin.council.consultation.services.levy import contribution_add, levy_plan
from tongxin.council.consultation.services.meetings import (
    agenda_add,
    agenda_remove,
    attendance_mark,
    attendance_open,
    ballots_record,
    head_count,
    item_discussion,
    meeting_create,
    minutes_save,
    villagers_present,
    vote_close,
    vote_count,
    vote_open,
)
from tongxin.council.consultation.services.objections import objection_answer, objection_raise
from tongxin.council.consultation.services.topics import (
    next_step,
    open_publication,
    topic_accept,
    topic_decline,
    topic_merge,
    topic_raise,
    topic_rate,
    topic_step_record,
)

__all__ = [
    "agenda_add",
    "agenda_remove",
    "attendance_mark",
    "attendance_open",
    "ballots_record",
    "contribution_add",
    "council_create",
    "council_update",
    "head_count",
    "item_discussion",
    "levy_plan",
    "meeting_create",
    "member_add",
    "member_end",
    "milestone_done",
    "minutes_save",
    "next_step",
    "objection_answer",
    "objection_raise",
    "open_publication",
    "task_add",
    "task_progress",
    "topic_accept",
    "topic_decline",
    "topic_merge",
    "topic_raise",
    "topic_rate",
    "topic_step_record",
    "villagers_present",
    "vote_close",
    "vote_count",
    "vote_open",
]
