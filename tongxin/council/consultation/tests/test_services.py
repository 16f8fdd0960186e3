"""The whole loop through the services: raised, accepted, consulted, voted, published, carried
out, rated — with every refusal a user can meet on the way."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine

from tongxin.council.consultation import services
from tongxin.council.consultation.exceptions import StepRefused, TopicChanged
from tongxin.council.consultation.models import ObjectionStatus, TopicState, VoteResult
from tongxin.council.consultation.tests.support import at, council, meeting_with_vote, staff, topic
from tongxin.platform.core.exceptions import DomainError, Forbidden

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


def urban_topic_decided(world: Any) -> Any:
    c = council(world.community)
    t = topic(world.building1)
    with time_machine.travel(at(DAY, 9)):
        services.topic_accept(topic=t, actor=staff(), council=c)
        for code in ("set", "plan", "consult"):
            services.topic_step_record(topic=t, actor=staff(), step_code=code, decision=f"{code} 完成")
    meeting_with_vote(c, t, DAY + datetime.timedelta(days=3), present=4, yes=3, no=1)
    t.refresh_from_db()
    return c, t


def test_urban_consultation_from_raising_to_rating(world: Any, outbox: Any) -> None:
    c, t = urban_topic_decided(world)
    assert t.state == TopicState.DECIDED and t.next_position == 5
    with time_machine.travel(at(DAY + datetime.timedelta(days=4), 9)):
        services.topic_step_record(topic=t, actor=staff(), step_code="publish")
        with pytest.raises(StepRefused) as refused:
            services.task_add(topic=t, actor=staff(), title="划停车线", owner_name="王主任", due_on=DAY)
        assert refused.value.code == "publicity"
    t.refresh_from_db()
    assert t.publicity_ends is not None
    # Seven days later the period is over: tasks may start, and the last one done carries it out.
    with time_machine.travel(at(DAY + datetime.timedelta(days=12), 9)):
        task = services.task_add(
            topic=t, actor=staff(), title="划停车线", owner_name="王主任", due_on=DAY + datetime.timedelta(days=20)
        )
        services.task_progress(task=task, actor=staff(), progress=100, note="已划线 40 个车位")
    t.refresh_from_db()
    assert t.state == TopicState.DONE and "40 个车位" in t.outcome
    services.topic_rate(topic=t, rating=5, comment="好多了")
    t.refresh_from_db()
    assert t.rating == 5 and t.next_position == 8
    assert [s.step.code for s in t.steps.order_by("position")][-1] == "evaluate"


def test_step_out_of_order_is_refused(world: Any) -> None:
    c = council(world.community)
    t = topic(world.community)
    services.topic_accept(topic=t, actor=staff(), council=c)
    with pytest.raises(StepRefused) as refused:
        services.topic_step_record(topic=t, actor=staff(), step_code="consult", decision="跳过")
    assert refused.value.code == "order" and "确定议题" in str(refused.value.messages[0])
    with pytest.raises(StepRefused):
        services.topic_step_record(topic=t, actor=staff(), step_code="nonsense", decision="x")


def test_vote_step_needs_a_passed_vote(world: Any) -> None:
    c = council(world.community)
    t = topic(world.community)
    services.topic_accept(topic=t, actor=staff(), council=c)
    for code in ("set", "plan", "consult"):
        services.topic_step_record(topic=t, actor=staff(), step_code=code, decision="完成")
    with pytest.raises(StepRefused) as refused:
        services.topic_step_record(topic=t, actor=staff(), step_code="vote")
    assert refused.value.code == "vote"
    # Three of five present: quorum (more than half); two yes of three present pass.
    _, vote = meeting_with_vote(c, t, DAY, present=3, yes=2, no=1)
    assert vote.result == VoteResult.PASSED and vote.present_count == 3 and vote.entitled_count == 5


def test_vote_down_ends_the_topic(world: Any) -> None:
    c = council(world.community)
    t = topic(world.community)
    services.topic_accept(topic=t, actor=staff(), council=c)
    for code in ("set", "plan", "consult"):
        services.topic_step_record(topic=t, actor=staff(), step_code=code, decision="完成")
    _, vote = meeting_with_vote(c, t, DAY, present=4, yes=2, no=2)
    t.refresh_from_db()
    assert vote.result == VoteResult.FAILED and t.state == TopicState.REJECTED


def test_two_people_closing_one_vote_make_one_result(world: Any) -> None:
    c = council(world.community)
    t = topic(world.community)
    services.topic_accept(topic=t, actor=staff(), council=c)
    m = services.meeting_create(council=c, actor=staff(), title="例会", starts_at=at(DAY), topics=[t])
    services.attendance_open(meeting=m, actor=staff())
    services.attendance_mark(meeting=m, actor=staff(), present=m.attendance.values_list("pk", flat=True))
    vote = services.vote_open(item=m.items.get(), actor=staff(), method="secret", question="同意")
    services.vote_count(vote=vote, actor=staff(), yes=5, no=0, abstain=0)
    stale = type(vote).objects.get(pk=vote.pk)
    services.vote_close(vote=vote, actor=staff())
    with pytest.raises(TopicChanged):
        services.vote_close(vote=stale, actor=staff())


def test_attendance_is_kept_as_it_was(world: Any) -> None:
    c = council(world.community, members=3)
    t = topic(world.community)
    services.topic_accept(topic=t, actor=staff(), council=c)
    m = services.meeting_create(council=c, actor=staff(), title="例会", starts_at=at(DAY), topics=[t])
    services.attendance_open(meeting=m, actor=staff())
    member = c.members.order_by("pk")[0]
    services.member_end(member=member, actor=staff(), term_end=DAY - datetime.timedelta(days=1))
    later = services.meeting_create(
        council=c, actor=staff(), title="下次", starts_at=at(DAY + datetime.timedelta(days=30))
    )
    services.attendance_open(meeting=later, actor=staff())
    assert m.attendance.count() == 3 and later.attendance.count() == 2


def test_more_votes_than_present_are_refused(world: Any) -> None:
    c = council(world.community)
    t = topic(world.community)
    services.topic_accept(topic=t, actor=staff(), council=c)
    m = services.meeting_create(council=c, actor=staff(), title="例会", starts_at=at(DAY), topics=[t])
    services.attendance_open(meeting=m, actor=staff())
    services.attendance_mark(meeting=m, actor=staff(), present=list(m.attendance.values_list("pk", flat=True))[:2])
    vote = services.vote_open(item=m.items.get(), actor=staff(), method="hands", question="同意")
    with pytest.raises(DomainError):
        services.vote_count(vote=vote, actor=staff(), yes=3, no=0, abstain=0)


def test_objection_dismissed_restarts_publicity_upheld_goes_back_to_the_vote(world: Any) -> None:
    c, t = urban_topic_decided(world)
    published = at(DAY + datetime.timedelta(days=4), 9)
    with time_machine.travel(published):
        services.topic_step_record(topic=t, actor=staff(), step_code="publish")
    with time_machine.travel(published + datetime.timedelta(days=2)):
        o = services.objection_raise(topic=t, text="车位划在我家门口", name="李先生", ip="10.0.0.9")
    with time_machine.travel(published + datetime.timedelta(days=8)):
        with pytest.raises(StepRefused) as refused:
            services.task_add(topic=t, actor=staff(), title="划线", owner_name="王", due_on=DAY)
        assert refused.value.code == "objection"
        services.objection_answer(objection=o, actor=staff(), answer="已调整位置", uphold=False)
        t.refresh_from_db()
        # Publicity starts again in full from the answer.
        assert abs(t.publicity_ends - (published + datetime.timedelta(days=15))) < datetime.timedelta(seconds=5)
        o2 = services.objection_raise(topic=t, text="还是不行", ip="10.0.0.8")
        services.objection_answer(objection=o2, actor=staff(), answer="重新表决", uphold=True)
    t.refresh_from_db()
    assert t.state == TopicState.ACCEPTED and t.next_position == 4
    o2.refresh_from_db()
    assert o2.status == ObjectionStatus.UPHELD
    assert t.steps.filter(voided_at__isnull=False).count() == 2  # the vote and the publication
    # Voted again, the topic is decided again.
    meeting_with_vote(c, t, DAY + datetime.timedelta(days=20), present=5, yes=5)
    t.refresh_from_db()
    assert t.state == TopicState.DECIDED and t.next_position == 5


def test_objections_only_in_publicity_and_limited(world: Any, settings: Any) -> None:
    settings.CONSULTATION_OBJECTIONS_PER_HOUR = 2
    c, t = urban_topic_decided(world)
    with pytest.raises(StepRefused):
        services.objection_raise(topic=t, text="反对", ip="10.0.0.1")
    services.topic_step_record(topic=t, actor=staff(), step_code="publish")
    services.objection_raise(topic=t, text="一", ip="10.0.0.1")
    services.objection_raise(topic=t, text="二", ip="10.0.0.1")
    with pytest.raises(DomainError):
        services.objection_raise(topic=t, text="三", ip="10.0.0.1")


def test_review_merge_and_decline(world: Any) -> None:
    a = topic(world.community, title="楼道堆物")
    b = topic(world.community, title="楼道杂物堆放")
    d = topic(world.community, title="想换物业")
    services.topic_merge(topic=b, actor=staff(), into=a, reason="同一件事")
    with pytest.raises(DomainError):
        services.topic_decline(topic=d, actor=staff(), reason="  ")
    services.topic_decline(topic=d, actor=staff(), reason="属业主大会决定事项")
    with pytest.raises(TopicChanged):
        services.topic_decline(topic=d, actor=staff(), reason="again")
    b.refresh_from_db()
    assert b.state == TopicState.MERGED and b.merged_into == a


def test_only_those_who_run_the_councils_act(world: Any, grid_worker: Any, secretary: Any) -> None:
    c = council(world.community)
    t = topic(world.community)
    with pytest.raises(Forbidden):
        services.topic_accept(topic=t, actor=grid_worker, council=c)
    services.topic_accept(topic=t, actor=secretary, council=c)
    other = council(world.other_community)
    with pytest.raises(Forbidden):
        services.meeting_create(council=other, actor=secretary, title="x", starts_at=at(DAY))


def test_a_branch_general_meeting_counts_its_groups_members_with_a_vote(world: Any) -> None:
    """The members of a branch's groups (党小组) are the branch's members: they vote at its general
    meeting; in-service members (双报到) and probationary ones do not, nor a nested branch's."""
    from tongxin.platform.core.tree_ops import node_insert
    from tongxin.registry.party.models import Organization, OrgKind, PartyMember

    group = Organization(parent=world.branch1, kind=OrgKind.GROUP, name="第一党小组")
    node_insert(group)
    for name, kind, status in (
        ("孙组员", "direct", "full"),
        ("周退休", "retired", "full"),
        ("吴在职", "in_service", "full"),
        ("郑预备", "direct", "probationary"),
    ):
        PartyMember.objects.create(org=group, name=name, kind=kind, status=status)
    general = council(world.community, "party_general", members=0, organization=world.branch1)
    m = services.meeting_create(council=general, actor=staff(), title="党员大会", starts_at=at(DAY))
    m = services.attendance_open(meeting=m, actor=staff())
    assert sorted(m.attendance.values_list("name", flat=True)) == sorted(["赵党员", "孙组员", "周退休"])
    # The committee's meeting does not count the members of its branches (they meet in their own).
    top = council(world.community, "party_general", name="党委党员大会", members=0, organization=world.committee)
    m2 = services.attendance_open(
        meeting=services.meeting_create(council=top, actor=staff(), title="党委", starts_at=at(DAY)), actor=staff()
    )
    assert m2.entitled_count == 0


def test_a_unit_raises_topics_through_its_contact_only(world: Any, unit_contact: Any, grid_worker: Any) -> None:
    # The hospital's contact raises a topic about its own community; a grid worker may not speak
    # for the hospital, and the hospital does not raise topics about another community.
    raised = topic(world.community, actor=unit_contact, source="unit", unit=world.unit, raiser_name="")
    assert raised.unit == world.unit and raised.raised_by == unit_contact
    with pytest.raises(Forbidden):
        topic(world.community, actor=grid_worker, source="unit", unit=world.unit)
    with pytest.raises(DomainError):
        topic(world.other_community, actor=unit_contact, source="unit", unit=world.unit)
    with pytest.raises(DomainError):
        topic(world.community, actor=unit_contact, source="unit", unit=None)
