"""Council pages: the list by community in a fixed number of queries, creating a council (a Party
members' meeting needs its organization), members with terms, and the workbench's items."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.council.consultation import services
from tongxin.council.consultation.models import Council, CouncilKind, Objection, TopicState
from tongxin.council.consultation.tests.support import at, council, meeting_with_vote, staff, topic

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(at(DAY, 9), tick=False):
        yield


def url(name: str, *args: Any) -> str:
    return reverse(f"consultation:{name}", args=args)


def test_list_groups_by_community_with_counts_in_a_fixed_number_of_queries(client, world, secretary, admin_user):
    a = council(world.community, members=3)
    services.member_end(member=a.members.order_by("pk")[0], actor=staff(), term_end=DAY - datetime.timedelta(days=1))
    council(world.grid1, code="micro", name="第一网格微议事")
    council(world.other_community)
    t = topic(world.community)
    services.topic_accept(topic=t, actor=staff(), council=a)
    client.force_login(secretary)
    page = soup(client.get(url("councils")), status=200)
    assert [h.get_text() for h in page.select(".council-group h2")] == ["甲社区"]
    rows = page.select(".councils tbody tr")
    assert len(rows) == 2
    cells = [td.get_text(" ", strip=True) for td in rows[0].select("td")]
    assert cells[0] == a.name and cells[3].endswith("2") and cells[4].endswith("1")
    client.force_login(admin_user)
    client.get(url("councils"))
    with CaptureQueriesContext(connection) as small:
        page = soup(client.get(url("councils")))
    assert len(page.select(".council-group")) == 2
    for i in range(20):
        council(world.grid2 if i % 2 else world.other_grid, code="micro", name=f"微议事{i}", members=2)
    with CaptureQueriesContext(connection) as large:
        page = soup(client.get(url("councils")))
    assert len(page.select(".councils tbody tr")) == 23
    assert len(large.captured_queries) == len(small.captured_queries)


def test_create_a_council_and_refuse_bad_input(client, world, secretary, street_officer):
    client.force_login(secretary)
    page = soup(client.get(url("council_create")), status=200)
    assert page.select_one("select[name=kind]") is not None
    democratic = CouncilKind.objects.get(code="democratic")
    party = CouncilKind.objects.get(code="party_general")
    data = {"area": world.community.pk, "kind": democratic.pk, "name": "甲社区民主协商议事会"}
    response = client.post(url("council_create"), data)
    c = Council.objects.get(name="甲社区民主协商议事会")
    assert response.status_code == 302 and response["Location"] == url("council", c.pk)
    # A Party members' meeting needs its organization; the answer is next to the field.
    page = soup(client.post(url("council_create"), {**data, "kind": party.pk, "name": "党员大会"}), status=200)
    assert page.select_one(".has-error select[name=organization]") is not None
    response = client.post(
        url("council_create"), {**data, "kind": party.pk, "name": "党员大会", "organization": world.committee.pk}
    )
    assert response.status_code == 302
    page = soup(client.post(url("council_create"), {**data, "name": "长" * 101, "kind": "x"}), status=200)
    assert len(page.select(".has-error")) == 2
    assert client.post(url("council_create"), {**data, "area": world.other_community.pk}).status_code == 404
    client.force_login(street_officer)
    assert client.get(url("council_create")).status_code == 403


def test_detail_shows_the_rule_members_with_terms_and_topics(client, world, secretary, street_officer):
    c = council(world.community, members=3)
    t = topic(world.community, title="菜市场非机动车停放")
    services.topic_accept(topic=t, actor=staff(), council=c)
    client.force_login(secretary)
    page = soup(client.get(url("council", c.pk)), status=200)
    assert "过半数" in page.select_one(".council-rule").get_text()
    assert len(page.select("#current-members tbody tr")) == 3
    assert page.select_one(f'#council-topics a[href="{url("topic", t.pk)}"]') is not None
    data = {
        "member-name": "王阿姨",
        "member-kind": "resident",
        "member-role": "chair",
        "member-term_start": "2026-01-01",
    }
    assert client.post(url("member_add", c.pk), data).status_code == 302
    page = soup(client.post(url("member_add", c.pk), {**data, "member-term_end": "2025-01-01"}), status=200)
    assert page.select_one("#members .has-error") is not None
    member = c.members.get(name="王阿姨")
    response = client.post(url("member_end", c.pk, member.pk), {"term_end": "2026-03-01"})
    assert response.status_code == 302
    page = soup(client.get(url("council", c.pk)), status=200)
    assert len(page.select("#current-members tbody tr")) == 3
    assert "王阿姨" in page.select_one(".past-members").get_text()
    # A term cannot end before it started: said next to the member's date, and above the list.
    current = c.members.filter(term_end__isnull=True).first()
    bad = soup(client.post(url("member_end", c.pk, current.pk), {"term_end": "2020-01-01"}), status=200)
    assert "不能早于" in bad.select_one("#current-members .error").get_text()
    assert "不能早于" in bad.select_one("#refusal").get_text()
    bad = soup(client.post(url("member_end", c.pk, member.pk), {"term_end": "x"}), status=200)
    assert bad.select_one("#refusal") is not None
    other = council(world.other_community)
    assert client.get(url("council", other.pk)).status_code == 404
    assert client.post(url("member_end", c.pk, other.members.first().pk), {}).status_code == 404
    client.force_login(street_officer)
    page = soup(client.get(url("council", c.pk)), status=200)
    assert page.select("main form[method=post]") == []
    assert client.post(url("member_add", c.pk), data).status_code == 403


def test_edit_a_council(client, world, secretary):
    c = council(world.community, members=0)
    client.force_login(secretary)
    assert client.get(url("council_edit", c.pk)).status_code == 200
    response = client.post(url("council_edit", c.pk), {"name": "新名字", "description": "", "is_active": ""})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.name == "新名字" and not c.is_active


def test_the_workbench_names_what_waits_for_those_who_run_the_councils(client, world, secretary, grid_worker):
    c = council(world.community)
    waiting = topic(world.community, title="等待审核的议题")
    t = topic(world.community, title="公示中的议题")
    services.topic_accept(topic=t, actor=staff(), council=c)
    for code in ("set", "plan", "consult"):
        services.topic_step_record(topic=t, actor=staff(), step_code=code, decision="完成")
    meeting_with_vote(c, t, DAY - datetime.timedelta(days=10), present=4, yes=4)
    with time_machine.travel(at(DAY - datetime.timedelta(days=9), 9), tick=False):
        services.topic_step_record(topic=t, actor=staff(), step_code="publish")
    t.refresh_from_db()
    assert t.state == TopicState.DECIDED
    client.force_login(secretary)
    page = soup(client.get(reverse("home")), status=200)
    items = {li["data-item"]: li for li in page.select("li.wb-item")}
    review = items["consultation.review"]
    assert review.select_one(".wb-count").get_text(strip=True) == "1"
    assert review.select_one(".wb-row a")["href"] == url("topic", waiting.pk)
    publicity = items["consultation.publicity"]
    assert publicity.select_one(".wb-row a")["href"] == url("topic", t.pk)
    # Each figure is the count of the list its link opens.
    for key in ("consultation.review", "consultation.publicity"):
        link = items[key].select_one("a.wb-item-head")["href"]
        listed = soup(client.get(link), status=200).select("#topics tbody tr")
        assert len(listed) == int(items[key].select_one(".wb-count").get_text(strip=True))
    # An objection stops publicity: it is listed as waiting for an answer instead.
    Objection.objects.create(topic=t, step=t.steps.get(step__code="publish"), text="反对")
    page = soup(client.get(reverse("home")), status=200)
    items = {li["data-item"]: li for li in page.select("li.wb-item")}
    assert items["consultation.objection"].select_one(".wb-count").get_text(strip=True) == "1"
    client.force_login(grid_worker)
    page = soup(client.get(reverse("home")), status=200)
    assert not [li for li in page.select("li.wb-item") if li["data-item"].startswith("consultation.")]
