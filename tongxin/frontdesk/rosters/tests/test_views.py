"""The rota pages: who is on duty today at a fixed query count, a rota's fortnight, the shift
page, generating a period through the form, check-in on the person's own page, swaps through the
pages, the workbench's items, the public page (display names, never a phone), bad input."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tongxin.frontdesk.rosters import services
from tongxin.frontdesk.rosters.models import Assignment, Shift, Swap
from tongxin.frontdesk.rosters.tests.support import person, rota, shift_at

pytestmark = pytest.mark.django_db


def _soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_pages_cost_the_same_at_two_sizes(client: Any, world: Any, secretary: Any) -> None:
    r = rota(world.community)
    people = [person(f"t_p{i}", world.community) for i in range(6)]
    now = timezone.now()
    shift_at(r, now - datetime.timedelta(hours=1), people=tuple(people[:2]))
    shift_at(r, now + datetime.timedelta(days=1), needed=3, people=tuple(people[:1]))
    client.force_login(secretary)
    urls = [
        reverse("rosters:list"),
        reverse("rosters:rota", args=[r.pk]),
        reverse("rosters:gaps"),
        reverse("rosters:swaps"),
    ]
    for url in urls:
        client.get(url)
    small = [_count(client, u) for u in urls]
    other = rota(world.community, kind="checkpoint", name="夜班值守")
    for h in range(2, 8):
        shift_at(other, now - datetime.timedelta(hours=h, minutes=30), hours=10, people=tuple(people[h - 2 : h]))
        shift_at(r, now + datetime.timedelta(days=h % 6 + 1, hours=h), needed=4, people=tuple(people[:3]))
    large = [_count(client, u) for u in urls]
    assert small == large
    duty = _soup(client.get(urls[0])).select("#on-duty [data-shift]")
    assert len(duty) == 7


def test_generate_a_period_through_the_form(client: Any, world: Any, secretary: Any) -> None:
    r = rota(world.community)
    a, b = person("t_a", world.community, name="王芳"), person("t_b", world.community, name="李强")
    client.force_login(secretary)
    response = client.post(
        reverse("rosters:generate", args=[r.pk]),
        {"starts_on": "2027-01-04", "ends_on": "2027-01-10", "weekdays": ["0", "1", "2", "3", "4"],
         "start_time": "08:30", "end_time": "17:30", "needed": "2", "people": [str(a.pk), str(b.pk)]},
    )  # fmt: skip
    assert response.status_code == 302
    assert Shift.objects.filter(rota=r).count() == 5
    assert Assignment.objects.filter(shift__rota=r).count() == 10
    page = _soup(client.get(response["Location"]))
    assert "王芳" in page.select_one("#shifts").text
    bad = client.post(
        reverse("rosters:generate", args=[r.pk]),
        {
            "starts_on": "2027-01-10",
            "ends_on": "2027-01-04",
            "weekdays": ["9"],
            "start_time": "25:00",
            "end_time": "x",
            "needed": "abc",
        },
    )
    assert bad.status_code == 200 and _soup(bad).select(".error")


def test_a_grid_worker_checks_in_on_their_own_page(client: Any, world: Any, grid_worker: Any) -> None:
    s = shift_at(rota(world.community), timezone.now() + datetime.timedelta(minutes=10), people=(grid_worker,))
    client.force_login(grid_worker)
    page = _soup(client.get(reverse("rosters:mine")))
    button = page.select_one(
        f'[data-assignment] form[action="{reverse("rosters:check_in", args=[s.assignments.get().pk])}"]'
    )
    assert button is not None
    client.post(button["action"])
    assert s.assignments.get().checked_in_at is not None
    assert _soup(client.get(reverse("rosters:mine"))).select_one(f'form[action="{button["action"]}"]') is None


def test_a_swap_through_the_pages(client: Any, world: Any, secretary: Any, grid_worker: Any) -> None:
    asker = person("t_asker", world.community, role="building_leader")
    s = shift_at(rota(world.community), timezone.now() + datetime.timedelta(days=2), people=(asker,))
    client.force_login(asker)
    client.post(
        reverse("rosters:swap_ask", args=[s.assignments.get().pk]), {"user": grid_worker.pk, "note": "家里有事"}
    )
    swap = Swap.objects.get()
    client.force_login(grid_worker)
    assert _soup(client.get(reverse("rosters:mine"))).select_one(f'#asked [data-swap="{swap.pk}"]') is not None
    client.post(reverse("rosters:swap_accept", args=[swap.pk]))
    client.force_login(secretary)
    assert _soup(client.get(reverse("rosters:swaps"))).select_one(f'[data-swap="{swap.pk}"]') is not None
    client.post(reverse("rosters:swap_approve", args=[swap.pk]))
    assert s.assignments.get().user == grid_worker


def test_the_workbench_shows_duty_gaps_missed_and_my_next_shift(
    client: Any, world: Any, secretary: Any, grid_worker: Any
) -> None:
    from tongxin.platform.web.workbench import Today, workbench_for

    r = rota(world.community)
    now = timezone.now()
    shift_at(r, now - datetime.timedelta(minutes=40), people=(grid_worker,))
    shift_at(r, now + datetime.timedelta(days=2), needed=2, people=(grid_worker,))
    when = Today(now=now, today=timezone.localdate())
    items = {i.key: i for i in workbench_for(secretary, when).items}
    assert items["rosters.today"].count >= 1
    assert items["rosters.missed"].count == 1 and items["rosters.missed"].rows[0].label == str(grid_worker)
    assert items["rosters.gaps"].count == 1
    client.force_login(secretary)
    gaps = _soup(client.get(reverse("rosters:gaps")))
    assert len(gaps.select("#gaps [data-shift]")) == 1 and len(gaps.select("#missed [data-assignment]")) == 1
    mine = {i.key: i for i in workbench_for(grid_worker, when).items}
    assert mine["rosters.mine"].count == 2
    assert "rosters.gaps" not in mine


def test_the_public_page_shows_todays_duty_with_display_names_only(client: Any, world: Any) -> None:
    from tongxin.platform.access.models import User

    named = person("t_named", world.community, name="王芳")
    phone_named = User.objects.create_user("13800001111")  # a user name that is a phone number
    r = rota(world.community)
    r.location = "社区服务大厅"
    r.save()
    shift_at(r, timezone.now() - datetime.timedelta(minutes=5), hours=2, people=(named, phone_named))
    response = client.get(reverse("public:community", args=[world.community.pk]))
    part = _soup(response).select_one("#on-duty-today")
    assert part is not None and "王芳" in part.text and "综合服务窗口" in part.text
    assert b"13800001111" not in response.content
    assert (
        _soup(client.get(reverse("public:community", args=[world.other_community.pk]))).select_one("#on-duty-today")
        is None
    )


def test_hostile_input(client: Any, world: Any, secretary: Any, grid_worker: Any) -> None:
    r = rota(world.community)
    other = rota(world.other_community)
    client.force_login(secretary)
    for url in ("/frontdesk/rosters/99999999999999999999/", "/frontdesk/rosters/0/", f"/frontdesk/rosters/{other.pk}/"):
        assert client.get(url).status_code == 404
    add = client.post(
        reverse("rosters:shift_add", args=[r.pk]),
        {"s-date": "abc", "s-start_time": "99:99", "s-needed": "-3"},
        follow=True,
    )
    assert add.status_code == 200 and _soup(add).select_one(".flash-error")
    assert client.post(reverse("rosters:shift_add", args=[other.pk]), {}).status_code == 404
    s = shift_at(r, timezone.now() + datetime.timedelta(days=1))
    stranger = person("t_far", world.other_community)
    bad = client.post(reverse("rosters:assign", args=[s.pk]), {"user": stranger.pk}, follow=True)
    assert bad.status_code == 200 and not s.assignments.exists()
    assert client.post(reverse("rosters:assign", args=[s.pk]), {"user": "abc"}, follow=True).status_code == 200
    assert client.get(reverse("rosters:rota", args=[r.pk]) + "?from=9999-99-99").status_code == 200
    client.force_login(grid_worker)
    mine = Assignment.objects.create(shift=s, user=grid_worker)
    long = client.post(reverse("rosters:swap_ask", args=[mine.pk]), {"user": stranger.pk, "note": "x" * 5000})
    assert long.status_code == 200 and not Swap.objects.exists()
    early = client.post(reverse("rosters:check_in", args=[mine.pk]), follow=True)
    assert early.status_code == 200 and _soup(early).select_one(".flash-error")
    services.check_in  # noqa: B018  (the page calls the service)
