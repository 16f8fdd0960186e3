"""The errands pages: the list at a fixed query count with the period's counts, registering an
errand for a resident found by search, the steps to handing back, bad input answered with a
message (never a 500), the visitor's phone masked and its reveal audited, the workbench."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tongxin.frontdesk.errands.models import Errand
from tongxin.frontdesk.errands.tests.support import errand, hand_back

pytestmark = pytest.mark.django_db


def _soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_the_list_costs_the_same_for_2_and_12_errands(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    for _i in range(2):
        errand(world.community, resident=world.zhangsan)
    url = reverse("errands:list")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _i in range(10):
        errand(world.community, visitor_name="来访群众")
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)
    assert len(_soup(response).select("#errands tbody tr")) == 12


def test_the_counts_of_a_period(client: Any, world: Any, secretary: Any) -> None:
    e = errand(
        world.community,
        resident=world.zhangsan,
        received_on=datetime.date(2026, 3, 2),
        due_on=datetime.date(2026, 3, 4),
    )
    hand_back(e, submitted=datetime.date(2026, 3, 3), ready=datetime.date(2026, 3, 4), back=datetime.date(2026, 3, 6))
    errand(
        world.community, resident=world.lisi, received_on=datetime.date(2026, 3, 9), due_on=datetime.date(2026, 3, 10)
    )
    errand(world.community, resident=world.lisi, received_on=datetime.date(2026, 4, 9))
    client.force_login(secretary)
    soup = _soup(client.get(reverse("errands:list") + "?from=2026-03-01&to=2026-03-31"))
    got = {dd["data-count"]: dd.text.strip() for dd in soup.select("#counts dd")}
    assert got == {"received": "2", "handed_back": "1", "on_time": "0", "overdue": "2"}


def test_register_for_a_resident_found_by_search_then_hand_back(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    new = reverse("errands:new")
    found = _soup(client.get(new + f"?community={world.community.pk}&q=zs"))
    links = [a["href"] for a in found.select("#found a")]
    assert links == [f"?community={world.community.pk}&resident={world.zhangsan.pk}"]
    response = client.post(
        new + str(links[0]),
        {
            "kind": "elder_allowance",
            "description": "申请高龄补贴",
            "office": "街道民政科",
            "documents": "身份证复印件\n\n户口本",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    e = Errand.objects.get()
    assert response["Location"] == reverse("errands:errand", args=[e.pk])
    assert e.resident == world.zhangsan and e.created_by == secretary
    assert [d.name for d in e.documents.all()] == ["身份证复印件", "户口本"]
    today = timezone.localdate().isoformat()
    for data in ({"step-on": today}, {"step-on": today}, {"step-on": today, "step-handed_back_to": "张三本人"}):
        client.post(reverse("errands:step", args=[e.pk]), data)
    e.refresh_from_db()
    assert e.status == "handed_back" and e.handed_back_to == "张三本人"
    page = _soup(client.get(reverse("errands:errand", args=[e.pk])))
    assert "张三本人" in page.select_one("#handed-back").text
    assert len(page.select("#steps li")) == 4


def test_bad_input_is_a_message_not_a_500(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    new = reverse("errands:new") + f"?community={world.community.pk}&visitor=1"
    response = client.post(
        new,
        {
            "visitor_name": "赵" * 500,
            "visitor_phone": "abc",
            "kind": "zzz",
            "description": "",
            "received_on": "2026-02-30",
        },
    )
    assert response.status_code == 200
    assert _soup(response).select(".error")
    response = client.post(
        new,
        {
            "visitor_name": "赵来访",
            "visitor_phone": "123",
            "kind": "other",
            "description": "x",
            "received_on": "2026-03-02",
        },
    )
    assert response.status_code == 200 and _soup(response).select(".error")
    assert not Errand.objects.exists()
    e = errand(world.community, resident=world.zhangsan)
    step = client.post(reverse("errands:step", args=[e.pk]), {"step-on": "2999-01-01"}, follow=True)
    assert step.status_code == 200 and _soup(step).select_one(".flash-error")
    huge = client.post(reverse("errands:cancel", args=[e.pk]), {"cancel-reason": "x" * 5000}, follow=True)
    assert huge.status_code == 200
    e.refresh_from_db()
    assert e.status == "received"
    for bad in ("99999999999999999999", "0"):
        assert client.get(f"/frontdesk/errands/{bad}/").status_code == 404
    assert client.get(reverse("errands:list") + "?node=abc&from=x&to=2026-99-99&due=%00").status_code == 200
    other = errand(world.other_community, resident=world.wangwu)
    assert client.post(reverse("errands:step", args=[other.pk]), {"step-on": "2026-03-03"}).status_code == 404


def test_the_visitors_phone_is_masked_and_its_reveal_audited(client: Any, world: Any, secretary: Any) -> None:
    from tongxin.platform.core.models import AuditEvent

    e = errand(world.community, visitor_name="赵来访", visitor_phone="13912345678")
    client.force_login(secretary)
    page = client.get(reverse("errands:errand", args=[e.pk]))
    assert b"139****5678" in page.content and b"13912345678" not in page.content
    response = client.post(reverse("errands:reveal", args=[e.pk]), {"field": "phone"})
    assert b"13912345678" in response.content
    event = AuditEvent.objects.filter(action="reveal", object_id=str(e.pk)).get()
    assert event.actor == secretary
    assert "13912345678" not in str(event.changes)


def test_the_workbench_counts_what_its_link_opens(client: Any, world: Any, secretary: Any) -> None:
    from tongxin.platform.web.workbench import Today, workbench_for

    today = timezone.localdate()
    overdue = errand(
        world.community,
        resident=world.zhangsan,
        received_on=today - datetime.timedelta(days=30),
        due_on=today - datetime.timedelta(days=2),
    )
    errand(world.community, resident=world.lisi, received_on=today, due_on=today + datetime.timedelta(days=1))
    errand(world.community, resident=world.lisi, received_on=today, due_on=today + datetime.timedelta(days=40))
    bench = workbench_for(secretary, Today(now=timezone.now(), today=today))
    item = next(i for i in bench.items if i.key == "errands.due")
    assert item.count == 2 and item.urgency == "overdue"
    assert item.rows[0].url == reverse("errands:errand", args=[overdue.pk])
    client.force_login(secretary)
    assert len(_soup(client.get(item.url)).select("#errands tbody tr")) == 2
