"""The member information board's two figures (seed 001) against a hand-made set.

World (conftest): 甲社区 with 第一网格党支部 (赵党员), 第二网格党支部 (钱党员) and 示范医院党支部 (a
co-building unit's branch, not anchored in a place). Added here:

- 孙党员: the hospital branch, lives in 李四's household (2号楼, in 甲社区) → a member of 甲社区;
- 周党员: the hospital branch, no household → not a member of 甲社区 (nothing ties them to it);
- 吴党员: 第一网格党支部 but transferred out → not counted;
- 郑党员: the hospital branch, lives in 乙社区 → not a member of 甲社区.

Members of 甲社区: 赵, 钱, 孙 = 3.
Shown on the board: 赵 (card shown), 孙 (card shown); 钱's card is hidden; 周 is shown but not
a member here → shown = 2, coverage = 2/3.
Served in the year: 赵 (a pledge kept: a fulfilment entry dated this year), 孙 (confirmed
in-service hours this year); 钱 only last year's entry and this year's unconfirmed hours; 周 an
entry this year but not a member here → served = 2, participation = 2/3.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tongxin.council.commitments.queries import board_figures
from tongxin.council.commitments.tests.support import card, member, pledge

pytestmark = pytest.mark.django_db


def _log(m: Any, community: Any, day: datetime.date, *, confirmed: bool) -> None:
    from tongxin.partylife.inservice.models import ReportIn, ServiceLog

    report = ReportIn.objects.create(member=m, community=community, reported_on=datetime.date(day.year - 1, 3, 1))
    ServiceLog.objects.create(
        member=m, report_in=report, served_on=day, hours=Decimal("2"), description="楼道清扫",
        confirmed_at=timezone.now() if confirmed else None,
    )  # fmt: skip


def test_coverage_and_participation_by_hand(world: Any) -> None:
    year = timezone.localdate().year
    jan = datetime.date(year, 1, 15)
    c = world.community
    sun = member(world.unit_branch, "孙党员", resident=world.lisi)
    zhou = member(world.unit_branch, "周党员")
    member(world.branch1, "吴党员", left=True)
    member(world.unit_branch, "郑党员", resident=world.wangwu)

    card(world.member1, c, post="党员中心户")
    card(world.member2, c, shown=False)
    card(sun, c, post="楼栋长")
    from tongxin.council.commitments.models import MemberCard

    MemberCard.objects.create(member=zhou, shown=True)

    pledge(world.member1, c, entries=1)  # an entry dated this year
    pledge(world.member2, c, year=year - 1, entries=1)  # last year's only
    _log(world.member2, c, jan, confirmed=False)
    _log(sun, c, jan, confirmed=True)
    p = pledge(world.member1, c, year=year)
    assert p.fulfilments.count() == 1
    # 周 kept a pledge recorded elsewhere: counted nowhere here (not a member of 甲社区).
    from tongxin.council.commitments.models import Fulfilment, Pledge

    other = Pledge.objects.create(member=zhou, community=world.other_community, year=year, pledged_on=jan)
    Fulfilment.objects.create(pledge=other, done_on=jan, text="帮扶")

    with CaptureQueriesContext(connection) as ctx:
        figures = board_figures(c, year)
    assert len(ctx) == 1  # both figures in one statement
    assert (figures.members, figures.shown, figures.served) == (3, 2, 2)
    assert figures.coverage == pytest.approx(2 / 3)
    assert figures.participation == pytest.approx(2 / 3)

    # Last year: 钱's entry counts, 赵 and 孙 had nothing → 1 of 3.
    assert board_figures(c, year - 1).served == 1


def test_no_members_no_ratio(world: Any) -> None:
    figures = board_figures(world.other_community, timezone.localdate().year)
    assert figures.members == 0
    assert figures.coverage is None and figures.participation is None
