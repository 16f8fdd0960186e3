"""Repeated notices as one line, and "mark all read" (issue 13: the subdistrict's 43 escalations)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.html import soup
from tongxin.platform.core.exceptions import Forbidden
from tongxin.platform.inbox.models import Notification
from tongxin.platform.inbox.services import inbox_mark_all_read, notify, unread_count


def escalations(user, n):
    for i in range(n):
        notify(
            recipients=[user],
            kind="escalation",
            title=f"CASE{i:04d} 漏水: escalated to you: not resolved in time",
            topic="escalated to you: not resolved in time",
            url=f"/cases/{i + 1}/",
        )


def test_43_escalations_are_one_line_with_the_count_opening_the_list_of_them(client, street_officer):
    escalations(street_officer, 43)
    notify(recipients=[street_officer], kind="assignment", title="CASE9999 噪音: assigned to you", topic="assigned")
    notify(recipients=[street_officer], kind="other", title="系统维护通知")
    client.force_login(street_officer)
    page = soup(client.get(reverse("inbox:list")))
    (group,) = page.select("li.inbox-group")
    assert group.select_one(".inbox-group-count").get_text(strip=True) == "×43"
    assert "43" in group.select_one(".badge-unread").get_text()
    # The single assignment and the message without a topic stay lines of their own.
    titles = [t.get_text(strip=True) for t in page.select("li.inbox-item .inbox-title")]
    assert titles == ["系统维护通知", "CASE9999 噪音: assigned to you"]
    # The line opens the 43, and only them.
    listed = soup(client.get(reverse("inbox:list") + str(group.a["href"])))
    items = listed.select("li.inbox-item")
    assert items and all(i.select_one(".inbox-title").get_text().startswith("CASE0") for i in items)
    assert "43" in listed.select_one(".result-count").get_text()
    assert listed.select("li.inbox-group") == []


def test_read_notices_of_a_topic_are_not_grouped(client, street_officer):
    escalations(street_officer, 3)
    Notification.objects.update(read_at="2026-01-01T00:00:00+08:00")
    client.force_login(street_officer)
    page = soup(client.get(reverse("inbox:list")))
    assert page.select("li.inbox-group") == []
    assert len(page.select("li.inbox-item")) == 3


def test_marking_one_group_read_leaves_the_others(client, street_officer):
    escalations(street_officer, 5)
    notify(recipients=[street_officer], kind="other", title="另一条")
    client.force_login(street_officer)
    response = client.post(
        reverse("inbox:read_all"), {"kind": "escalation", "topic": "escalated to you: not resolved in time"}
    )
    assert response.status_code == 302
    assert unread_count(street_officer) == 1
    client.post(reverse("inbox:read_all"))
    assert unread_count(street_officer) == 0


def test_mark_all_read_touches_only_the_actors_own_notices(street_officer, secretary):
    escalations(street_officer, 2)
    escalations(secretary, 2)
    assert inbox_mark_all_read(actor=street_officer) == 2
    assert unread_count(secretary) == 2


def test_mark_all_read_refuses_a_visitor(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Forbidden):
        inbox_mark_all_read(actor=AnonymousUser())


def test_an_unknown_kind_is_a_404(client, street_officer):
    client.force_login(street_officer)
    assert client.get(reverse("inbox:list") + "?kind=nonsense").status_code == 404
    assert client.post(reverse("inbox:read_all"), {"kind": "nonsense"}).status_code == 404


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("inbox:list")).status_code == 200
    return len(ctx.captured_queries)


def test_the_inbox_costs_the_same_queries_at_two_sizes(client, street_officer):
    client.force_login(street_officer)
    escalations(street_officer, 3)
    notify(recipients=[street_officer], kind="warning", title="a", topic="deadline near")
    notify(recipients=[street_officer], kind="warning", title="b", topic="deadline near")
    notify(recipients=[street_officer], kind="other", title="单条")
    small = _queries(client)
    escalations(street_officer, 40)
    for i in range(30):
        notify(recipients=[street_officer], kind="other", title=f"单条{i}")
        notify(recipients=[street_officer], kind="status", title=f"状态{i}", topic=f"topic {i % 3}")
    large = _queries(client)
    assert small == large, (small, large)
