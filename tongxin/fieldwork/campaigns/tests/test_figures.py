"""Campaign figures and workbench items against a hand-made set whose answers are worked out
by hand below (not by calling the functions under test)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tongxin.fieldwork.campaigns import services
from tongxin.fieldwork.campaigns.tests.support import campaign, staff
from tongxin.grid.cases.models import Case
from tongxin.platform.access.scope import scope_for
from tongxin.platform.web import indicators as ind
from tongxin.platform.web.workbench import Today, workbench_for
from tongxin.registry.areas.models import Household

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")


def _at(year: int, month: int, day: int, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SH)


@pytest.fixture
def made(world: Any) -> dict[str, Any]:
    """Community 甲: a sweep of 25 Oct – 30 Nov over 5 households (101–104 in grid 1, 201 in
    grid 2); 4 checked — 201 ok on 5 Nov; problems at 23:30 on 31 Oct, 00:10 on 1 Nov, and
    20 Nov (that case closed since).
    Community 乙: a sweep of 1–10 Oct over its 1 household, checked ok on 5 Oct.
    A draft in 甲 over November counts nowhere."""
    for n in ("102", "103", "104"):
        Household.objects.create(area=world.building1, grid=world.grid1, number=n)
    a = campaign(world.community, starts_on=datetime.date(2026, 10, 25), ends_on=datetime.date(2026, 11, 30))
    targets = list(a.targets.order_by("sort_key", "id"))
    assert len(targets) == 5
    s = staff()
    services.target_check(actor=s, target=targets[4], result="ok", at=_at(2026, 11, 5, 10, 0))
    p1 = services.target_check(actor=s, target=targets[1], result="problem", note="一", at=_at(2026, 10, 31, 23, 30))
    p2 = services.target_check(actor=s, target=targets[2], result="problem", note="二", at=_at(2026, 11, 1, 0, 10))
    p3 = services.target_check(actor=s, target=targets[3], result="problem", note="三", at=_at(2026, 11, 20, 9, 0))
    assert p3.case is not None
    Case.objects.filter(pk=p3.case.pk).update(state="closed")
    b = campaign(world.other_community, starts_on=datetime.date(2026, 10, 1), ends_on=datetime.date(2026, 10, 10))
    services.target_check(actor=s, target=b.targets.get(), result="ok", at=_at(2026, 10, 5, 9, 0))
    campaign(world.community, start=False, starts_on=datetime.date(2026, 11, 1), ends_on=datetime.date(2026, 11, 30))
    return {"a": a, "b": b, "p1": p1, "p2": p2}


def _compute(key: str, place: Any, start: datetime.date, end: datetime.date) -> ind.Values:
    return ind.INDICATORS[key].compute(place, start, end)


def test_november(world: Any, made: dict[str, Any]) -> None:
    nov = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    sub, jia = world.subdistrict, world.community
    assert _compute("campaigns.coverage", sub, *nov).total() == ind.Ratio(4, 5)
    assert _compute("campaigns.coverage", sub, *nov).under(world.other_community.path) == ind.Ratio(0, 0)
    assert _compute("campaigns.problems", sub, *nov).total() == 2  # 1 Nov 00:10 and 20 Nov
    assert _compute("campaigns.cases_open", sub, *nov).total() == 1  # 20 Nov's case is closed
    assert _compute("campaigns.problems", jia, *nov).under(jia.path) == 2
    assert _compute("campaigns.problems", world.grid2, *nov).total() == 0  # the problems are in grid 1


def test_october(world: Any, made: dict[str, Any]) -> None:
    oct_ = (datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
    coverage = _compute("campaigns.coverage", world.subdistrict, *oct_)
    assert coverage.under(world.community.path) == ind.Ratio(4, 5)
    assert coverage.under(world.other_community.path) == ind.Ratio(1, 1)
    assert coverage.total() == ind.Ratio(5, 6)
    assert coverage.total().percent == Decimal("83.3")
    assert _compute("campaigns.problems", world.subdistrict, *oct_).total() == 1  # 31 Oct 23:30 Shanghai time
    assert _compute("campaigns.cases_open", world.subdistrict, *oct_).total() == 1


def test_who_reads_the_figures(world: Any, street_officer: Any, secretary: Any, grid_worker: Any) -> None:
    may = ind.INDICATORS["campaigns.coverage"].may_read
    assert may(scope_for(street_officer)) and may(scope_for(secretary))
    assert not may(scope_for(grid_worker))


def test_the_grid_worker_s_workbench_counts_what_the_targets_page_shows(
    client: Any, world: Any, made: dict[str, Any], grid_worker: Any
) -> None:
    today = datetime.date(2026, 11, 25)
    bench = workbench_for(grid_worker, Today(now=_at(2026, 11, 25, 9, 0), today=today))
    item = next(i for i in bench.items if i.key == f"campaigns.pending.{made['a'].pk}")
    assert item.count == 1  # grid 1: 101 still to check (102–104 checked)
    assert item.url == reverse("campaigns:targets", args=[made["a"].pk])
    client.force_login(grid_worker)
    page = client.get(item.url)
    assert page.content.decode().count('class="target-card"') == item.count


def test_the_office_sees_campaigns_ending_within_a_week(world: Any, made: dict[str, Any], secretary: Any) -> None:
    bench = workbench_for(secretary, Today(now=_at(2026, 11, 25, 9, 0), today=datetime.date(2026, 11, 25)))
    item = next(i for i in bench.items if i.key == "campaigns.ending")
    assert item.count == 1 and item.rows[0].label == made["a"].name
    later = workbench_for(secretary, Today(now=_at(2026, 11, 1, 9, 0), today=datetime.date(2026, 11, 1)))
    assert next(i for i in later.items if i.key == "campaigns.ending").count == 0


def test_the_workbench_sources_keep_to_their_query_counts(
    world: Any, made: dict[str, Any], secretary: Any, grid_worker: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tongxin.platform.web.workbench import SOURCES

    when = Today(now=_at(2026, 11, 25, 9, 0), today=datetime.date(2026, 11, 25))
    for _ in range(7):
        campaign(world.community, starts_on=datetime.date(2026, 11, 1), ends_on=datetime.date(2026, 11, 28))
    for user, code in ((grid_worker, "campaigns.field"), (secretary, "campaigns.staff")):
        scope = scope_for(user)
        source = SOURCES[code]
        assert source.applies(scope)
        with CaptureQueriesContext(connection) as ctx:
            items = source.items(user, scope, when)
        assert items and len(ctx.captured_queries) <= source.queries, code
    assert not SOURCES["campaigns.field"].applies(scope_for(secretary))
