"""The unit portal's part: the unit's members who reported in and their confirmed hours."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tongxin.partylife.inservice.models import ReportIn
from tongxin.partylife.inservice.portal import build
from tongxin.partylife.inservice.tests.support import reported, served
from tongxin.partylife.meetings.tests.support import member

pytestmark = pytest.mark.django_db


def test_the_portal_lists_the_units_members_and_their_confirmed_hours(
    client: Any, world: Any, unit_contact: Any
) -> None:
    today = timezone.localdate()
    r = reported(world.unit_branch, "孙医生", world.community, on=datetime.date(today.year - 1, 3, 1))
    served(r, today, "2")
    served(r, today, "1.5")
    served(r, today, "3", confirmed=False)  # waiting: does not count
    served(r, datetime.date(today.year - 1, 6, 1), "4")  # last year: does not count
    # A member of another organization, and one of the unit whose report-in waits.
    reported(world.branch1, "别的党员", world.community)
    waiting = member(world.unit_branch, "周护士", kind="in_service")
    ReportIn.objects.create(member=waiting, community=world.community, reported_on=today)
    client.force_login(unit_contact)
    response = client.get(reverse("portal:portal"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-part="inservice.members"' in page
    part = dict((p.code, c) for p, c in response.context["parts"])["inservice.members"]
    # 2 + 1.5 confirmed this year = 3.5.
    assert [(x.member.name, x.hours) for x in part["rows"]] == [("孙医生", 3.5)]
    assert "孙医生" in page and "周护士" not in page and "别的党员" not in page


def test_one_query_whatever_the_size(world: Any, unit_contact: Any) -> None:
    counts = []
    for first, n in ((0, 2), (2, 10)):
        for i in range(first, first + n):
            served(reported(world.unit_branch, f"医生{i}", world.community), timezone.localdate(), "1")
        with CaptureQueriesContext(connection) as ctx:
            part = build(unit_contact, [world.unit])
        assert part is not None and len(part["rows"]) == first + n
        counts.append(len(ctx.captured_queries))
    assert counts == [1, 1]
