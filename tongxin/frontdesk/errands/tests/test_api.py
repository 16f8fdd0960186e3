"""The errands API: the list with ?status=, one errand with its documents and steps, scope, and
no personal number in any answer."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.frontdesk.errands.tests.support import errand, hand_back

pytestmark = pytest.mark.django_db


def test_the_list_filters_by_status_and_holds_no_phone(client: Any, world: Any, secretary: Any) -> None:
    e = errand(world.community, resident=world.zhangsan, received_on=datetime.date(2026, 3, 2))
    hand_back(e, submitted=datetime.date(2026, 3, 3), ready=datetime.date(2026, 3, 4), back=datetime.date(2026, 3, 5))
    errand(world.community, visitor_name="赵来访", visitor_phone="13912345678")
    errand(world.other_community, resident=world.wangwu)
    client.force_login(secretary)
    url = reverse("api:errands")
    response = client.get(url)
    body = response.json()
    assert {r["person"] for r in body["items"]} == {"张三", "赵来访"}
    assert b"13912345678" not in response.content and b"5678" not in response.content
    assert b"138" not in response.content  # 张三's phone
    assert [r["status"] for r in client.get(url + "?status=handed_back").json()["items"]] == ["handed_back"]
    assert client.get(url + "?status=nope").status_code == 422


def test_one_errand_with_documents_and_steps_and_404_out_of_scope(client: Any, world: Any, secretary: Any) -> None:
    e = errand(world.community, resident=world.zhangsan, received_on=datetime.date(2026, 3, 2))
    other = errand(world.other_community, resident=world.wangwu)
    client.force_login(secretary)
    body = client.get(reverse("api:errand", kwargs={"errand_id": e.pk})).json()
    assert [d["name"] for d in body["documents"]] == ["身份证复印件", "照片"]
    assert [s["status"] for s in body["steps"]] == ["received"]
    assert body["office"] == "区社保中心"
    assert client.get(reverse("api:errand", kwargs={"errand_id": other.pk})).status_code == 404


def test_the_list_costs_the_same_at_two_sizes(client: Any, world: Any, secretary: Any) -> None:
    client.force_login(secretary)
    url = reverse("api:errands")
    errand(world.community, resident=world.zhangsan)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _i in range(8):
        errand(world.community, resident=world.lisi)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(url).json()["items"]) == 9
    assert len(small.captured_queries) == len(large.captured_queries)
