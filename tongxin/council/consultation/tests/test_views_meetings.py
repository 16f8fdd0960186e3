"""The meeting pages: a meeting planned, its agenda, attendance ticked, a vote by name recorded
and closed (the topic's vote step then taken), every refusal as a message, hostile input, scope,
and the fixed number of queries of the list and the meeting page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.html import soup
from tongxin.council.consultation import services
from tongxin.council.consultation.models import CouncilMeeting, TopicState, TopicStep, Vote, VoteResult
from tongxin.council.consultation.tests.support import at, council, staff, topic

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 5)


def flashed(response: Any) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def accepted_topic(c: Any, area: Any, title: str = "菜市场非机动车停放") -> Any:
    """A topic of `c`'s community taken up to its vote (urban consultation: set, plan, consult)."""
    t = topic(area, title)
    services.topic_accept(topic=t, actor=staff(), council=c)
    for code in ("set", "plan", "consult"):
        services.topic_step_record(topic=t, actor=staff(), step_code=code, decision="完成")
    t.refresh_from_db()
    return t


def planned(c: Any, topics: list[Any], *, attendance: bool = False) -> CouncilMeeting:
    m = services.meeting_create(
        council=c, actor=staff(), title="三月议事会", starts_at=at(DAY), place="党群服务中心", topics=topics
    )
    if attendance:
        m = services.attendance_open(meeting=m, actor=staff())
    return m


def test_the_whole_meeting_through_the_pages(client: Any, world: Any, secretary: Any) -> None:
    c = council(world.community)
    t = accepted_topic(c, world.building1)
    client.force_login(secretary)

    page = soup(client.get(reverse("consultation:meeting_create", args=[c.pk])), status=200)
    assert [i["value"] for i in page.select("input[name=topics]")] == [str(t.pk)]
    response = client.post(
        reverse("consultation:meeting_create", args=[c.pk]),
        {
            "title": "三月议事会",
            "starts_at": "2026-03-05T19:00",
            "place": "党群服务中心",
            "chaired_by": "王主任",
            "recorded_by_name": "李干事",
            "topics": [str(t.pk)],
        },
    )
    meeting = CouncilMeeting.objects.get(title="三月议事会")
    assert response.status_code == 302 and response["Location"] == reverse("consultation:meeting", args=[meeting.pk])
    item = meeting.items.get()
    assert item.topic == t and meeting.chaired_by == "王主任"

    page = soup(client.get(reverse("consultation:meeting", args=[meeting.pk])), status=200)
    heading = page.select_one(f"#item-{item.pk} h3")
    assert heading.get_text(" ", strip=True) == "1. 菜市场非机动车停放"
    assert heading.select_one("a")["href"] == reverse("consultation:topic", args=[t.pk])
    assert page.select_one("#open-attendance") is not None

    # A vote before attendance is refused with the service's words.
    vote_url = reverse("consultation:meeting_vote_open", args=[item.pk])
    response = client.post(vote_url, {f"vote{item.pk}-method": "named", f"vote{item.pk}-question": "同意方案"})
    assert "签到" in flashed(response) or "attendance" in flashed(response).lower()

    response = client.post(reverse("consultation:meeting_attendance_open", args=[meeting.pk]))
    assert response["Location"] == reverse("consultation:meeting_attendance", args=[meeting.pk])
    page = soup(client.get(response["Location"]), status=200)
    boxes = page.select("#tick-list input[type=checkbox]")
    assert len(boxes) == 5 and page.select_one("#present-now")["data-needed"] == "3"
    ids = [b["value"] for b in boxes][:4]
    response = client.post(reverse("consultation:meeting_attendance", args=[meeting.pk]), {"present": ids})
    assert response.status_code == 302 and meeting.attendance.filter(present=True).count() == 4

    client.post(
        reverse("consultation:meeting_item_discussion", args=[item.pk]), {f"item{item.pk}-discussion": "划线停车"}
    )
    item.refresh_from_db()
    assert item.discussion == "划线停车"

    response = client.post(vote_url, {f"vote{item.pk}-method": "named", f"vote{item.pk}-question": "同意划线方案"})
    vote = Vote.objects.get(item=item)
    assert response["Location"] == reverse("consultation:meeting_vote", args=[vote.pk])
    page = soup(client.get(response["Location"]), status=200)
    assert len(page.select(".ballot-list > li")) == 4
    ballots = {f"ballot-{pk}": choice for pk, choice in zip(ids, ["yes", "yes", "yes", "no"], strict=True)}
    response = client.post(reverse("consultation:meeting_vote", args=[vote.pk]), {**ballots, "close": "1"})
    assert response.status_code == 302
    vote.refresh_from_db()
    assert (vote.yes, vote.no, vote.abstain, vote.result) == (3, 1, 0, VoteResult.PASSED)
    assert vote.present_count == 4 and vote.entitled_count == 5
    # The topic's vote step is recorded by the closed vote.
    t.refresh_from_db()
    step = TopicStep.objects.get(topic=t, step__code="vote")
    assert step.vote == vote and t.state == TopicState.DECIDED and t.next_position == 5

    page = soup(client.get(reverse("consultation:meeting", args=[meeting.pk])), status=200)
    result = page.select_one(f"#item-{item.pk} .vote-result")
    assert "通过" in result.get_text() and "同意 3" in result.get_text()
    assert len(page.select(f"#item-{item.pk} .named-votes li")) == 2

    # Closing again (a second person, a second tab): one result, a friendly word.
    response = client.post(reverse("consultation:meeting_vote_close", args=[vote.pk]))
    assert response.status_code == 302 and "刚刚" in flashed(response)
    # A closed vote stays in the minutes: its item cannot leave the agenda, attendance cannot change.
    response = client.post(reverse("consultation:meeting_agenda_remove", args=[item.pk]))
    assert meeting.items.count() == 1 and flashed(response)
    response = client.post(reverse("consultation:meeting_attendance", args=[meeting.pk]), {"present": ids[:1]})
    assert meeting.attendance.filter(present=True).count() == 4 and flashed(response)


def test_show_of_hands_counts_are_checked(client: Any, world: Any, secretary: Any) -> None:
    c = council(world.community)
    t = accepted_topic(c, world.community)
    meeting = planned(c, [t], attendance=True)
    services.attendance_mark(
        meeting=meeting, actor=staff(), present=meeting.attendance.values_list("pk", flat=True)[:3]
    )
    vote = services.vote_open(item=meeting.items.get(), actor=staff(), method="hands", question="同意")
    client.force_login(secretary)
    url = reverse("consultation:meeting_vote", args=[vote.pk])

    page = soup(client.post(url, {"yes": "-1", "no": "0", "abstain": "0"}), status=200)
    assert "不能为负数" in page.select_one(".error").get_text()
    page = soup(client.post(url, {"yes": "3", "no": "1", "abstain": "0", "close": "1"}), status=200)
    assert "4" in page.select_one(".error").get_text() and "3" in page.select_one(".error").get_text()
    page = soup(client.post(url, {"yes": "abc", "no": "", "abstain": "1e9"}), status=200)
    assert len(page.select(".error")) == 3
    vote.refresh_from_db()
    assert vote.closed_at is None and vote.yes == 0

    response = client.post(url, {"yes": "2", "no": "1", "abstain": "0", "close": "1"})
    assert response.status_code == 302
    vote.refresh_from_db()
    assert vote.result == VoteResult.PASSED and (vote.yes, vote.no) == (2, 1)
    page = soup(client.get(url), status=200)
    assert page.select_one("#vote-result .result-passed") is not None and page.select_one("#close-vote") is None


def test_hostile_ballots_and_attendance(client: Any, world: Any, secretary: Any) -> None:
    c = council(world.community)
    t = accepted_topic(c, world.community)
    meeting = planned(c, [t], attendance=True)
    ids = list(meeting.attendance.values_list("pk", flat=True))
    client.force_login(secretary)
    url = reverse("consultation:meeting_attendance", args=[meeting.pk])
    for bogus in (["x"], ["99999999"], [str(ids[0]), "-1"], ["1" * 30]):
        response = client.post(url, {"present": bogus})
        assert response.status_code == 302 and "名单" in flashed(response)
    assert not meeting.attendance.filter(present=True).exists()
    services.attendance_mark(meeting=meeting, actor=staff(), present=ids[:3])
    vote = services.vote_open(item=meeting.items.get(), actor=staff(), method="named", question="同意")
    vote_url = reverse("consultation:meeting_vote", args=[vote.pk])
    # An absent member, a made-up id, a made-up choice: each refused, nothing recorded.
    for ballots in ({f"ballot-{ids[4]}": "yes"}, {"ballot-abc": "yes"}, {f"ballot-{ids[0]}": "maybe"}):
        response = client.post(vote_url, ballots)
        assert response.status_code == 302 and flashed(response)
    assert not vote.ballots.exists()
    # Counts are not how a vote by name is recorded.
    assert client.post(vote_url, {"yes": "3"}).status_code == 302
    vote.refresh_from_db()
    assert vote.yes == 0
    # Bogus ids in the address: 404.
    assert client.get(reverse("consultation:meeting_vote", args=[999999])).status_code == 404
    assert client.post(reverse("consultation:meeting_agenda_remove", args=[999999])).status_code == 404
    assert client.get(reverse("consultation:meeting", args=[999999])).status_code == 404
    assert client.get(reverse("consultation:meeting_create", args=[999999])).status_code == 404
    assert client.get(reverse("consultation:meetings") + "?council=abc&community=-1").status_code == 200


def test_agenda_add_and_remove(client: Any, world: Any, secretary: Any) -> None:
    c = council(world.community)
    first = accepted_topic(c, world.community)
    second = accepted_topic(c, world.building2, "楼道堆物")
    elsewhere = accepted_topic(council(world.other_community), world.other_community, "乙社区停车")
    meeting = planned(c, [first])
    client.force_login(secretary)
    page = soup(client.get(reverse("consultation:meeting", args=[meeting.pk])), status=200)
    assert [o["value"] for o in page.select("select[name=topic] option")] == ["", str(second.pk)]
    url = reverse("consultation:meeting_agenda_add", args=[meeting.pk])
    for bogus in (str(elsewhere.pk), str(first.pk), "x", ""):
        response = client.post(url, {"topic": bogus})
        assert response.status_code == 302 and flashed(response)
    assert meeting.items.count() == 1
    client.post(url, {"topic": str(second.pk)})
    assert list(meeting.items.order_by("position").values_list("topic_id", flat=True)) == [first.pk, second.pk]
    response = client.post(reverse("consultation:meeting_agenda_remove", args=[meeting.items.get(topic=first).pk]))
    assert response.status_code == 302
    assert list(meeting.items.values_list("topic_id", flat=True)) == [second.pk]


def test_a_villagers_meeting_counts_heads_and_households(client: Any, world: Any, secretary: Any) -> None:
    from tongxin.registry.people.models import Resident

    Resident.objects.filter(pk__in=[world.zhangsan.pk, world.lisi.pk]).update(birth_date=datetime.date(1960, 5, 1))
    c = council(world.community, code="villagers", members=0, name="甲村村民会议")
    meeting = planned(c, [], attendance=True)
    assert (meeting.entitled_count, meeting.households_count) == (2, 2)
    client.force_login(secretary)
    url = reverse("consultation:meeting_attendance", args=[meeting.pk])
    page = soup(client.get(url), status=200)
    assert page.select_one("#tick-list") is None and page.select_one("input[name=households_present]")
    page = soup(client.post(url, {"present": "3", "households_present": "1"}), status=200)
    assert "2" in page.select_one(".error").get_text()
    page = soup(client.post(url, {"present": "-1", "households_present": "1"}), status=200)
    assert "负数" in page.select_one(".error").get_text()
    response = client.post(url, {"present": "1", "households_present": "2"})
    assert response.status_code == 302
    page = soup(client.get(reverse("consultation:meeting", args=[meeting.pk])), status=200)
    # One of two villagers is not more than half, but both households make two thirds: quorate.
    assert "✓" in page.select_one("#quorum h2").get_text()


def test_scope_and_roles(client: Any, world: Any, secretary: Any, street_officer: Any, grid_worker: Any) -> None:
    c = council(world.community)
    mine = planned(c, [])
    other = planned(council(world.other_community), [])
    client.force_login(secretary)
    assert client.get(reverse("consultation:meeting", args=[other.pk])).status_code == 404
    assert client.get(reverse("consultation:minutes_pdf", args=[other.pk])).status_code == 404
    assert client.post(reverse("consultation:meeting_attendance_open", args=[other.pk])).status_code == 404
    page = soup(client.get(reverse("consultation:meetings")), status=200)
    assert [a.get_text() for a in page.select("#council-meetings td:first-child a")] == [mine.title]
    # The subdistrict reads, but does not run the meeting.
    client.force_login(street_officer)
    page = soup(client.get(reverse("consultation:meeting", args=[mine.pk])), status=200)
    assert page.select_one("#open-attendance") is None
    assert client.post(reverse("consultation:meeting_attendance_open", args=[mine.pk])).status_code == 403
    assert client.get(reverse("consultation:meeting_attendance", args=[mine.pk])).status_code == 403
    assert client.get(reverse("consultation:meeting_create", args=[c.pk])).status_code == 403
    mine.refresh_from_db()
    assert mine.attendance_taken_at is None
    # A grid worker does not see the community's councils.
    client.force_login(grid_worker)
    assert client.get(reverse("consultation:meeting", args=[mine.pk])).status_code == 404


def _meetings(c: Any, n: int, members_present: int = 3) -> None:
    for i in range(n):
        t = accepted_topic(c, c.area, f"议题{c.pk}-{i}")
        m = services.meeting_create(council=c, actor=staff(), title=f"会议{i}", starts_at=at(DAY), topics=[t])
        m = services.attendance_open(meeting=m, actor=staff())
        services.attendance_mark(
            meeting=m, actor=staff(), present=m.attendance.values_list("pk", flat=True)[:members_present]
        )


def test_list_in_a_fixed_number_of_queries(
    client: Any, world: Any, secretary: Any, django_assert_num_queries: Any
) -> None:
    c = council(world.community)
    _meetings(c, 2)
    client.force_login(secretary)
    url = reverse("consultation:meetings") + f"?community={world.community.pk}"
    client.get(url)
    with django_assert_num_queries(9) as small:
        page = soup(client.get(url), status=200)
    assert len(page.select("#council-meetings tbody tr")) == 2
    _meetings(council(world.community, code="alliance"), 6)
    with django_assert_num_queries(len(small.captured_queries)):
        page = soup(client.get(url), status=200)
    assert len(page.select("#council-meetings tbody tr")) == 8


def _full_meeting(c: Any, items: int) -> CouncilMeeting:
    topics = [accepted_topic(c, c.area, f"议题{i}") for i in range(items)]
    m = planned(c, topics, attendance=True)
    ids = list(m.attendance.values_list("pk", flat=True))
    services.attendance_mark(meeting=m, actor=staff(), present=ids[:-1])
    for n, item in enumerate(m.items.order_by("position")):
        method = "named" if n % 2 == 0 else "hands"
        vote = services.vote_open(item=item, actor=staff(), method=method, question="同意")
        if method == "named":
            services.ballots_record(vote=vote, actor=staff(), choices=dict.fromkeys(ids[:-1], "yes"))
        else:
            services.vote_count(vote=vote, actor=staff(), yes=len(ids) - 1, no=0, abstain=0)
    return m


@pytest.mark.parametrize(("name", "queries"), [("consultation:meeting", 9), ("consultation:minutes", 9)])
def test_meeting_page_in_a_fixed_number_of_queries(
    client: Any, world: Any, secretary: Any, django_assert_num_queries: Any, name: str, queries: int
) -> None:
    small_meeting = _full_meeting(council(world.community, members=3), 1)
    large_meeting = _full_meeting(council(world.community, code="alliance", members=12), 6)
    client.force_login(secretary)
    client.get(reverse(name, args=[small_meeting.pk]))
    with django_assert_num_queries(queries) as small:
        soup(client.get(reverse(name, args=[small_meeting.pk])), status=200)
    with django_assert_num_queries(len(small.captured_queries)):
        page = soup(client.get(reverse(name, args=[large_meeting.pk])), status=200)
    if name == "consultation:meeting":
        assert len(page.select(".agenda-item")) == 6
