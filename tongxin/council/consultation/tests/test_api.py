"""The consultation API: councils, meetings, topics, decisions, and taking a step (409 when the
procedure refuses it), scoped like the pages."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tongxin.council.consultation import services
from tongxin.council.consultation.tests.support import at, council, meeting_with_vote, staff, topic
from tongxin.platform.web.testing import assert_error

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)
PHONE = "13812345678"


def accepted(world: Any, area: Any = None, c: Any = None, **extra: Any) -> Any:
    c = c or council(world.community)
    t = topic(area or world.building1, **extra)
    services.topic_accept(topic=t, actor=staff(), council=c, at=at(DAY, 9))
    t.refresh_from_db()
    return t


def decided(world: Any) -> tuple[Any, Any]:
    """A topic of building 1 taken to its vote and passed (4 of 5 present, 3 yes)."""
    c = council(world.community)
    t = accepted(world, c=c)
    with time_machine.travel(at(DAY, 10)):
        for code in ("set", "plan", "consult"):
            services.topic_step_record(topic=t, actor=staff(), step_code=code, decision=f"{code} 完成")
    meeting_with_vote(c, t, DAY + datetime.timedelta(days=3), present=4, yes=3, no=1)
    t.refresh_from_db()
    return c, t


def post_step(client: Any, t: Any, **body: Any) -> Any:
    return client.post(f"/api/v1/topics/{t.pk}/steps", json.dumps(body), content_type="application/json")


# --- councils and meetings --------------------------------------------------------------------------


def test_councils_are_scoped_with_kind_place_and_members(client, world, secretary):
    council(world.community, members=5)
    council(world.other_community, code="residents", members=2)
    client.force_login(secretary)
    body = client.get("/api/v1/councils").json()
    assert body["count"] == 1
    [row] = body["items"]
    assert row["kind"] == "democratic" and row["kind_name"] == "民主协商议事会"
    assert row["area"] == world.community.pk and row["area_name"] == "甲社区" and row["members"] == 5
    assert_error(client.get("/api/v1/councils", {"area": world.other_community.pk}), 404)


def test_members_count_only_current_terms(client, world, admin_user):
    c = council(world.community, members=3)
    services.member_end(member=c.members.order_by("pk")[0], actor=staff(), term_end=datetime.date(2024, 6, 30))
    client.force_login(admin_user)
    assert client.get("/api/v1/councils").json()["items"][0]["members"] == 2


def test_council_meetings_with_attendance_and_votes(client, world, secretary):
    c, t = decided(world)
    client.force_login(secretary)
    body = client.get(f"/api/v1/councils/{c.pk}/meetings").json()
    [meeting] = body["items"]
    assert meeting["date"] == "2026-03-05" and meeting["status"] == "held"
    assert (meeting["entitled"], meeting["present"]) == (5, 4)
    [item] = meeting["items"]
    assert item["topic"] == t.pk and item["topic_title"] == t.title
    vote = item["vote"]
    assert (vote["yes"], vote["no"], vote["abstain"], vote["present"], vote["entitled"]) == (3, 1, 0, 4, 5)
    assert vote["result"] == "passed" and vote["quorum_met"] is True


def test_another_communitys_council_is_not_found(client, world, secretary):
    other = council(world.other_community)
    client.force_login(secretary)
    assert_error(client.get(f"/api/v1/councils/{other.pk}/meetings"), 404)


# --- topics -------------------------------------------------------------------------------------------


def test_topics_filter_by_state_council_and_place(client, world, secretary):
    c = council(world.community)
    a = accepted(world, c=c, title="楼道堆物")
    b = topic(world.grid2, title="二网格停车")
    d = topic(world.community, title="想换物业")
    services.topic_decline(topic=d, actor=staff(), reason="属业主大会决定事项")
    topic(world.other_community, title="乙社区的事")
    client.force_login(secretary)

    def titles(**params: Any) -> set[str]:
        response = client.get("/api/v1/topics", params)
        assert response.status_code == 200, response.content
        return {row["title"] for row in response.json()["items"]}

    assert titles() == {"楼道堆物", "二网格停车", "想换物业"}
    assert titles(state="raised") == {"二网格停车"}
    assert titles(state="declined") == {"想换物业"}
    assert titles(council=c.pk) == {"楼道堆物"}
    assert titles(area=world.grid1.pk) == {"楼道堆物"}
    assert titles(area=world.grid2.pk, state="raised") == {"二网格停车"}
    assert b.pk and a.pk
    assert_error(client.get("/api/v1/topics", {"area": world.other_community.pk}), 404)
    assert_error(client.get("/api/v1/topics", {"council": council(world.other_community).pk}), 404)
    assert_error(client.get("/api/v1/topics", {"state": "nonsense"}), 422)


def test_raiser_names_for_office_staff_only_and_never_a_phone(client, world, secretary, grid_worker):
    accepted(world, phone=PHONE, raiser_name="张阿姨")
    client.force_login(secretary)
    [row] = client.get("/api/v1/topics").json()["items"]
    assert row["raiser_name"] == "张阿姨"
    detail = client.get(f"/api/v1/topics/{row['id']}")
    assert detail.json()["raiser_name"] == "张阿姨"
    client.force_login(grid_worker)
    response = client.get("/api/v1/topics")
    [row] = response.json()["items"]
    assert row["raiser_name"] is None
    for text in (response.content.decode(), client.get(f"/api/v1/topics/{row['id']}").content.decode()):
        assert PHONE not in text and "5678" not in text and "张阿姨" not in text


def test_topic_detail_has_its_steps_in_order_and_tasks(client, world, secretary):
    _, t = decided(world)
    with time_machine.travel(at(DAY + datetime.timedelta(days=4), 9)):
        services.topic_step_record(topic=t, actor=staff(), step_code="publish")
    with time_machine.travel(at(DAY + datetime.timedelta(days=12), 9)):
        services.task_add(topic=t, actor=staff(), title="划停车线", owner_name="王主任", due_on=DAY)
    client.force_login(secretary)
    body = client.get(f"/api/v1/topics/{t.pk}").json()
    assert [s["code"] for s in body["steps"]] == ["set", "plan", "consult", "vote", "publish"]
    assert [s["position"] for s in body["steps"]] == [1, 2, 3, 4, 5]
    assert body["steps"][0] == {
        "position": 1,
        "code": "set",
        "name": "确定议题",
        "kind": "record",
        "held_on": "2026-03-02",
        "participants": "",
        "decision": "set 完成",
        "voided": False,
        "publicity_ends": None,
    }
    assert body["steps"][3]["kind"] == "vote" and body["steps"][3]["held_on"] == "2026-03-05"
    assert body["steps"][4]["publicity_ends"] == "2026-03-13T01:00:00Z"
    assert body["state"] == "decided" and body["decided_on"] == "2026-03-05"
    assert body["next_step"] == {"code": "carry_out", "name": "组织实施", "kind": "execute"}
    assert body["tasks"] == [
        {"title": "划停车线", "owner": "王主任", "due_on": "2026-03-02", "progress": 0, "done_on": None}
    ]
    # Still set: the topic waits in its carrying-out step, after the publication.
    assert body["publicity_ends"] == "2026-03-13T01:00:00Z"
    assert body["procedure"] == "community"


def test_voided_steps_stay_marked(client, world, secretary):
    _, t = decided(world)
    published = at(DAY + datetime.timedelta(days=4), 9)
    with time_machine.travel(published):
        services.topic_step_record(topic=t, actor=staff(), step_code="publish")
    with time_machine.travel(published + datetime.timedelta(days=1)):
        o = services.objection_raise(topic=t, text="不同意", ip="10.0.0.9")
        services.objection_answer(objection=o, actor=staff(), answer="重新表决", uphold=True)
    client.force_login(secretary)
    steps = client.get(f"/api/v1/topics/{t.pk}").json()["steps"]
    assert [(s["code"], s["voided"]) for s in steps] == [
        ("set", False),
        ("plan", False),
        ("consult", False),
        ("vote", True),
        ("publish", True),
    ]


def test_another_communitys_topic_is_not_found(client, world, secretary, neighbour_grid_worker):
    t = topic(world.other_community)
    mine = topic(world.building1)
    client.force_login(secretary)
    assert_error(client.get(f"/api/v1/topics/{t.pk}"), 404)
    client.force_login(neighbour_grid_worker)
    assert_error(client.get(f"/api/v1/topics/{mine.pk}"), 404)


def test_decisions_list_decided_and_done_topics_with_publicity(client, world, secretary):
    _, t = decided(world)
    published = at(DAY + datetime.timedelta(days=4), 9)
    with time_machine.travel(published):
        services.topic_step_record(topic=t, actor=staff(), step_code="publish")
    accepted(world, title="还在商量")
    client.force_login(secretary)
    [row] = client.get("/api/v1/decisions").json()["items"]
    assert row["id"] == t.pk and row["state"] == "decided" and row["decided_on"] == "2026-03-05"
    assert row["decision"] == t.decision and "3" in row["decision"]
    assert row["publicity_starts"] == "2026-03-06T01:00:00Z"
    assert row["publicity_ends"] == "2026-03-13T01:00:00Z"
    assert client.get("/api/v1/decisions", {"area": world.grid2.pk}).json()["count"] == 0
    assert_error(client.get("/api/v1/decisions", {"area": world.other_community.pk}), 404)


# --- taking a step --------------------------------------------------------------------------------


def test_a_step_is_recorded(client, world, secretary):
    t = accepted(world)
    client.force_login(secretary)
    body = {"step": "set", "held_on": "2026-03-03", "participants": "居委会、居民代表", "decision": "列入议题"}
    response = post_step(client, t, **body)
    assert response.status_code == 201, response.content
    assert response.json() == {
        "position": 1,
        "code": "set",
        "name": "确定议题",
        "kind": "record",
        "held_on": "2026-03-03",
        "participants": "居委会、居民代表",
        "decision": "列入议题",
        "voided": False,
        "publicity_ends": None,
    }
    t.refresh_from_db()
    assert t.next_position == 2


def test_a_step_out_of_order_is_a_conflict(client, world, secretary):
    t = accepted(world)
    client.force_login(secretary)
    message = assert_error(post_step(client, t, step="consult", decision="跳过"), 409)
    assert "确定议题" in message
    assert_error(post_step(client, t, step="nonsense", decision="x"), 409)
    t.refresh_from_db()
    assert t.next_position == 1


def test_no_step_during_publicity_or_with_an_objection_open(client, world, secretary):
    _, t = decided(world)
    published = at(DAY + datetime.timedelta(days=4), 9)
    with time_machine.travel(published):
        services.topic_step_record(topic=t, actor=staff(), step_code="publish")
    with time_machine.travel(published + datetime.timedelta(days=2)):
        client.force_login(secretary)  # a session of the day travelled to
        message = assert_error(post_step(client, t, step="carry_out"), 409)
        assert "2026-03-13" in message
        services.objection_raise(topic=t, text="车位划在我家门口", ip="10.0.0.9")
    with time_machine.travel(published + datetime.timedelta(days=9)):
        client.force_login(secretary)
        message = assert_error(post_step(client, t, step="carry_out"), 409)
        assert "异议" in message or "objection" in message


def test_a_rule_refusing_the_input_is_a_bad_request(client, world, secretary):
    t = accepted(world)
    client.force_login(secretary)
    # A record step says what was decided.
    assert_error(post_step(client, t, step="set"), 400)
    assert_error(post_step(client, t, step="set", decision="a\x00b"), 422)
    assert_error(post_step(client, t, step="set", decision="x" * 4001), 422)
    assert_error(post_step(client, t, step="set", decision="x", held_on="1066-01-01"), 422)


def test_who_may_take_a_step(client, world, grid_worker, secretary):
    t = accepted(world)
    other = accepted(world, area=world.other_community, c=council(world.other_community))
    client.force_login(grid_worker)  # sees building 1's topic, does not run the councils
    assert_error(post_step(client, t, step="set", decision="x"), 403)
    client.force_login(secretary)
    assert_error(post_step(client, other, step="set", decision="x"), 404)
    client.logout()
    assert_error(post_step(client, t, step="set", decision="x"), 401)
    t.refresh_from_db()
    assert t.next_position == 1


# --- fixed query counts ------------------------------------------------------------------------------


def _grow(world: Any, c: Any, n: int) -> None:
    for i in range(n):
        t = topic(world.building1 if i % 2 else world.grid2, title=f"议题{i}", phone=PHONE)
        if i % 3 == 0:
            services.topic_accept(topic=t, actor=staff(), council=c)


def _queries(client: Any, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"limit": 200})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()["count"]


@pytest.mark.parametrize("url", ["/api/v1/topics", "/api/v1/councils", "/api/v1/decisions"])
def test_lists_cost_the_same_at_two_sizes(client, world, secretary, url):
    client.force_login(secretary)
    client.get(url)  # the session and anything cached per process
    c = council(world.community)
    _grow(world, c, 3)
    for _ in range(3):
        council(world.grid1, code="micro", members=2)
    small, small_rows = _queries(client, url)
    _grow(world, c, 27)
    for _ in range(27):
        council(world.grid1, code="micro", members=2)
    large, large_rows = _queries(client, url)
    assert large_rows >= small_rows
    assert small == large, f"{url}: {small} queries for {small_rows} rows, {large} for {large_rows}"


def test_meetings_cost_the_same_at_two_sizes(client, world, secretary):
    c = council(world.community)
    client.force_login(secretary)
    url = f"/api/v1/councils/{c.pk}/meetings"
    client.get(url)

    def meetings(n: int) -> None:
        for i in range(n):
            t = accepted(world, c=c, title=f"议题{i}")
            meeting_with_vote(c, t, DAY + datetime.timedelta(days=i), present=3, yes=2)

    meetings(3)
    small, small_rows = _queries(client, url)
    meetings(7)
    large, large_rows = _queries(client, url)
    assert (small_rows, large_rows) == (3, 10)
    assert small == large


HOSTILE_BODIES: list[dict[str, Any]] = [
    {"step": ""},
    {"step": "x" * 31, "decision": "x"},
    {"step": "set", "decision": 5},
    {"step": "set", "held_on": "2026-13-40", "decision": "x"},
    {"step": "set", "participants": "\x1f", "decision": "x"},
    {"step": ["set"], "decision": "x"},
    {"decision": "x"},
]


def test_hostile_step_bodies_are_refused_cleanly(client, world, secretary):
    t = accepted(world)
    client.force_login(secretary)
    for body in HOSTILE_BODIES:
        assert_error(post_step(client, t, **body), 422)
    for raw in ["", "not json", "[]", '{"step": "set", "decision": "' + "张" * 5000 + '"}']:
        response = client.post(f"/api/v1/topics/{t.pk}/steps", raw, content_type="application/json")
        assert 400 <= response.status_code < 500, raw[:20]
    t.refresh_from_db()
    assert t.next_position == 1
