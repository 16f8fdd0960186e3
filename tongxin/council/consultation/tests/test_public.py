"""Residents' public pages: decisions and publicity, objections, raising a topic, following it by
its code, rating it — with the refusals a stranger can meet and nothing personal shown."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.council.consultation import services
from tongxin.council.consultation.models import Objection, Topic, TopicSource, TopicState
from tongxin.council.consultation.public_views import mask_name
from tongxin.council.consultation.tests.support import at, council, meeting_with_vote, staff, topic

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 2)
PUBLISHED = at(DAY + datetime.timedelta(days=4), 9)
IN_PUBLICITY = PUBLISHED + datetime.timedelta(days=2)
AFTER = PUBLISHED + datetime.timedelta(days=8)
PHONE = "13912345678"


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def published(world: Any, area: Any = None, title: str = "菜市场非机动车停放", c: Any = None) -> Topic:
    """A topic of 甲社区 decided and published on PUBLISHED (in publicity for seven days)."""
    c = c or council(world.community)
    t = topic(area or world.building1, title=title, phone=PHONE)
    with time_machine.travel(at(DAY, 9)):
        services.topic_accept(topic=t, actor=staff(), council=c)
        for code in ("set", "plan", "consult"):
            services.topic_step_record(topic=t, actor=staff(), step_code=code, decision=f"{code} 完成")
    meeting_with_vote(c, t, DAY + datetime.timedelta(days=3), present=4, yes=4)
    with time_machine.travel(PUBLISHED):
        services.topic_step_record(
            topic=t, actor=staff(), step_code="publish", participants="王主任、李委员", decision="在东门划线"
        )
    t.refresh_from_db()
    return t


def carried_out(t: Topic) -> Topic:
    with time_machine.travel(AFTER):
        task = services.task_add(
            topic=t, actor=staff(), title="划停车线", owner_name="王主任", due_on=DAY + datetime.timedelta(days=20)
        )
        services.task_progress(task=task, actor=staff(), progress=100, note="已划线 40 个车位")
    t.refresh_from_db()
    return t


def decisions_url(world: Any, community: Any = None) -> str:
    return reverse("consultation:public_decisions") + f"?community={(community or world.community).pk}"


# --- masking --------------------------------------------------------------------------------------


def test_names_are_masked_to_the_family_name() -> None:
    assert mask_name("张阿姨") == "张**" and mask_name("李四") == "李**" and mask_name("欧阳娜娜") == "欧**"
    assert mask_name("") == "" and mask_name("  ") == ""


# --- decisions -----------------------------------------------------------------------------------


def test_decisions_in_publicity_with_the_objection_form(client: Any, world: Any) -> None:
    t = published(world)
    raised = topic(world.community, title="还在审核的议题")
    elsewhere = published(world, area=world.other_community, title="乙社区的决定", c=council(world.other_community))
    with time_machine.travel(IN_PUBLICITY):
        page = client.get(decisions_url(world))
    assert page.status_code == 200
    html = page.content.decode()
    article = soup(page).select_one(f"#topic-{t.pk}")
    assert article is not None and "菜市场非机动车停放" in article.text
    assert article.select_one(".status-publicity") is not None
    assert article.select_one(".days-left strong").text == "5"
    assert article.select_one(f'form[action="{reverse("consultation:public_objection", args=[t.pk])}"]')
    # Only the community's resolutions; nothing personal, no staff names, no participants.
    assert raised.title not in html and elsewhere.title not in html
    assert "张**" in html and "张阿姨" not in html and PHONE not in html and "139****5678" not in html
    assert "王主任" not in html and "李委员" not in html


def test_after_publicity_no_objection_form_and_results_are_public(client: Any, world: Any) -> None:
    t = carried_out(published(world))
    with time_machine.travel(AFTER + datetime.timedelta(days=1)):
        page = client.get(decisions_url(world))
    article = soup(page).select_one(f"#topic-{t.pk}")
    assert article.select_one(".status-publicity") is None and article.select_one("form") is None
    assert "划停车线" in article.text and "40 个车位" in article.text
    assert "王主任" not in article.text  # a task's owner is staff: not named


def test_decisions_without_or_with_a_bogus_community(client: Any, world: Any) -> None:
    url = reverse("consultation:public_decisions")
    page = client.get(url)
    assert page.status_code == 200
    assert {a["href"] for a in soup(page).select(".big-links a")} == {
        f"?community={world.community.pk}",
        f"?community={world.other_community.pk}",
    }
    for bogus in ("abc", str(world.grid1.pk), "99999999", "9" * 40, "1%00", "-1"):
        assert client.get(url, {"community": bogus}).status_code == 404, bogus


def test_decisions_in_a_fixed_number_of_queries(client: Any, world: Any) -> None:
    c = council(world.community)
    counts = []
    for n in (1, 3):
        for i in range(n):
            published(world, title=f"议题{n}-{i}", c=c)
        with time_machine.travel(IN_PUBLICITY), CaptureQueriesContext(connection) as ctx:
            assert client.get(decisions_url(world)).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


# --- objections ----------------------------------------------------------------------------------


def test_an_objection_during_publicity(client: Any, world: Any) -> None:
    t = published(world)
    url = reverse("consultation:public_objection", args=[t.pk])
    with time_machine.travel(IN_PUBLICITY):
        assert client.get(url).status_code == 200
        response = client.post(url, {"text": "车位\x00划在\x07我家门口", "name": "李先生", "phone": "13800001111"})
        assert response.status_code == 200  # a NUL is refused by the form, said next to the field
        response = client.post(url, {"text": "车位划在\x07我家门口", "name": "李先生", "phone": "13800001111"})
    assert response.status_code == 302 and response["Location"].endswith(f"#topic-{t.pk}")
    o = Objection.objects.get()
    assert o.text == "车位划在我家门口" and o.phone_masked == "138****1111" and o.ip_hash
    # The page says the clock stopped; the objector's name is nowhere.
    with time_machine.travel(IN_PUBLICITY):
        page = client.get(decisions_url(world)).content.decode()
    assert "李先生" not in page and "13800001111" not in page


def test_objection_refusals(client: Any, world: Any, settings: Any) -> None:
    settings.CONSULTATION_OBJECTIONS_PER_HOUR = 1
    t = published(world)
    url = reverse("consultation:public_objection", args=[t.pk])
    with time_machine.travel(IN_PUBLICITY):
        bad = ({"text": ""}, {"text": "长" * 2001}, {"text": "好", "phone": "12345"}, {"text": "好", "name": "名" * 51})
        for data in bad:
            response = client.post(url, data)
            assert response.status_code == 200 and soup(response).select(".error"), data
        assert client.post(url, {"text": "一"}).status_code == 302
        limited = client.post(url, {"text": "二"})
        assert limited.status_code == 429 and soup(limited).select_one('[role="alert"]')
    with time_machine.travel(AFTER):
        refused = client.post(url, {"text": "晚了"}, REMOTE_ADDR="10.9.9.9")
    assert refused.status_code == 409 and soup(refused).select_one('[role="alert"]')
    assert Objection.objects.count() == 1
    raised = topic(world.community)
    assert client.post(reverse("consultation:public_objection", args=[raised.pk]), {"text": "x"}).status_code == 404
    assert client.post(reverse("consultation:public_objection", args=[999999]), {"text": "x"}).status_code == 404


# --- raising a topic -----------------------------------------------------------------------------


def new_url(world: Any, community: Any = None) -> str:
    return reverse("consultation:public_topic_new") + f"?community={(community or world.community).pk}"


def test_raise_a_topic_then_see_the_code_and_follow_it(client: Any, world: Any) -> None:
    page = client.get(new_url(world))
    assert page.status_code == 200 and soup(page).select_one('input[name="community"]')["value"] == str(
        world.community.pk
    )
    data = {
        "community": world.community.pk,
        "title": "楼道加装\x01扶手",
        "description": "老人上下楼不方便",
        "building": world.building1.pk,
        "name": "张阿姨",
        "phone": PHONE,
    }
    response = client.post(reverse("consultation:public_topic_new"), data)
    t = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultation:public_topic_received", args=[t.tracking_code])
    assert (t.title, t.area, t.source, t.raiser_name) == ("楼道加装扶手", world.building1, TopicSource.PUBLIC, "张阿姨")
    assert t.phone_masked == "139****5678" and t.ip_hash and t.raised_by is None
    received = client.get(response["Location"])
    assert soup(received).select_one("#tracking-code").text == t.tracking_code
    assert soup(received).select_one(".copy-button")["data-copy"] == t.tracking_code
    # Another browser does not get the received page; the code opens the topic's page.
    from django.test import Client

    assert Client().get(response["Location"]).status_code == 404
    status = client.get(reverse("consultation:public_topic", args=[t.tracking_code.lower()]))
    html = status.content.decode()
    assert status.status_code == 200 and "楼道加装扶手" in html and "张阿姨" not in html and PHONE not in html


def test_a_topic_for_the_whole_community(client: Any, world: Any) -> None:
    data = {"community": world.community.pk, "title": "菜市场噪音", "description": "早上五点就吵"}
    assert client.post(reverse("consultation:public_topic_new"), data).status_code == 302
    assert Topic.objects.get().area == world.community


def test_hostile_topics_save_nothing(client: Any, world: Any) -> None:
    url = reverse("consultation:public_topic_new")
    base = {"community": world.community.pk, "title": "题", "description": "说明"}
    for bad in (
        {"title": "长" * 101},
        {"description": "长" * 4001},
        {"title": "   "},
        {"title": "a\x00b"},
        {"phone": "12345"},
        {"name": "名" * 51},
        {"building": world.other_household.area_id},  # another community's building
        {"building": "x"},
    ):
        response = client.post(url, {**base, **bad})
        assert response.status_code == 200 and soup(response).select(".error"), bad
    assert not Topic.objects.exists()
    assert client.post(url, {**base, "community": world.grid1.pk}).status_code == 404
    assert client.post(url, {**base, "community": "1 OR 1=1"}).status_code == 404
    chooser = client.get(url)
    assert chooser.status_code == 200 and soup(chooser).select(".big-links a")


def test_topics_are_limited_per_address_per_hour(client: Any, world: Any, settings: Any) -> None:
    settings.CONSULTATION_TOPICS_PER_HOUR = 2
    url = reverse("consultation:public_topic_new")
    data = {"community": world.community.pk, "title": "题", "description": "说明"}
    with time_machine.travel(at(DAY, 9)):
        # A refused one (an error in the form) counts toward nothing.
        client.post(url, {**data, "title": ""})
        assert client.post(url, data).status_code == 302
        assert client.post(url, data).status_code == 302
        limited = client.post(url, data)
        assert limited.status_code == 429 and soup(limited).select_one('[role="alert"]')
        assert client.post(url, data, REMOTE_ADDR="10.1.2.3").status_code == 302  # another address
    assert Topic.objects.count() == 3
    with time_machine.travel(at(DAY, 11)):
        assert client.post(url, data).status_code == 302


# --- following a topic ---------------------------------------------------------------------------


def test_the_topic_page_in_plain_words_with_its_steps(client: Any, world: Any) -> None:
    t = published(world)
    with time_machine.travel(IN_PUBLICITY):
        page = client.get(reverse("consultation:public_topic", args=[t.tracking_code]))
    html = page.content.decode()
    assert page.status_code == 200
    steps = [li.select_one("strong").text for li in soup(page).select(".timeline li")]
    assert steps[0] and len(steps) == 7  # raised, taken up, and the five steps so far
    assert soup(page).select_one(".status-publicity") is not None
    assert staff().username not in html and "王主任" not in html and "张阿姨" not in html and PHONE not in html
    assert soup(page).select_one("#rate") is None


def test_a_declined_topic_shows_its_reason(client: Any, world: Any) -> None:
    t = topic(world.community)
    services.topic_decline(topic=t, actor=staff(), reason="属业主大会决定事项")
    page = client.get(reverse("consultation:public_topic", args=[t.tracking_code]))
    assert "属业主大会决定事项" in page.content.decode()


def test_bogus_codes_are_counted_and_limited(client: Any, world: Any, settings: Any) -> None:
    settings.PUBLIC_TRACK_FAILURES_PER_HOUR = 3
    t = topic(world.community)
    for path in ("NOPE2345", "%3Cscript%3E", "A'%22B"):
        assert client.get(f"/public/topics/{path}/").status_code == 404
    # Past the limit every code is refused for the hour, the right one too.
    assert client.get(reverse("consultation:public_topic", args=[t.tracking_code])).status_code == 429
    lookup = client.post(reverse("consultation:public_topic_lookup"), {"code": t.tracking_code})
    assert lookup.status_code == 429
    other = client.get(reverse("consultation:public_topic", args=[t.tracking_code]), REMOTE_ADDR="10.7.7.7")
    assert other.status_code == 200


def test_lookup_by_code(client: Any, world: Any, settings: Any) -> None:
    settings.PUBLIC_TRACK_FAILURES_PER_HOUR = 2
    t = topic(world.community)
    url = reverse("consultation:public_topic_lookup")
    assert client.get(url).status_code == 200
    found = client.post(url, {"code": f" {t.tracking_code.lower()} "})
    assert found.status_code == 302
    assert found["Location"] == reverse("consultation:public_topic", args=[t.tracking_code])
    for bad in ("", "长" * 17, "ABC-'--", "\x00"):
        response = client.post(url, {"code": bad})
        assert response.status_code == 200 and soup(response).select(".error"), bad
    wrong = client.post(url, {"code": "ZZZZ2222"})
    assert wrong.status_code == 200 and soup(wrong).select(".error")
    client.post(url, {"code": "ZZZZ3333"})
    assert client.post(url, {"code": t.tracking_code}).status_code == 429


# --- rating --------------------------------------------------------------------------------------


def test_rate_a_topic_carried_out(client: Any, world: Any) -> None:
    t = carried_out(published(world))
    page = client.get(reverse("consultation:public_topic", args=[t.tracking_code]))
    buttons = soup(page).select('#rate button[name="rating"]')
    assert [b["value"] for b in buttons] == ["5", "4", "3", "2", "1"]
    url = reverse("consultation:public_topic_rate", args=[t.tracking_code])
    assert client.post(url, {"rating": "9"}).status_code == 302
    t.refresh_from_db()
    assert t.rating is None
    response = client.post(url, {"rating": "4", "comment": "好多了"}, follow=True)
    t.refresh_from_db()
    assert t.rating == 4 and t.rating_comment == "好多了" and t.state == TopicState.DONE
    assert soup(response).select_one("#rate") is None
    client.post(url, {"rating": "1"})
    t.refresh_from_db()
    assert t.rating == 4  # once only


def test_a_topic_not_done_cannot_be_rated(client: Any, world: Any) -> None:
    t = topic(world.community)
    response = client.post(reverse("consultation:public_topic_rate", args=[t.tracking_code]), {"rating": "5"})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.rating is None
    assert client.post(reverse("consultation:public_topic_rate", args=["BOGUS234"]), {"rating": "5"}).status_code == 404


def test_the_community_page_links_here(client: Any, world: Any) -> None:
    page = soup(client.get(reverse("public:community", args=[world.community.pk])))
    hrefs = {a["href"] for a in page.select(".big-links a")}
    assert reverse("consultation:public_topic_new") + f"?community={world.community.pk}" in hrefs
    assert decisions_url(world) in hrefs and reverse("consultation:public_topic_lookup") in hrefs
