"""The "council" hand-over target: a case sent to a council becomes a topic, and the topic
carried out closes the case with its outcome, which the case's reporter reads."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from tongxin.council.consultation import services
from tongxin.council.consultation.exceptions import StepRefused
from tongxin.council.consultation.handover import council_choices
from tongxin.council.consultation.models import Council, Topic, TopicSource, TopicState
from tongxin.council.consultation.services.cases import topic_from_handover
from tongxin.council.consultation.tests.support import at, council, meeting_with_vote
from tongxin.grid.cases import handover as case_handover
from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent, CaseHandover
from tongxin.grid.cases.services import case_report, case_transition
from tongxin.grid.cases.workflow import State
from tongxin.platform.core.exceptions import Forbidden

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


def reported_case(world: Any, secretary: Any, *, when: datetime.datetime | None = None) -> Case:
    """A resident's report of the market's bikes in building 1, accepted by the community."""
    category = CaseCategory.objects.get_or_create(code="t_parking", defaults={"name_zh": "停车管理"})[0]
    case = case_report(
        actor=None,
        category=category,
        description="早市电动车堵住消防通道",
        area=world.building1,
        source=Case.Source.PUBLIC,
        reporter_name="张阿姨",
        reporter_phone="13812340000",
        at=when,
    )
    return case_transition(case=case, to_state=State.ACCEPTED, actor=secretary, at=when)


def handed(world: Any, secretary: Any, c: Any, **kw: Any) -> CaseHandover:
    case = reported_case(world, secretary, **kw)
    return case_handover.case_hand_over(
        case=case, actor=secretary, kind="council", target_id=c.pk, note="需议事会协商", at=kw.get("when")
    )


# --- the target --------------------------------------------------------------------------------


def test_the_council_target_is_registered(world: Any, secretary: Any) -> None:
    target = case_handover.TARGETS[CaseHandover.Kind.COUNCIL]
    assert target.choices is council_choices and target.model is Council


def test_choices_are_the_active_councils_of_the_case_community(world: Any, secretary: Any) -> None:
    mine = council(world.community, members=1)
    estate = council(world.grid1, code="micro", members=1)
    council(world.other_community, members=1)
    council(world.grid2, code="micro", name="第二网格微议事", members=1)
    closed = council(world.community, name="旧议事会", members=1)
    closed.is_active = False
    closed.save()
    case = reported_case(world, secretary)
    # The community's councils, its estates' too (a case may concern the whole community).
    assert {x.name for x in council_choices(secretary, case)} == {mine.name, estate.name, "第二网格微议事"}


def test_who_answers_for_a_council(
    world: Any, admin_user: Any, secretary: Any, grid_worker: Any, street_officer: Any
) -> None:
    target = case_handover.TARGETS[CaseHandover.Kind.COUNCIL]
    council_answers_for, council_answered_by_q = target.answers_for, target.answered_by_q
    mine, other = council(world.community, members=1), council(world.other_community, members=1)
    assert council_answers_for(secretary, mine) and not council_answers_for(secretary, other)
    assert council_answers_for(admin_user, other)
    assert not council_answers_for(grid_worker, mine) and not council_answers_for(street_officer, mine)
    assert council_answered_by_q(grid_worker) is None and council_answered_by_q(street_officer) is None
    h = handed(world, secretary, mine)
    assert list(case_handover.handovers_answered_by(secretary)) == [h]
    assert h in case_handover.handovers_answered_by(admin_user)
    assert not case_handover.handovers_answered_by(grid_worker).exists()


def test_the_community_staff_are_told(world: Any, secretary: Any, grid_worker: Any, outbox: Any) -> None:
    c = council(world.community, members=1)
    target = case_handover.TARGETS[CaseHandover.Kind.COUNCIL]
    assert target.recipients(c) == [secretary]
    handed(world, secretary, c)
    assert secretary.notifications.filter(title__contains=c.name).exists()


# --- the whole way back to the resident -----------------------------------------------------------


def test_a_case_handed_to_a_council_is_closed_by_the_topic_carried_out(
    world: Any, secretary: Any, outbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    c = council(world.community)
    with time_machine.travel(at(DAY, 9)):
        h = handed(world, secretary, c)
        t = topic_from_handover(handover=h, actor=secretary)
    h.refresh_from_db()
    assert h.status == CaseHandover.Status.TAKEN and h.answered_by == secretary
    assert (t.source, t.case, t.handover, t.council) == (TopicSource.CASE, h.case, h, c)
    assert t.title == "停车管理：1号楼" and t.description == "早市电动车堵住消防通道"
    assert t.raiser_name == "张阿姨" and t.phone_masked == "138****0000"
    with time_machine.travel(at(DAY, 10)):
        services.topic_accept(topic=t, actor=secretary, council=c)
        for code in ("set", "plan", "consult"):
            services.topic_step_record(topic=t, actor=secretary, step_code=code, decision=f"{code} 完成")
    meeting_with_vote(c, t, DAY + datetime.timedelta(days=3), present=4, yes=4)
    with time_machine.travel(at(DAY + datetime.timedelta(days=4), 9)):
        services.topic_step_record(topic=t, actor=secretary, step_code="publish")
    with time_machine.travel(at(DAY + datetime.timedelta(days=12), 9)):
        task = services.task_add(
            topic=t, actor=secretary, title="划停车线", owner_name="王主任", due_on=DAY + datetime.timedelta(days=20)
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.task_progress(task=task, actor=secretary, progress=100, note="已划线 40 个车位")
    t.refresh_from_db()
    case = Case.objects.get(pk=h.case_id)
    h.refresh_from_db()
    assert t.state == TopicState.DONE
    assert h.status == CaseHandover.Status.RETURNED and "40 个车位" in h.answer and h.answered_by is None
    assert case.state == State.CLOSED and case.closed_at is not None
    steps = list(case.transitions.order_by("at", "pk").values_list("to_state", "actor_name", "comment"))
    assert [s[0] for s in steps][-5:] == ["assigned", "in_progress", "resolved", "verified", "closed"]
    assert all(s[1] == c.name for s in steps[-5:])
    assert "40 个车位" in steps[-3][2] and "40 个车位" in steps[-1][2]
    assert case.events.filter(kind=CaseEvent.Kind.HANDOVER_RETURNED).exists()
    # The resident reads the outcome with the case's code, and was told by text message.
    client = _client_tracking(case)
    page = client.get(reverse("public:case", args=[case.tracking_code]))
    assert page.status_code == 200 and "40 个车位" in page.content.decode()
    assert any(case.tracking_code in m.text and str(State.CLOSED.label) in m.text for m in outbox)
    assert any(t.tracking_code in m.text for m in outbox)  # the topic's raiser: the same resident


def _client_tracking(case: Case) -> Any:
    from django.test import Client

    from tongxin.platform.web.session import TRACKED_CASES

    client = Client()
    session = client.session
    session[TRACKED_CASES] = [case.pk]
    session.save()
    return client


def test_a_case_in_progress_goes_straight_to_resolved(world: Any, secretary: Any) -> None:
    c = council(world.community)
    h = handed(world, secretary, c)
    t = topic_from_handover(handover=h, actor=secretary)
    Case.objects.filter(pk=h.case_id).update(state=State.IN_PROGRESS)
    Topic.objects.filter(pk=t.pk).update(state=TopicState.DONE, outcome="已协调")
    t.refresh_from_db()
    from tongxin.council.consultation.services.cases import case_closed_by_topic

    case_closed_by_topic(t, None)
    case = Case.objects.get(pk=h.case_id)
    assert case.state == State.CLOSED
    assert list(case.transitions.values_list("to_state", flat=True))[-3:] == ["resolved", "verified", "closed"]


def test_a_topic_without_a_case_touches_no_case(world: Any) -> None:
    from tongxin.council.consultation.services.cases import case_closed_by_topic
    from tongxin.council.consultation.tests.support import topic

    t = topic(world.community)
    case_closed_by_topic(t, None)  # nothing to do, nothing raised


def test_topic_from_handover_refusals(world: Any, secretary: Any, grid_worker: Any, admin_user: Any) -> None:
    c = council(world.community)
    h = handed(world, secretary, c)
    with pytest.raises(Forbidden):
        topic_from_handover(handover=h, actor=grid_worker)
    first = topic_from_handover(handover=h, actor=secretary)
    # Asked again (two people at once, a double tap): the same topic.
    assert topic_from_handover(handover=h, actor=admin_user) == first
    other = handed(world, secretary, c)
    case_handover.handover_withdraw(handover=other, actor=secretary, reason="另行处理")
    other.refresh_from_db()
    with pytest.raises(StepRefused):
        topic_from_handover(handover=other, actor=secretary)
    assert not Topic.objects.filter(handover=other).exists()


def test_a_staff_case_copies_no_reporter(world: Any, secretary: Any, grid_worker: Any) -> None:
    category = CaseCategory.objects.get_or_create(code="t_parking", defaults={"name_zh": "停车管理"})[0]
    case = case_report(actor=grid_worker, category=category, description="楼道堆物", area=world.building1)
    case = case_transition(case=case, to_state=State.ACCEPTED, actor=secretary)
    c = council(world.community, members=1)
    h = case_handover.case_hand_over(case=case, actor=secretary, kind="council", target_id=c.pk, note="请议")
    t = topic_from_handover(handover=h, actor=secretary)
    assert t.raiser_name == "" and t.phone_enc == ""


# --- the case page and the staff view ----------------------------------------------------------


def test_the_case_page_offers_every_kind_of_receiver(client: Any, world: Any, secretary: Any) -> None:
    c = council(world.community, members=1)
    case = reported_case(world, secretary)
    client.force_login(secretary)
    soup = BeautifulSoup(client.get(reverse("cases:detail", args=[case.pk])).content, "html.parser")
    groups = [[o["value"] for o in g.select("option")] for g in soup.select("#ho-target optgroup")]
    assert [f"unit:{world.unit.pk}"] in groups and [f"council:{c.pk}"] in groups
    response = client.post(
        reverse("cases:handover", args=[case.pk]), {"target": f"council:{c.pk}", "text": "请议事会协商"}
    )
    assert response.status_code == 302
    assert case.handovers.get().kind == CaseHandover.Kind.COUNCIL
    # The old form's fields still work.
    other = reported_case(world, secretary)
    client.post(reverse("cases:handover", args=[other.pk]), {"kind": "unit", "target": world.unit.pk, "text": "请处理"})
    assert other.handovers.get().kind == CaseHandover.Kind.UNIT


def test_another_communitys_council_cannot_be_chosen(client: Any, world: Any, secretary: Any) -> None:
    far = council(world.other_community, members=1)
    case = reported_case(world, secretary)
    client.force_login(secretary)
    client.post(reverse("cases:handover", args=[case.pk]), {"target": f"council:{far.pk}", "text": "请议"})
    assert not case.handovers.exists()


def test_the_case_page_offers_make_it_a_topic_to_the_council_only(
    client: Any, world: Any, secretary: Any, street_officer: Any
) -> None:
    c = council(world.community, members=1)
    h = handed(world, secretary, c)
    url = reverse("consultation:handover_topic", args=[h.pk])

    def button(user: Any) -> bool:
        client.force_login(user)
        soup = BeautifulSoup(client.get(reverse("cases:detail", args=[h.case_id])).content, "html.parser")
        return soup.select_one(f'#handover form[action="{url}"] button') is not None

    assert button(secretary)
    assert not button(street_officer)  # supervises the case, but runs no council


def test_the_staff_view_makes_the_topic_and_opens_it(client: Any, world: Any, secretary: Any, grid_worker: Any) -> None:
    c = council(world.community, members=1)
    h = handed(world, secretary, c)
    url = reverse("consultation:handover_topic", args=[h.pk])
    client.force_login(grid_worker)
    assert client.post(url).status_code == 404
    client.force_login(secretary)
    assert client.get(url).status_code == 405
    response = client.post(url)
    t = Topic.objects.get(handover=h)
    assert response.status_code == 302 and response["Location"] == f"/councils/topics/{t.pk}/"
    assert client.post(url)["Location"] == f"/councils/topics/{t.pk}/"
    assert Topic.objects.filter(handover=h).count() == 1
    # A handover to a unit is not the council's: 404.
    unit_case = reported_case(world, secretary)
    uh = case_handover.case_hand_over(case=unit_case, actor=secretary, kind="unit", target_id=world.unit.pk, note="x")
    assert client.post(reverse("consultation:handover_topic", args=[uh.pk])).status_code == 404


def test_the_staff_view_refuses_a_closed_handover_with_a_message(client: Any, world: Any, secretary: Any) -> None:
    c = council(world.community, members=1)
    h = handed(world, secretary, c)
    case_handover.handover_withdraw(handover=h, actor=secretary, reason="另行处理")
    client.force_login(secretary)
    response = client.post(reverse("consultation:handover_topic", args=[h.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cases:detail", args=[h.case_id])
    assert not Topic.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
