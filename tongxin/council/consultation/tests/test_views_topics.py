"""Topic pages: the list and its counts, a topic's page through its procedure, every action's
happy path and refusal, hostile input, scoping and a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.html import soup
from tongxin.council.consultation import services
from tongxin.council.consultation.models import (
    Levy,
    Milestone,
    Objection,
    ObjectionStatus,
    Procedure,
    Task,
    Topic,
    TopicSource,
    TopicState,
)
from tongxin.council.consultation.tests.support import at, council, meeting_with_vote, staff, topic

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(at(DAY, 9), tick=False):
        yield


def url(name: str, *args: Any) -> str:
    return reverse(f"consultation:{name}", args=args)


def accepted(world: Any, **extra: Any) -> tuple[Any, Topic]:
    c = council(world.community)
    t = topic(world.building1, **extra)
    services.topic_accept(topic=t, actor=staff(), council=c)
    t.refresh_from_db()
    return c, t


def decided(world: Any) -> tuple[Any, Topic]:
    c, t = accepted(world)
    for code in ("set", "plan", "consult"):
        services.topic_step_record(
            topic=t, actor=staff(), step_code=code, decision=f"{code} 完成", participants="居民代表"
        )
    meeting_with_vote(c, t, DAY - datetime.timedelta(days=1), present=4, yes=3, no=1)
    t.refresh_from_db()
    return c, t


def published(world: Any, days_ago: int = 1) -> tuple[Any, Topic]:
    c, t = decided(world)
    with time_machine.travel(at(DAY - datetime.timedelta(days=days_ago), 9), tick=False):
        services.topic_step_record(topic=t, actor=staff(), step_code="publish")
    t.refresh_from_db()
    return c, t


# The list ------------------------------------------------------------------------------------------


def test_list_shows_counts_and_filters(client, world, secretary):
    client.force_login(secretary)
    _c, a = accepted(world, title="菜市场非机动车停放")
    topic(world.community, title="居民圈养公鸡扰民")
    topic(world.other_community, title="乙社区的事")
    page = soup(client.get(url("topics")), status=200)
    titles = [a.get_text() for a in page.select("#topics td.card-title a")]
    assert sorted(titles) == sorted(["菜市场非机动车停放", "居民圈养公鸡扰民"])
    tabs = {t.get_text(" ", strip=True) for t in page.select(".tabs .tab")}
    assert "全部 2" in tabs and "待审核 1" in tabs and "协商中 1" in tabs and "在办 2" in tabs
    # The next step of an accepted topic is named on its row.
    row = page.select_one(f'#topics a[href="{url("topic", a.pk)}"]').find_parent("tr")
    assert "确定议题" in row.get_text()
    only = lambda **q: [x.get_text() for x in soup(client.get(url("topics"), q)).select("#topics td.card-title a")]  # noqa: E731
    assert only(state="raised") == ["居民圈养公鸡扰民"]
    assert only(q="公鸡") == ["居民圈养公鸡扰民"]
    assert only(q=a.tracking_code) == ["菜市场非机动车停放"]
    assert only(council=a.council_id) == ["菜市场非机动车停放"]
    assert only(node=world.grid1.pk) == ["菜市场非机动车停放"]
    assert len(only(state="<script>", waiting="nonsense", q="x" * 500)) == 0
    # Another community's council or place: not found.
    other = council(world.other_community)
    assert client.get(url("topics"), {"council": other.pk}).status_code == 404
    assert client.get(url("topics"), {"node": world.other_community.pk}).status_code == 404


def test_list_in_a_fixed_number_of_queries(client, world, secretary, django_assert_num_queries):
    client.force_login(secretary)
    c = council(world.community)
    for i in range(3):
        t = topic(world.building1, title=f"议题{i}")
        if i % 2:
            services.topic_accept(topic=t, actor=staff(), council=c)
    year = timezone.localdate().year
    # The rows behind a figure (figures page links): the same queries, whatever the number of rows.
    behind = {"figure": "raised", "from": f"{year}-01-01", "to": f"{year}-12-31", "node": world.community.pk}
    client.get(url("topics"))
    with CaptureQueriesContext(connection) as small:
        assert len(soup(client.get(url("topics"))).select("#topics tbody tr")) == 3
    with CaptureQueriesContext(connection) as small_behind:
        assert len(soup(client.get(url("topics"), behind)).select("#topics tbody tr")) == 3
    for i in range(3, 30):
        t = topic(world.grid2, title=f"议题{i}")
        if i % 2:
            services.topic_accept(topic=t, actor=staff(), council=c)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(soup(client.get(url("topics"))).select("#topics tbody tr")) == 30
    with django_assert_num_queries(len(small_behind.captured_queries)):
        assert len(soup(client.get(url("topics"), {**behind, "council": "none"})).select("#topics tbody tr")) == 15


def test_list_is_403_without_view_and_empty_state_teaches(client, world, party_member, secretary):
    client.force_login(party_member)
    assert client.get(url("topics")).status_code == 403
    client.force_login(secretary)
    page = soup(client.get(url("topics")), status=200)
    assert page.select_one(".empty a")["href"] == url("topic_create")


# A topic's page ------------------------------------------------------------------------------------


def test_detail_shows_the_procedure_publicity_objections_and_tasks(client, world, secretary):
    c, t = published(world, days_ago=2)
    Objection.objects.create(topic=t, step=t.steps.get(step__code="publish"), name="李先生", text="车位划在我家门口")
    client.force_login(secretary)
    page = soup(client.get(url("topic", t.pk)), status=200)
    steps = page.select("ol.procedure > li")
    assert len(steps) == 7
    assert [s.select_one(".procedure-name strong").get_text() for s in steps][:2] == ["确定议题", "公布协商方案"]
    done = [s for s in steps if "is-done" in s["class"]]
    assert len(done) == 5 and "居民代表" in done[0].get_text() and "set 完成" in done[0].get_text()
    assert "通过" in done[3].get_text()  # the vote, with its counts
    nxt = page.select_one("ol.procedure > li.is-next")
    assert nxt["aria-current"] == "step" and "组织实施" in nxt.get_text()
    publicity = page.select_one("#publicity").get_text()
    assert "异议" in publicity
    objection = page.select_one("#objections li.objection-open")
    assert "车位划在我家门口" in objection.get_text()
    assert {b["value"] for b in objection.select("button")} == {"0", "1"}
    # Tasks wait for the publicity and the objection.
    assert page.select_one("#tasks form") is None


def test_detail_is_read_only_for_the_subdistrict_and_404_elsewhere(client, world, street_officer, secretary):
    _c, t = accepted(world)
    client.force_login(street_officer)
    page = soup(client.get(url("topic", t.pk)), status=200)
    assert page.select("main form[method=post]") == []
    other = topic(world.other_community)
    client.force_login(secretary)
    assert client.get(url("topic", other.pk)).status_code == 404
    assert client.get(url("topic", 999999)).status_code == 404


# Review ----------------------------------------------------------------------------------------------


def test_accept_merge_and_decline(client, world, secretary, outbox):
    c = council(world.community)
    a = topic(world.community, title="楼道堆物")
    b = topic(world.community, title="楼道杂物堆放")
    d = topic(world.community, title="想换物业")
    client.force_login(secretary)
    page = soup(client.get(url("topic", a.pk)), status=200)
    assert page.select_one("#review form")["action"] == url("topic_accept", a.pk)
    response = client.post(url("topic_accept", a.pk), {"accept-council": c.pk, "accept-procedure": ""})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.state == TopicState.ACCEPTED and a.procedure == c.kind.procedure
    response = client.post(url("topic_merge", b.pk), {"merge-into": a.pk, "merge-reason": "同一件事"})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.state == TopicState.MERGED and b.merged_into == a
    response = client.post(url("topic_decline", d.pk), {"decline-reason": "属业主大会决定事项"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.state == TopicState.DECLINED
    # Reviewed already: someone else moved it (409), the page says so.
    response = client.post(url("topic_decline", d.pk), {"decline-reason": "again"})
    page = soup(response, status=409)
    assert "已经审核" in page.select_one("#refusal").get_text()


def test_review_refuses_hostile_input(client, world, secretary):
    c = council(world.community)
    t = topic(world.community)
    other_council = council(world.other_community)
    other_topic = topic(world.other_community)
    client.force_login(secretary)
    # Another community's council or topic: not found; a bogus id too.
    assert client.post(url("topic_accept", t.pk), {"accept-council": other_council.pk}).status_code == 404
    assert client.post(url("topic_accept", t.pk), {"accept-council": 99999999}).status_code == 404
    assert client.post(url("topic_merge", t.pk), {"merge-into": other_topic.pk}).status_code == 404
    page = soup(client.post(url("topic_accept", t.pk), {"accept-council": "abc"}), status=200)
    assert "请从列表中选择" in page.select_one("#review .has-error").get_text()
    page = soup(client.post(url("topic_accept", t.pk), {"accept-council": c.pk, "accept-procedure": "x"}), status=200)
    assert page.select_one("#review .has-error") is not None
    page = soup(client.post(url("topic_decline", t.pk), {"decline-reason": "长" * 2001}), status=200)
    assert "2000" in page.select_one("#review .has-error").get_text()
    page = soup(client.post(url("topic_merge", t.pk), {"merge-into": t.pk}), status=200)
    assert page.select_one("#review .has-error") is not None
    t.refresh_from_db()
    assert t.state == TopicState.RAISED


def test_grid_worker_sees_a_topic_of_their_grid_but_cannot_act(client, world, grid_worker, neighbour_grid_worker):
    c = council(world.community)
    t = topic(world.building1)
    client.force_login(grid_worker)
    assert client.get(url("topic", t.pk)).status_code == 200
    assert client.post(url("topic_accept", t.pk), {"accept-council": c.pk}).status_code == 403
    client.force_login(neighbour_grid_worker)
    assert client.post(url("topic_accept", t.pk), {"accept-council": c.pk}).status_code == 404


# Steps -----------------------------------------------------------------------------------------------


def test_record_steps_in_order_and_refuse_out_of_order(client, world, secretary):
    _c, t = accepted(world)
    client.force_login(secretary)
    # Out of order: refused with a clear message, 409, nothing recorded.
    response = client.post(
        url("topic_step", t.pk),
        {"step-step": "consult", "step-held_on": "2026-03-01", "step-decision": "跳过"},
    )
    page = soup(response, status=409)
    assert "确定议题" in page.select_one("#refusal").get_text()
    assert t.steps.count() == 0
    # The page comes back with the next step's form, not the refused one's: sent again as it
    # is, it records the next step (found by the village browser test: the form had no fields).
    assert page.select_one("#next-step input[name=step-step]")["value"] == "set"
    page = soup(client.post(url("topic_step", t.pk), {"step-step": "publish"}), status=409)
    assert page.select_one("#next-step input[name=step-step]")["value"] == "set"
    assert page.select_one("#next-step #id_step-decision") is not None
    response = client.post(url("topic_step", t.pk), {"step-step": "nonsense"})
    assert response.status_code == 409
    # The form of a recorded step needs what was decided.
    page = soup(client.post(url("topic_step", t.pk), {"step-step": "set", "step-held_on": "2026-03-01"}), status=200)
    assert page.select_one("#next-step .has-error") is not None
    response = client.post(
        url("topic_step", t.pk),
        {
            "step-step": "set",
            "step-held_on": "2026-03-01",
            "step-participants": "两委成员",
            "step-decision": "列为本月议题",
        },
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.next_position == 2 and t.steps.get().decision == "列为本月议题"


def test_vote_step_explains_and_publish_says_how_many_days(client, world, secretary, settings):
    settings.CONSULTATION_PUBLICITY_DAYS = 7
    c, t = accepted(world)
    for code in ("set", "plan", "consult"):
        services.topic_step_record(topic=t, actor=staff(), step_code=code, decision="完成")
    client.force_login(secretary)
    page = soup(client.get(url("topic", t.pk)), status=200)
    action = page.select_one("#next-step")
    assert action.select_one(f'a[href="{url("council", c.pk)}"]') is not None
    assert action.select("button") == []  # no vote has passed yet
    assert client.post(url("topic_step", t.pk), {"step-step": "vote"}).status_code == 409
    meeting_with_vote(c, t, DAY - datetime.timedelta(days=1), present=4, yes=3)
    page = soup(client.get(url("topic", t.pk)), status=200)
    button = page.select_one("#next-step button")
    assert "7" in button.get_text()
    assert client.post(url("topic_step", t.pk), {"step-step": "publish"}).status_code == 302
    t.refresh_from_db()
    assert t.publicity_ends is not None
    # During publicity the next step is refused with the date it ends.
    page = soup(client.post(url("topic_step", t.pk), {"step-step": "carry_out"}), status=409)
    assert "公示" in page.select_one("#refusal").get_text()


def test_a_vote_step_leads_to_the_councils_of_its_kinds(client, world, secretary):
    """四议两公开's 党员大会审议 is voted at the Party members' meeting, not at the topic's council."""
    reps = council(world.community, "village_reps", name="村民代表会议")
    party = council(world.community, "party_general", name="党员大会", members=0, organization=world.branch1)
    t = topic(world.community)
    services.topic_accept(topic=t, actor=staff(), council=reps, procedure=Procedure.objects.get(code="four_two"))
    for code in ("propose", "discuss"):
        services.topic_step_record(topic=t, actor=staff(), step_code=code, decision="完成")
    client.force_login(secretary)
    action = soup(client.get(url("topic", t.pk)), status=200).select_one("#next-step")
    assert [a["href"] for a in action.select("a.btn")] == [url("council", party.pk)]


def test_objection_answers(client, world, secretary):
    _c, t = published(world)
    publication = t.steps.get(step__code="publish")
    o1 = Objection.objects.create(topic=t, step=publication, text="反对一")
    client.force_login(secretary)
    page = soup(client.post(url("objection_answer", t.pk, o1.pk), {"uphold": "0"}), status=200)
    assert page.select_one("#objections .error") is not None
    response = client.post(url("objection_answer", t.pk, o1.pk), {"answer": "已调整", "uphold": "0"})
    assert response.status_code == 302
    o1.refresh_from_db()
    assert o1.status == ObjectionStatus.DISMISSED
    # Answered twice: 409.
    response = client.post(url("objection_answer", t.pk, o1.pk), {"answer": "再答", "uphold": "1"})
    assert response.status_code == 409
    o2 = Objection.objects.create(topic=t, step=publication, text="反对二")
    response = client.post(url("objection_answer", t.pk, o2.pk), {"answer": "重新表决", "uphold": "1"})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.state == TopicState.ACCEPTED
    page = soup(client.get(url("topic", t.pk)), status=200)
    voided = page.select("ol.procedure .procedure-voided")
    assert len(voided) == 2 and "重新表决" in voided[0].get_text() and voided[0].select_one("del") is not None
    # An objection of another topic: not found under this one.
    _c2, other = published(world)
    o3 = Objection.objects.create(topic=other, step=other.steps.get(step__code="publish"), text="x")
    assert client.post(url("objection_answer", t.pk, o3.pk), {}).status_code == 404


def test_tasks_with_milestones_carry_the_decision_out(client, world, secretary):
    _c, t = published(world, days_ago=8)
    client.force_login(secretary)
    page = soup(client.get(url("topic", t.pk)), status=200)
    assert page.select_one("#tasks form")["action"] == url("task_add", t.pk)
    bad = {
        "task-title": "划停车线",
        "task-owner_name": "王主任",
        "task-due_on": "2026-03-20",
        "task-m1_title": "采购油漆",
    }
    page = soup(client.post(url("task_add", t.pk), bad), status=200)
    assert page.select_one("#tasks .has-error") is not None and not Task.objects.exists()
    data = {**bad, "task-m1_due": "2026-03-10", "task-m2_title": "划线", "task-m2_due": "2026-03-15"}
    assert client.post(url("task_add", t.pk), data).status_code == 302
    task = Task.objects.get()
    assert task.milestones.count() == 2
    milestone = task.milestones.order_by("due_on").first()
    assert client.post(url("milestone_done", t.pk, milestone.pk)).status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == DAY
    page = soup(client.post(url("task_progress", t.pk, task.pk), {"progress": "150"}), status=200)
    assert "0 到 100" in page.select_one("#tasks .has-error").get_text()
    assert client.post(url("task_progress", t.pk, task.pk), {"progress": "50", "note": "油漆已到"}).status_code == 302
    page = soup(client.get(url("topic", t.pk)), status=200)
    assert page.select_one(".task .progress")["aria-valuenow"] == "50"
    response = client.post(url("task_progress", t.pk, task.pk), {"progress": "100", "note": "已划线 40 个车位"})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.state == TopicState.DONE and "40 个车位" in t.outcome
    # Done: reporting again is refused (409), a milestone of another topic is not found.
    assert client.post(url("task_progress", t.pk, task.pk), {"progress": "100"}).status_code == 409
    assert client.post(url("milestone_done", t.pk, 99999999)).status_code == 404
    assert Milestone.objects.filter(done_on__isnull=True).count() == 1


def test_tasks_refused_during_publicity(client, world, secretary):
    _c, t = published(world, days_ago=1)
    client.force_login(secretary)
    data = {"task-title": "划停车线", "task-owner_name": "王主任", "task-due_on": "2026-03-20"}
    page = soup(client.post(url("task_add", t.pk), data), status=409)
    assert "公示" in page.select_one("#refusal").get_text()
    assert not Task.objects.exists()


def test_levy_plan(client, world, secretary, settings):
    settings.CONSULTATION_LEVY_MONEY_CAP = 20
    c = council(world.community)
    t = topic(world.community, title="修村道")
    services.topic_accept(topic=t, actor=staff(), council=c, procedure=Procedure.objects.get(code="one_matter"))
    services.topic_step_record(topic=t, actor=staff(), step_code="propose", decision="提出修路方案")
    client.force_login(secretary)
    page = soup(client.get(url("topic", t.pk)), status=200)
    assert page.select_one("#next-step form")["action"] == url("topic_levy", t.pk)
    data = {
        "levy-held_on": "2026-03-01",
        "levy-total_cost": "50000",
        "levy-money_per_person": "25",
        "levy-labour_days_per_person": "2",
        "levy-people": "400",
        "levy-labourers": "200",
        "levy-subsidy": "30000",
    }
    page = soup(client.post(url("topic_levy", t.pk), data), status=200)
    assert "20.00" in page.select_one("#next-step .has-error").get_text()  # above the yearly cap
    assert not Levy.objects.exists()
    page = soup(client.post(url("topic_levy", t.pk), {**data, "levy-money_per_person": "abc"}), status=200)
    assert page.select_one("#next-step .has-error") is not None
    assert client.post(url("topic_levy", t.pk), {**data, "levy-money_per_person": "15"}).status_code == 302
    page = soup(client.get(url("topic", t.pk)), status=200)
    assert "¥50,000.00" in page.select_one("#levy").get_text()


# Staff raise a topic --------------------------------------------------------------------------------


def test_staff_raise_a_topic(client, world, secretary, grid_worker):
    client.force_login(secretary)
    page = soup(client.get(url("topic_create")), status=200)
    assert page.select_one("select[name=area]") is not None
    data = {"area": world.grid1.pk, "title": "小区充电桩", "description": "电动车充电难", "people_affected": "120"}
    response = client.post(url("topic_create"), data)
    t = Topic.objects.get(title="小区充电桩")
    assert response.status_code == 302 and response["Location"] == url("topic", t.pk)
    assert t.source == TopicSource.STAFF and t.state == TopicState.RAISED and t.raised_by == secretary
    page = soup(client.post(url("topic_create"), {**data, "title": "长" * 101, "people_affected": "-1"}), status=200)
    assert len(page.select(".has-error")) == 2
    assert client.post(url("topic_create"), {**data, "area": world.other_community.pk}).status_code == 404
    client.force_login(grid_worker)
    assert client.get(url("topic_create")).status_code == 403
