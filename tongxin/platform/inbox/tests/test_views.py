from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.platform.inbox.models import Notification
from tongxin.platform.inbox.services import notify, unread_count


def inbox_link(page: BeautifulSoup):
    (link,) = page.select(".topbar-tools a.inbox-link")
    return link


def tell(user, n: int = 1, **extra) -> list[Notification]:
    made = []
    for i in range(n):
        made += notify(
            recipients=[user],
            kind=extra.get("kind", "assignment"),
            title=f"通知{i}",
            **{k: v for k, v in extra.items() if k != "kind"},
        )
    return made


# The header ---------------------------------------------------------------------------------


def test_header_shows_the_unread_count(client, grid_worker):
    tell(grid_worker, 3)
    client.force_login(grid_worker)
    link = inbox_link(soup(client.get(reverse("home"))))
    assert link["href"] == reverse("inbox:list")
    assert link.select_one(".badge-count").get_text(strip=True) == "3"
    # Screen readers hear the count in the link text, not only a bare number.
    hidden = link.select_one(".visually-hidden").get_text()
    assert "3" in hidden


def test_header_has_no_badge_when_everything_is_read(client, grid_worker):
    tell(grid_worker, 2)
    Notification.objects.update(read_at="2026-01-01T00:00:00+08:00")
    client.force_login(grid_worker)
    link = inbox_link(soup(client.get(reverse("home"))))
    assert link.select_one(".badge-count") is None
    assert link.get_text(strip=True)


def test_header_caps_a_large_count(client, grid_worker):
    notify(recipients=[grid_worker], kind="other", title="x")
    Notification.objects.bulk_create([Notification(recipient=grid_worker, title=str(i)) for i in range(120)])
    client.force_login(grid_worker)
    link = inbox_link(soup(client.get(reverse("home"))))
    assert link.select_one(".badge-count").get_text(strip=True) == "99+"
    assert "121" in link.select_one(".visually-hidden").get_text()


def test_anonymous_pages_have_no_inbox_link(client, world):
    page = soup(client.get(reverse("login")))
    assert page.select("a.inbox-link") == []


def test_others_notifications_do_not_count(client, grid_worker, neighbour_grid_worker):
    tell(neighbour_grid_worker, 4)
    client.force_login(grid_worker)
    assert inbox_link(soup(client.get(reverse("home")))).select_one(".badge-count") is None


# The list -----------------------------------------------------------------------------------


def test_list_shows_only_my_notifications_newest_first_unread_marked(client, grid_worker, neighbour_grid_worker):
    notify(recipients=[grid_worker], kind="assignment", title="旧的", url="/areas/")
    notify(recipients=[neighbour_grid_worker], kind="assignment", title="别人的")
    newest = notify(recipients=[grid_worker], kind="overdue", title="新的", body="第一行\n第二行")[0]
    old = Notification.objects.get(title="旧的")
    old.read_at = old.created_at
    old.save()
    client.force_login(grid_worker)
    response = client.get(reverse("inbox:list"))
    assert response.status_code == 200
    items = soup(response).select("li.inbox-item")
    assert [i.select_one(".inbox-title").get_text(strip=True) for i in items] == ["新的", "旧的"]
    unread, read = items
    # Unread is said in a word and in bold weight, not by colour alone.
    assert "is-unread" in unread["class"]
    assert unread.select_one(".badge-unread").get_text(strip=True)
    assert unread.select_one("form")["action"] == reverse("inbox:read", args=[newest.pk])
    assert unread.select_one(".inbox-body br") is not None
    assert "is-unread" not in read["class"]
    assert read.select_one(".badge-unread") is None
    assert read.select_one("a.inbox-title")["href"] == "/areas/"


def test_list_escapes_what_it_is_told(client, grid_worker):
    notify(recipients=[grid_worker], kind="other", title="<script>alert(1)</script>", body="<img src=x onerror=1>")
    client.force_login(grid_worker)
    page = soup(client.get(reverse("inbox:list")))
    assert page.select(".inbox-item script") == []
    assert page.select(".inbox-item img") == []


def test_empty_inbox_teaches(client, outsider):
    client.force_login(outsider)
    page = soup(client.get(reverse("inbox:list")))
    assert page.select("li.inbox-item") == []
    empty = page.select_one(".empty")
    # It says what arrives here (zh-Hans is the default language).
    assert empty is not None and "派给您" in empty.get_text() and "超时" in empty.get_text()
    assert empty.select_one("a")["href"] == reverse("home")
    # Nothing to mark read, so no button for it.
    assert page.select(f'form[action="{reverse("inbox:read_all")}"]') == []


def test_list_is_paginated(client, settings, grid_worker):
    settings.PAGE_SIZE = 5
    Notification.objects.bulk_create([Notification(recipient=grid_worker, title=f"n{i}") for i in range(12)])
    client.force_login(grid_worker)
    page = soup(client.get(reverse("inbox:list") + "?page=3"))
    assert len(page.select("li.inbox-item")) == 2
    assert page.select_one(".pagination a[rel=prev]") is not None
    # A junk page number shows the first page, not an error.
    assert client.get(reverse("inbox:list") + "?page=x' OR 1=1").status_code == 200


def test_list_in_elder_mode(client, grid_worker):
    grid_worker.elder_mode = True
    grid_worker.save()
    tell(grid_worker, 1)
    client.force_login(grid_worker)
    page = soup(client.get(reverse("inbox:list")))
    assert "elder" in page.html["class"]
    assert page.select_one(".badge-count").get_text(strip=True) == "1"


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_costs_the_same_queries_at_two_sizes(client, grid_worker):
    client.force_login(grid_worker)
    tell(grid_worker, 2, url="/areas/")
    small = count_queries(client, reverse("inbox:list"))
    tell(grid_worker, 40, url="/areas/", case_id=7)
    mark = Notification.objects.filter(recipient=grid_worker)[:10]
    Notification.objects.filter(pk__in=[n.pk for n in mark]).update(read_at="2026-01-01T00:00:00+08:00")
    large = count_queries(client, reverse("inbox:list"))
    assert small == large


# Reading ------------------------------------------------------------------------------------


def test_read_marks_one_and_follows_its_link(client, grid_worker):
    first, second = tell(grid_worker, 2, url="/areas/")
    client.force_login(grid_worker)
    response = client.post(reverse("inbox:read", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/areas/"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_read_without_a_link_returns_to_the_inbox(client, grid_worker):
    (note,) = tell(grid_worker)
    client.force_login(grid_worker)
    response = client.post(reverse("inbox:read", args=[note.pk]))
    assert response["Location"] == reverse("inbox:list")


def test_read_never_redirects_off_the_site(client, grid_worker):
    # Written around the service's checks (e.g. by a data fix): the view checks again.
    note = Notification.objects.create(recipient=grid_worker, title="x", url="/\\evil.example")
    client.force_login(grid_worker)
    response = client.post(reverse("inbox:read", args=[note.pk]))
    assert response["Location"] == reverse("inbox:list")


def test_reading_another_users_notification_is_a_404(client, grid_worker, neighbour_grid_worker):
    (theirs,) = tell(neighbour_grid_worker, url="/areas/")
    client.force_login(grid_worker)
    assert client.post(reverse("inbox:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_is_post_only(client, grid_worker):
    (note,) = tell(grid_worker)
    client.force_login(grid_worker)
    assert client.get(reverse("inbox:read", args=[note.pk])).status_code == 405
    assert client.get(reverse("inbox:read_all")).status_code == 405
    assert unread_count(grid_worker) == 1


def test_read_all_marks_only_mine(client, grid_worker, neighbour_grid_worker):
    tell(grid_worker, 3)
    tell(neighbour_grid_worker, 2)
    client.force_login(grid_worker)
    response = client.post(reverse("inbox:read_all"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("inbox:list")
    assert unread_count(grid_worker) == 0
    assert unread_count(neighbour_grid_worker) == 2
    page = soup(response)
    assert page.select("li.inbox-item.is-unread") == []
    assert page.select_one(".flash") is not None
    assert inbox_link(page).select_one(".badge-count") is None


def test_anonymous_is_sent_to_sign_in(client, grid_worker):
    (note,) = tell(grid_worker)
    for url in [reverse("inbox:list"), reverse("inbox:read", args=[note.pk]), reverse("inbox:read_all")]:
        response = client.post(url) if "read" in url else client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert unread_count(grid_worker) == 1


@pytest.mark.parametrize(
    "pk",
    [
        "abc",
        "-1",
        "1.5",
        "0x10",
        "9" * 19,
        "9" * 40,
        "１２",
        "%00",
        "1%20",
        "%3Cscript%3E",
        "1;DROP TABLE inbox_notification",
    ],
)
def test_hostile_ids_are_404_never_500(client, grid_worker, pk):
    tell(grid_worker)
    client.force_login(grid_worker)
    response = client.post(f"/inbox/{pk}/read/")
    assert response.status_code == 404
    assert unread_count(grid_worker) == 1


def test_largest_accepted_id_that_does_not_exist_is_404(client, grid_worker):
    client.force_login(grid_worker)
    assert client.post(reverse("inbox:read", args=["9" * 18])).status_code == 404


def test_read_all_ignores_whatever_it_is_sent(client, grid_worker, neighbour_grid_worker):
    tell(grid_worker)
    (theirs,) = tell(neighbour_grid_worker)
    client.force_login(grid_worker)
    response = client.post(reverse("inbox:read_all"), {"notification_ids": [theirs.pk, "x" * 10_000, "\x00"]})
    assert response.status_code == 302
    assert unread_count(neighbour_grid_worker) == 1
