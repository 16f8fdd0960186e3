# ruff: noqa: E501  (the matrix reads as a table)
"""Permission-matrix rows of the council and topic pages (see matrix.py).

Reading takes Perm.VIEW over the place (a grid worker and a building leader see a topic of their
building, not the community's council); changing takes Perm.CONSULT (admin, community secretary):
the subdistrict, the grid worker and the building leader see but may not act (403); outside the
place it is a 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse as R

from tests.matrix_rows import Rows

ROWS = Rows()


def _council(w: Any, area: Any = None) -> Any:
    from tongxin.council.consultation.tests.support import council

    return council(area or w.community, members=2)


def _topic(w: Any, area: Any = None) -> Any:
    from tongxin.council.consultation.tests.support import topic

    return topic(area or w.building1)


def _accepted(w: Any) -> Any:
    from tongxin.council.consultation import services
    from tongxin.council.consultation.tests.support import staff

    t = _topic(w)
    services.topic_accept(topic=t, actor=staff(), council=_council(w))
    t.refresh_from_db()
    return t


def _task(w: Any) -> Any:
    """A task of an accepted topic of building 1 (written directly: the rows test who may act)."""
    from tongxin.council.consultation.models import Task

    return Task.objects.create(
        topic=_accepted(w), title="划停车线", owner_name="王主任", due_on=datetime.date(2030, 1, 1)
    )


def _milestone(w: Any) -> Any:
    from tongxin.council.consultation.models import Milestone

    return Milestone.objects.create(task=_task(w), title="采购油漆", due_on=datetime.date(2030, 1, 1))


def _objection(w: Any) -> Any:
    from tongxin.council.consultation import services
    from tongxin.council.consultation.models import Objection
    from tongxin.council.consultation.tests.support import staff

    t = _accepted(w)
    step = services.topic_step_record(topic=t, actor=staff(), step_code="set", decision="列为议题")
    return Objection.objects.create(topic=t, step=step, text="不同意")


def _kind(code: str) -> int:
    from tongxin.council.consultation.models import CouncilKind

    return int(CouncilKind.objects.get(code=code).pk)


TOPIC = {"area": lambda w: str(w.community.pk), "title": "小区充电桩", "description": "电动车充电难"}
STEP = {"step-step": "set", "step-held_on": "2026-03-01", "step-decision": "列为本月议题"}


def _task_url(w: Any, name: str) -> str:
    task = _task(w)
    return R(f"consultation:{name}", args=[task.topic_id, task.pk])


def _milestone_url(w: Any) -> str:
    m = _milestone(w)
    return R("consultation:milestone_done", args=[m.task.topic_id, m.pk])


def _objection_url(w: Any) -> str:
    o = _objection(w)
    return R("consultation:objection_answer", args=[o.topic_id, o.pk])


def _merge_url(w: Any) -> str:
    return R("consultation:topic_merge", args=[_topic(w).pk])


def _end_url(w: Any) -> str:
    c = _council(w)
    return R("consultation:member_end", args=[c.pk, c.members.first().pk])


# fmt: off
#        name                              method  url                                                                                      adm str sec grd nbr ldr ors mem unt out anon
ROWS.row("consultation:councils",         "GET",  lambda w: R("consultation:councils"),                                                    "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("consultation:council_create",   "GET",  lambda w: R("consultation:council_create"),                                              "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("consultation:council_create",   "POST", lambda w: R("consultation:council_create"),                                              "302 403 302 403 403 403 403 403 403 403 302",
         {"area": lambda w: str(w.community.pk), "kind": lambda w: str(_kind("residents")), "name": "居民议事会"})
ROWS.row("consultation:council",          "GET",  lambda w: R("consultation:council", args=[_council(w).pk]),                               "200 200 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:council",          "GET",  lambda w: R("consultation:council", args=[_council(w, w.grid1).pk]),                      "200 200 200 200 404 404 404 404 404 404 302")
ROWS.row("consultation:council",          "GET",  lambda w: R("consultation:council", args=[_council(w, w.other_community).pk]),            "200 200 404 404 404 404 404 404 404 404 302")
ROWS.row("consultation:council_edit",     "GET",  lambda w: R("consultation:council_edit", args=[_council(w).pk]),                          "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:council_edit",     "POST", lambda w: R("consultation:council_edit", args=[_council(w).pk]),                          "302 403 302 404 404 404 404 404 404 404 302", {"name": "新名字", "is_active": "on"})
ROWS.row("consultation:member_add",       "POST", lambda w: R("consultation:member_add", args=[_council(w).pk]),                            "302 403 302 404 404 404 404 404 404 404 302",
         {"member-name": "王阿姨", "member-kind": "resident", "member-role": "member", "member-term_start": "2026-01-01"})
# The add-member form's search: for those who may add a member; a hostile query answers calmly.
ROWS.row("consultation:member_people",    "GET",  lambda w: R("consultation:member_people", args=[_council(w).pk]) + "?q=zs",                "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:member_people",    "GET",  lambda w: R("consultation:member_people", args=[_council(w).pk]) + "?member-kind=party_member&q=%00" + "x" * 300, "200 403 200 404 404 404 404 404 404 404 302")
ROWS.row("consultation:member_people",    "GET",  lambda w: R("consultation:member_people", args=[_council(w, w.other_community).pk]) + "?q=w", "200 403 404 404 404 404 404 404 404 404 302")
# A record outside the council's place is a form error (200), not a member.
ROWS.row("consultation:member_add",       "POST", lambda w: R("consultation:member_add", args=[_council(w).pk]),                            "200 403 200 404 404 404 404 404 404 404 302",
         {"member-record": lambda w: f"r:{w.wangwu.pk}", "member-kind": "resident", "member-role": "member", "member-term_start": "2026-01-01"})
ROWS.row("consultation:member_end",       "POST", _end_url,                                                                                 "302 403 302 404 404 404 404 404 404 404 302", {"term_end": "2026-03-01"})
ROWS.row("consultation:topics",           "GET",  lambda w: R("consultation:topics"),                                                      "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("consultation:topics",           "GET",  lambda w: R("consultation:topics") + f"?node={w.other_community.pk}&state=x&waiting=y",  "200 200 404 404 404 404 404 403 403 403 302")
ROWS.row("consultation:topics",           "GET",  lambda w: R("consultation:topics") + "?waiting=review&state=open&q=%00",                 "200 200 200 200 200 200 200 403 403 403 302")
ROWS.row("consultation:topic_create",     "GET",  lambda w: R("consultation:topic_create"),                                                "200 403 200 403 403 403 403 403 403 403 302")
ROWS.row("consultation:topic_create",     "POST", lambda w: R("consultation:topic_create"),                                                "302 403 302 403 403 403 403 403 403 403 302", TOPIC)
# Staff record a unit's topic: a unit of the place's community (another community's is a form error).
ROWS.row("consultation:topic_create",     "POST", lambda w: R("consultation:topic_create"),                                                "302 403 302 403 403 403 403 403 403 403 302",
         {**TOPIC, "raised_as": "unit", "unit": lambda w: str(w.unit.pk)})
ROWS.row("consultation:topic_create",     "POST", lambda w: R("consultation:topic_create"),                                                "200 403 200 403 403 403 403 403 403 403 302",
         {**TOPIC, "raised_as": "unit", "unit": lambda w: str(w.other_unit.pk)})
# A unit's contact raises a topic for the unit they answer for; no one else has a unit here.
ROWS.row("consultation:unit_topic_new",   "GET",  lambda w: R("consultation:unit_topic_new"),                                              "403 403 403 403 403 403 403 403 200 403 302")
ROWS.row("consultation:unit_topic_new",   "GET",  lambda w: R("consultation:unit_topic_new") + "?raised=%00" + "x" * 300,                  "403 403 403 403 403 403 403 403 200 403 302")
ROWS.row("consultation:unit_topic_new",   "POST", lambda w: R("consultation:unit_topic_new"),                                              "403 403 403 403 403 403 403 403 302 403 302",
         {"unit": lambda w: str(w.unit.pk), "title": "医院门口停车", "description": "就诊车辆占用消防通道"})
ROWS.row("consultation:unit_topic_new",   "POST", lambda w: R("consultation:unit_topic_new"),                                              "403 403 403 403 403 403 403 403 200 403 302",
         {"unit": lambda w: str(w.other_unit.pk), "title": "医院门口停车", "description": "就诊车辆占用消防通道"})
ROWS.row("consultation:topic",            "GET",  lambda w: R("consultation:topic", args=[_topic(w).pk]),                                   "200 200 200 200 404 200 404 404 404 404 302")
ROWS.row("consultation:topic",            "GET",  lambda w: R("consultation:topic", args=[_accepted(w).pk]),                                "200 200 200 200 404 200 404 404 404 404 302")
ROWS.row("consultation:topic",            "GET",  lambda w: R("consultation:topic", args=[_topic(w, w.other_community).pk]),                "200 200 404 404 404 404 404 404 404 404 302")
ROWS.row("consultation:topic_accept",     "POST", lambda w: R("consultation:topic_accept", args=[_topic(w).pk]),                            "302 403 302 403 404 403 404 404 404 404 302",
         {"accept-council": lambda w: str(_council(w).pk)})
ROWS.row("consultation:topic_merge",      "POST", _merge_url,                                                                               "302 403 302 403 404 403 404 404 404 404 302",
         {"merge-into": lambda w: str(_topic(w, w.community).pk), "merge-reason": "同一件事"})
ROWS.row("consultation:topic_decline",    "POST", lambda w: R("consultation:topic_decline", args=[_topic(w).pk]),                           "302 403 302 403 404 403 404 404 404 404 302", {"decline-reason": "不属于议事范围"})
ROWS.row("consultation:topic_step",       "POST", lambda w: R("consultation:topic_step", args=[_accepted(w).pk]),                           "302 403 302 403 404 403 404 404 404 404 302", STEP)
# Out of order (the first step is 确定议题): refused, 409.
ROWS.row("consultation:topic_step",       "POST", lambda w: R("consultation:topic_step", args=[_accepted(w).pk]),                           "409 403 409 403 404 403 404 404 404 404 302", {**STEP, "step-step": "consult"})
# The levy is not the next step of an urban topic, nor are tasks: refused, 409.
ROWS.row("consultation:topic_levy",       "POST", lambda w: R("consultation:topic_levy", args=[_accepted(w).pk]),                           "409 403 409 403 404 403 404 404 404 404 302",
         {"levy-held_on": "2026-03-01", "levy-total_cost": "1000", "levy-money_per_person": "5", "levy-labour_days_per_person": "1", "levy-people": "10", "levy-labourers": "5"})
ROWS.row("consultation:task_add",         "POST", lambda w: R("consultation:task_add", args=[_accepted(w).pk]),                             "409 403 409 403 404 403 404 404 404 404 302",
         {"task-title": "划线", "task-owner_name": "王主任", "task-due_on": "2026-04-01"})
ROWS.row("consultation:task_progress",    "POST", lambda w: _task_url(w, "task_progress"),                                                 "302 403 302 403 404 403 404 404 404 404 302", {"progress": "50"})
ROWS.row("consultation:milestone_done",   "POST", _milestone_url,                                                                           "302 403 302 403 404 403 404 404 404 404 302")
ROWS.row("consultation:objection_answer", "POST", _objection_url,                                                                           "302 403 302 403 404 403 404 404 404 404 302", {"answer": "已答复", "uphold": "0"})
# fmt: on


def _levied(w: Any) -> Any:
    from tongxin.council.consultation.tests.support import levied

    return levied(w.community)[0]


def _today(w: Any) -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


# fmt: off
#        name                              method  url                                                                                      adm str sec grd nbr ldr ors mem unt out anon
# Who paid or worked for a voted levy: the community's topic, so a grid worker does not see it.
ROWS.row("consultation:contribution_add", "POST", lambda w: R("consultation:contribution_add", args=[_levied(w).pk]),                      "302 403 302 404 404 404 404 404 404 404 302",
         {"contribution-name": "张三", "contribution-money": "15", "contribution-on": _today})
# fmt: on
