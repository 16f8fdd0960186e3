from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine

from tongxin.partylife.points.queries import columns, with_points
from tongxin.registry.party.models import PartyMember
from tongxin.volunteering.service.own_life import volunteer_part
from tongxin.volunteering.service.tests.support import join, served, team, volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False):
        yield


def test_confirmed_hours_of_member_volunteers_earn_points(world):
    # 赵党员 volunteers in two communities: both records count, once each.
    a = volunteer(world.community, "赵党员", member=world.member1)
    b = volunteer(world.other_community, "赵党员", member=world.member1)
    served(a, datetime.date(2026, 3, 1), "2")
    served(b, datetime.date(2026, 3, 2), "1.5")
    served(a, datetime.date(2026, 3, 3), "4", confirmed=False)
    served(a, datetime.date(2025, 3, 3), "8")
    served(volunteer(world.community, "无党员"), datetime.date(2026, 3, 1), "5")
    cols = [c for c in columns() if c.source.code == "volunteer_hours"]
    assert len(cols) == 1
    ranked = {m.pk: m for m in with_points(PartyMember.objects.all(), 2026, cols)}
    assert ranked[world.member1.pk].total == Decimal("3.5")
    assert ranked[world.member2.pk].total == 0
    assert PartyMember.objects.count() == len(ranked)


def test_own_page_part(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert volunteer_part(world.member1, 2026) is None
    v = volunteer(world.community, "赵党员", member=world.member1)
    t = team(world.community, "维修队")
    join(t, v)
    served(v, datetime.date(2026, 3, 1), "2", t=t)
    served(v, datetime.date(2026, 3, 2), "1", confirmed=False)
    served(v, datetime.date(2025, 3, 2), "7")
    with django_assert_num_queries(3):
        part = volunteer_part(world.member1, 2026)
    assert part == {"hours": Decimal("2"), "services": 1, "teams": ["维修队"]}


def test_the_members_own_page_shows_the_part(client, world, party_member):
    from django.urls import reverse

    v = volunteer(world.community, "赵党员", member=world.member1, user=party_member)
    served(v, datetime.date(2026, 3, 1), "2.5")
    client.force_login(party_member)
    response = client.get(reverse("me"))
    assert response.status_code == 200
    assert reverse("service:my_hours").encode() in response.content and b"2.5" in response.content
