"""A member's own page: this year's meetings, dues, posts and points against a hand-made record."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.interfaces.home.own_life import own_life
from tongxin.partylife.dues.models import DuesBase, DuesPayment
from tongxin.partylife.meetings.models import Attendance
from tongxin.partylife.meetings.tests.support import at, make_meeting
from tongxin.partylife.points.tests.support import entry, post_held

TODAY = datetime.date(2026, 5, 20)


def _record(world: Any) -> None:
    m = world.member1
    # This year: present, excused, absent, present; one of last year; one still to come.
    for month, status in ((1, "present"), (2, "excused"), (3, "absent"), (4, "present")):
        make_meeting(world.branch1, starts_at=at(2026, month, 10), statuses={m: status})
    make_meeting(world.branch1, starts_at=at(2025, 12, 10), statuses={m: "absent"})
    make_meeting(world.branch1, starts_at=at(2026, 6, 10), statuses={m: "present"})
    # Minutes of January and February read.
    Attendance.objects.filter(member=m, meeting__starts_at__month__in=[1, 2], meeting__starts_at__year=2026).update(
        read_at=at(2026, 3, 1)
    )
    # Dues: ¥45.00 a month from January (employed, ¥4,500); January to March paid.
    DuesBase.objects.create(
        member=m, month=202601, kind="employed", monthly_income=D("4500"), rate=D("0.01"), amount=D("45")
    )
    for month in (202601, 202602, 202603):
        DuesPayment.objects.create(member=m, month=month, amount=D("45"), paid_on=datetime.date(2026, month % 100, 5))
    post_held(world.branch1, m, datetime.date(2026, 2, 1), None, title="政策宣传岗")
    post_held(world.branch1, m, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), title="旧岗位")
    entry(m, datetime.date(2026, 3, 3), "5", "帮助邻居")


@pytest.mark.django_db
def test_the_year_at_a_glance_matches_the_record(world: Any) -> None:
    _record(world)
    life = own_life(world.member1, today=TODAY)
    mt = life.meetings
    assert (mt.held, mt.present, mt.excused, mt.absent, mt.unread) == (4, 2, 1, 1, 2)
    # Five months due at ¥45 (January–May), three paid.
    assert (life.dues_due, life.dues_paid, life.dues_owed) == (D("225.00"), D("135.00"), D("90.00"))
    assert [h.post.title for h in life.holdings] == ["政策宣传岗"]
    # Points: the item by hand (5) plus what the default rules give for the meetings attended
    # this year and the post held; at least the item is there, and attending counts.
    assert life.points >= D("5")
    without_meetings = own_life(world.member2, today=TODAY)
    assert without_meetings.meetings.held == 0 and without_meetings.points == 0


@pytest.mark.django_db
def test_member_sees_it_on_their_page_in_fixed_queries(client: Any, world: Any, party_member: Any) -> None:
    client.force_login(party_member)
    with CaptureQueriesContext(connection) as small:
        response = client.get(reverse("me"))
    assert response.status_code == 200
    _record(world)
    for i in range(8):
        make_meeting(world.branch1, starts_at=at(2026, 1, 11 + i), statuses={world.member1: "present"})
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("me"))
    html = response.content.decode()
    assert "政策宣传岗" in html and "旧岗位" not in html
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_someone_without_a_member_record_sees_only_their_roles(client: Any, world: Any, outsider: Any) -> None:
    client.force_login(outsider)
    response = client.get(reverse("me"))
    assert response.status_code == 200
    main = response.content.decode().split('<main id="main"')[1]
    assert "/points/members/" not in main and "/dues/members/" not in main


@pytest.mark.django_db
def test_an_in_service_member_sees_their_reporting_in(client: Any, world: Any, party_member: Any) -> None:
    from tongxin.partylife.inservice.models import ReportIn
    from tongxin.partylife.inservice.tests.support import served

    report = ReportIn.objects.create(
        member=world.member1, community=world.community, reported_on=datetime.date(2026, 3, 1), post="楼道清洁认领岗"
    )
    served(report, datetime.date(2026, 4, 2), "2.5")
    served(report, datetime.date(2026, 5, 9), "3")
    served(report, datetime.date(2026, 5, 16), "4", confirmed=False)  # not counted until confirmed
    served(report, datetime.date(2025, 12, 20), "6")  # last year
    life = own_life(world.member1, today=TODAY)
    ((template, part),) = life.parts
    assert (part["hours"], part["entries"], part["waiting"]) == (D("5.5"), 2, 1)
    client.force_login(party_member)
    html = client.get(reverse("me")).content.decode()
    assert "楼道清洁认领岗" in html and world.community.name in html
    # Nobody else's page grows a reporting-in part.
    assert own_life(world.member2, today=TODAY).parts == []
