"""The notices pages and API: fixed query counts at two sizes, the notice page's reached count
and not-reached list, the to-deliver list and its buttons, the workbench's count, the figures,
and bad input answered with a message or a 404 (never a 500)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tongxin.fieldwork.notices import services
from tongxin.fieldwork.notices.models import Notice, NoticeDelivery
from tongxin.fieldwork.notices.tests.support import draft_notice, household, sent_notice, staff

pytestmark = pytest.mark.django_db


def _queries(client: Any, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), response


def _homes(world: Any, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        phone = f"1360000{i:04d}" if i % 2 else ""
        household(world.building1, world.grid1, f"{500 + i}", (f"住户{i}", phone, None, ()))


def test_the_pages_and_the_api_cost_the_same_at_two_sizes(
    client: Any, world: Any, secretary: Any, grid_worker: Any
) -> None:
    _homes(world, 2)
    sent_notice(world.community)
    draft_notice(world.community, title="草稿")
    urls = {
        "list": reverse("notices:list"),
        "api": reverse("api:notices"),
    }
    client.force_login(secretary)
    client.get(urls["list"])
    small = {k: _queries(client, u)[0] for k, u in urls.items()}
    notice = Notice.objects.filter(status="sent").get()
    detail_small = _queries(client, reverse("notices:notice", args=[notice.pk]))[0]
    api_detail_small = _queries(client, reverse("api:notice", kwargs={"notice_id": notice.pk}))[0]
    client.force_login(grid_worker)
    client.get(reverse("notices:deliver"))
    deliver_small = _queries(client, reverse("notices:deliver"))[0]
    delivering_small = _queries(client, reverse("notices:list"))[0]

    _homes(world, 12, start=10)
    for i in range(6):
        sent_notice(world.community, title=f"通知{i}")
        draft_notice(world.community, title=f"草稿{i}")
    big = Notice.objects.filter(status="sent").order_by("-id").first()
    client.force_login(secretary)
    large = {k: _queries(client, u)[0] for k, u in urls.items()}
    assert small == large
    assert detail_small == _queries(client, reverse("notices:notice", args=[big.pk]))[0]
    assert api_detail_small == _queries(client, reverse("api:notice", kwargs={"notice_id": big.pk}))[0]
    client.force_login(grid_worker)
    n, response = _queries(client, reverse("notices:deliver"))
    assert n == deliver_small
    assert (
        len(BeautifulSoup(response.content, "html.parser").select("#to-deliver .deliver-card")) == 3 + 6 * 15
    )  # grid 1: 3 households, then 15, none reached (texts not sent)
    assert _queries(client, reverse("notices:list"))[0] == delivering_small


def test_the_notice_page_shows_reached_per_grid_and_why_not(client: Any, world: Any, secretary: Any) -> None:
    household(world.building1, world.grid1, "102", ("赵老", "", None, ()))
    notice = sent_notice(world.community)
    services.deliver_texts(notice.pk)  # 101 and 201 by text; 102 has no phone
    client.force_login(secretary)
    soup = BeautifulSoup(client.get(reverse("notices:notice", args=[notice.pk])).content, "html.parser")
    assert soup.select_one("#reached-count").text.strip().startswith("2 / 3")
    grids = {li["data-grid"]: li.select_one('[role="progressbar"]')["aria-valuenow"] for li in soup.select("#grids li")}
    assert grids == {str(world.grid1.pk): "50", str(world.grid2.pk): "100"}
    left = soup.select("#not-reached tbody tr")
    assert [(r["data-why"], "102" in r.text) for r in left] == [("no_phone", True)]


def test_a_grid_worker_confirms_at_the_door_and_the_workbench_counts_it(
    client: Any, world: Any, grid_worker: Any
) -> None:
    from tongxin.platform.web.workbench import Today, workbench_for

    household(world.building1, world.grid1, "102", ("赵老", "", None, ()))
    notice = sent_notice(world.community)
    services.deliver_texts(notice.pk)
    bench = {i.key: i for i in workbench_for(grid_worker, Today(now=timezone.now(), today=timezone.localdate())).items}
    item = bench["notices.to_deliver"]
    assert item.count == 1 and item.rows[0].label.endswith("102")
    client.force_login(grid_worker)
    page = BeautifulSoup(client.get(item.url).content, "html.parser")
    cards = page.select("#to-deliver .deliver-card")
    assert len(cards) == item.count
    d = NoticeDelivery.objects.get(notice=notice, household__number="102")
    response = client.post(reverse("notices:confirm", args=[d.pk]), {"notice": str(notice.pk)})
    assert response.status_code == 302 and response["Location"].endswith(f"?notice={notice.pk}")
    d.refresh_from_db()
    assert d.reached_by == "door" and d.door_by == grid_worker
    bench = {i.key: i for i in workbench_for(grid_worker, Today(now=timezone.now(), today=timezone.localdate())).items}
    assert bench["notices.to_deliver"].count == 0


def test_hostile_input_is_a_message_or_a_404(client: Any, world: Any, secretary: Any, grid_worker: Any) -> None:
    other = sent_notice(world.other_community)
    mine = draft_notice(world.community)
    client.force_login(secretary)
    for bad in ("0", "99999999999999999999", str(other.pk)):
        assert client.get(f"/notices/{bad}/").status_code == 404
    assert client.get(reverse("notices:list") + "?status=%00&page=-1").status_code == 200
    assert client.get(reverse("api:notices") + "?status=zzz").status_code == 422
    assert client.get("/api/v1/notices/99999999999999999999").status_code in (404, 422)
    # Another community's place, a string for the place, huge text: errors beside the form.
    for data in (
        {
            "title": "通知",
            "text": "内容",
            "area": str(world.other_community.pk),
            "audience": "households",
            "by_text": "on",
        },
        {"title": "通知", "text": "内容", "area": "x", "audience": "households", "by_text": "on"},
        {"title": "通知" * 500, "text": "字" * 5000, "area": str(world.community.pk), "audience": "zz"},
        {
            "title": "通知",
            "text": "内容",
            "area": str(world.community.pk),
            "audience": "households",
            "care_category": "abc",
        },
        {"title": "通知", "text": "内容", "area": str(world.community.pk), "audience": "households"},
    ):
        response = client.post(reverse("notices:edit", args=[mine.pk]), data)
        assert response.status_code == 200
        assert BeautifulSoup(response.content, "html.parser").select(".error, .form-errors")
    mine.refresh_from_db()
    assert mine.title == "疫苗接种通知"
    # Sending twice: the second is a message, not a 500.
    client.post(reverse("notices:send", args=[mine.pk]))
    response = client.post(reverse("notices:send", args=[mine.pk]), follow=True)
    assert response.status_code == 200 and BeautifulSoup(response.content, "html.parser").select(".flash-error")
    client.force_login(grid_worker)
    assert client.get(reverse("notices:deliver") + "?notice=abc").status_code == 200
    assert client.get(reverse("notices:deliver") + "?notice=%C2%B2").status_code == 200
    assert client.get(reverse("notices:deliver") + "?notice=0").status_code == 404
    assert client.get(reverse("notices:deliver") + f"?notice={other.pk}").status_code == 404
    other_delivery = NoticeDelivery.objects.filter(notice=other).first()
    assert client.post(reverse("notices:confirm", args=[other_delivery.pk])).status_code == 404
    assert client.post("/notices/deliveries/99999999999999999999/confirm/").status_code == 404


def test_the_api_gives_delivered_and_total(client: Any, world: Any, street_officer: Any) -> None:
    notice = sent_notice(world.community)
    services.deliver_texts(notice.pk)
    draft_notice(world.community, title="草稿")
    client.force_login(street_officer)
    items = client.get(reverse("api:notices") + "?status=sent").json()["items"]
    assert [(i["id"], i["delivered"], i["total"]) for i in items] == [(notice.pk, 2, 2)]
    body = client.get(reverse("api:notice", kwargs={"notice_id": notice.pk})).json()
    assert sorted((g["grid"], g["delivered"], g["total"]) for g in body["grids"]) == [
        ("第一网格", 1, 1),
        ("第二网格", 1, 1),
    ]


def test_the_figures_against_a_hand_made_set(world: Any, secretary: Any) -> None:
    """甲: one notice sent today to 3 households, 2 reached by text and 1 at the door is 3/3;
    a second to 甲's grid 1 (2 households), only 101 reached by text: 1/2. 乙: one to 王五's
    household, not delivered: 0/1. A draft counts nowhere. Period = today."""
    from tongxin.fieldwork.notices.figures import reached, sent
    from tongxin.platform.web.indicators import INDICATORS, Ratio

    household(world.building1, world.grid1, "102", ("赵老", "", None, ()))
    a = sent_notice(world.community)
    services.deliver_texts(a.pk)
    services.confirm_door(actor=staff(), delivery=NoticeDelivery.objects.get(notice=a, household__number="102"))
    b = sent_notice(world.grid1, title="第二份")
    services.deliver_texts(b.pk)
    sent_notice(world.other_community, title="乙通知")
    draft_notice(world.community, title="草稿")
    today = timezone.localdate()
    values = reached(world.district, today, today)
    assert values.under(world.community.path) == Ratio(4, 5)
    assert values.under(world.other_community.path) == Ratio(0, 1)
    assert values.total() == Ratio(4, 6)
    assert sent(world.district, today, today).under(world.community.path) == 2
    assert sent(world.district, today, today).total() == 3
    yesterday = today - datetime.timedelta(days=1)
    assert reached(world.district, yesterday, yesterday).total() == Ratio()
    assert "notices.reached" in INDICATORS and "notices.sent" in INDICATORS
