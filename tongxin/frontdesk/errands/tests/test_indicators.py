"""The front desk's figures against hand-made sets: errands received, handed back on time, and
duty shifts covered (checked in at least as many as needed, of the shifts started)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from tongxin.frontdesk.errands.tests.support import errand, hand_back
from tongxin.platform.web import indicators as ind

pytestmark = pytest.mark.django_db

MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


def _d(day: int, month: int = 3) -> datetime.date:
    return datetime.date(2026, month, day)


def test_errands_received_and_on_time(world: Any) -> None:
    # 甲社区: four received in March (one from February handed back in March, late), 乙社区: one.
    on_time = errand(world.community, resident=world.zhangsan, received_on=_d(2), due_on=_d(10))
    hand_back(on_time, submitted=_d(3), ready=_d(9), back=_d(10))  # on the deadline: on time
    late = errand(world.community, resident=world.lisi, received_on=_d(3), due_on=_d(5))
    hand_back(late, submitted=_d(4), ready=_d(6), back=_d(6))  # late
    errand(world.community, resident=world.lisi, received_on=_d(20))  # still open
    errand(world.community, visitor_name="来访", received_on=_d(31))
    old = errand(world.community, resident=world.zhangsan, received_on=_d(20, 2), due_on=_d(25, 2))
    hand_back(old, submitted=_d(21, 2), ready=_d(1), back=_d(2))  # handed back in March, late
    other = errand(world.other_community, resident=world.wangwu, received_on=_d(5), due_on=_d(20))
    hand_back(other, submitted=_d(6), ready=_d(7), back=_d(8))
    errand(world.community, resident=world.zhangsan, received_on=_d(1, 4))  # April: not counted

    received = ind.INDICATORS["errands.received"].compute(world.subdistrict, *MARCH)
    assert received.under(world.community.path) == 4
    assert received.under(world.other_community.path) == 1
    assert received.total() == 5
    rate = ind.INDICATORS["errands.on_time"].compute(world.subdistrict, *MARCH)
    assert rate.under(world.community.path) == ind.Ratio(1, 3)
    assert rate.under(world.other_community.path) == ind.Ratio(1, 1)
    assert rate.total() == ind.Ratio(2, 4)
    assert ind.display(ind.Kind.RATIO, rate.total()) == "50.0%"


def test_duty_shifts_covered(world: Any) -> None:
    from tongxin.frontdesk.rosters import services
    from tongxin.frontdesk.rosters.models import Assignment
    from tongxin.frontdesk.rosters.tests.support import person, rota, shift_at

    a, b = person("t_a", world.community), person("t_b", world.community)
    r = rota(world.community)
    now = timezone.now()
    today = timezone.localdate()
    # Four started shifts: two people needed and both checked in (covered), two needed and one
    # checked in (not), one needed and checked in (covered), nobody on it (not). One not started.
    shifts = [
        shift_at(r, now - datetime.timedelta(days=1, hours=h), needed=n, people=p)
        for h, n, p in ((1, 2, (a, b)), (3, 2, (a, b)), (5, 1, (a,)), (7, 1, ()))
    ]
    shift_at(r, now + datetime.timedelta(hours=2), needed=1, people=(a,))
    checked = [(shifts[0], a), (shifts[0], b), (shifts[1], a), (shifts[2], a)]
    for s, who in checked:
        assignment = Assignment.objects.get(shift=s, user=who)
        services.check_in(actor=who, assignment=assignment, now=s.starts + datetime.timedelta(minutes=3))
    start = today - datetime.timedelta(days=3)
    covered = ind.INDICATORS["rosters.shifts_covered"].compute(
        world.subdistrict, start, today + datetime.timedelta(days=1)
    )
    assert covered.under(world.community.path) == ind.Ratio(2, 4)
    assert covered.under(world.other_community.path) == ind.Ratio(0, 0)


def test_who_may_read_the_figures(world: Any, secretary: Any, street_officer: Any, grid_worker: Any) -> None:
    from tongxin.platform.access.scope import scope_for

    keys = {"rosters.shifts_covered", "errands.received", "errands.on_time"}
    assert keys <= {i.key for i in ind.readable(scope_for(secretary))}
    assert keys <= {i.key for i in ind.readable(scope_for(street_officer))}
    assert not keys & {i.key for i in ind.readable(scope_for(grid_worker))}


def test_the_community_work_page_shows_the_front_desks_figures(client: Any, world: Any, street_officer: Any) -> None:
    from bs4 import BeautifulSoup
    from django.urls import reverse

    e = errand(world.community, resident=world.zhangsan, received_on=_d(2), due_on=_d(10))
    hand_back(e, submitted=_d(3), ready=_d(4), back=_d(5))
    client.force_login(street_officer)
    response = client.get(
        reverse("reports:community_work"), {"node": world.subdistrict.pk, "start": "2026-03-01", "end": "2026-03-31"}
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    card = soup.select_one('a[data-figure="errands.on_time"]')
    assert card is not None and "100.0%" in card.text
    assert soup.select_one('[data-figure="errands.received"]') is not None
    assert soup.select_one('[data-figure="rosters.shifts_covered"]') is not None
    # The link opens the errands of that place and period.
    assert client.get(card["href"]).status_code == 200
