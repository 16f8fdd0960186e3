"""GET /activities and /activities/{id}: scoped, filtered, with the next dates, fixed queries."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from ninja.testing import TestClient

from tongxin.volunteering.activities.api import router
from tongxin.volunteering.activities.tests.support import at, friday_activity, team

D = datetime.date


@pytest.fixture
def api():
    return TestClient(router)


@pytest.fixture
def two(world):
    a = friday_activity(world.community, [team(world.community)])
    b = friday_activity(world.other_community, [team(world.other_community)], title="乙社区活动日")
    return a, b


def _get(api, path, user):
    return api.get(path, user=user, auth=user)


def test_list_is_scoped_with_next_dates(api, two, secretary, street_officer, world):
    a, b = two
    with time_machine.travel(at("2026-09-17 09:00"), tick=False):
        r = _get(api, "/activities", secretary)
        assert r.status_code == 200
        body = r.json()
        assert [x["id"] for x in body["items"]] == [a.pk] and body["count"] == 1
        nxt = body["items"][0]["next_occurrences"]
        assert [o["date"] for o in nxt][:2] == ["2026-09-18", "2026-10-09"] and len(nxt) == 5
        assert body["items"][0]["rrule"] == "FREQ=WEEKLY;BYDAY=FR"
        both = _get(api, "/activities", street_officer).json()
        assert {x["id"] for x in both["items"]} == {a.pk, b.pk}
        only_b = _get(api, f"/activities?node={world.other_community.pk}", street_officer).json()
        assert [x["id"] for x in only_b["items"]] == [b.pk]
        assert _get(api, f"/activities?node={world.other_community.pk}", secretary).status_code == 404
        assert _get(api, f"/activities/{b.pk}", secretary).status_code == 404
        assert _get(api, f"/activities/{a.pk}", secretary).json()["title"] == "主题党日活动"


def test_date_filters_and_hostile_input(api, two, street_officer):
    a, _b = two
    r = _get(api, "/activities?from=2027-06-01", street_officer).json()
    assert r["count"] == 0
    r = _get(api, "/activities?from=2026-10-01&to=2026-10-09", street_officer).json()
    assert r["count"] == 2
    for bad in ("?from=yesterday", "?to=2026-02-30", "?node=0", "?node=abc", "?from=1900-01-01"):
        assert _get(api, f"/activities{bad}", street_officer).status_code in (400, 422)
    assert _get(api, "/activities/99999999", street_officer).status_code == 404


def test_list_costs_a_fixed_number_of_queries(api, world, street_officer, django_assert_num_queries):
    t = team(world.community)
    friday_activity(world.community, [t])
    with time_machine.travel(at("2026-09-17 09:00"), tick=False):
        _get(api, "/activities", street_officer)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            _get(api, "/activities", street_officer)
        for i in range(4):
            friday_activity(world.community, [t], title=f"活动{i}")
        with django_assert_num_queries(len(small.captured_queries)):
            assert _get(api, "/activities", street_officer).json()["count"] == 5
