"""Every co-building figure against a data set made by hand, the expected numbers worked out in
the comments; the period's edges; the page's scope; a fixed number of queries at two sizes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.cobuilding.agreements.models import Agreement, Commitment, Delivery
from tongxin.cobuilding.overview import figures as f
from tongxin.cobuilding.projects.models import Need, Project
from tongxin.cobuilding.resources.models import Booking, Resource
from tongxin.registry.cobuild.models import ResidentUnit

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
D = datetime.date


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SH)


def _project(world: Any, community: Any, unit: Any, title: str, **kw: Any) -> Project:
    need = Need.objects.create(community=community, category="elderly", title=title, status="claimed")
    return Project.objects.create(need=need, community=community, unit=unit, title=title, **kw)


def _agreement(unit: Any, community: Any, year: int, **kw: Any) -> Agreement:
    return Agreement.objects.create(
        unit=unit,
        community=community,
        year=year,
        title=f"{unit.name} {year}",
        starts_on=D(year, 1, 1),
        ends_on=D(year, 12, 31),
        **kw,
    )


@pytest.fixture
def data(world: Any) -> Any:
    jia, yi = world.community, world.other_community
    # Units: 示范医院 and 第三单位 in 甲, 乙社区超市 in 乙 → 3 (甲 2, 乙 1).
    third = ResidentUnit.objects.create(name="第三单位", credit_code="91110000600037342X", area=jia)
    # Agreements: a1 (甲, 2026, signed) is in force; a2 (乙, 2025) ended before the period; a3 is a
    # draft → in force: 1.
    a1 = _agreement(world.unit, jia, 2026, status="signed", signed_on=D(2025, 12, 20))
    a2 = _agreement(world.other_unit, yi, 2025, status="signed", signed_on=D(2024, 12, 20))
    _agreement(third, jia, 2026)
    money_c = Commitment.objects.create(agreement=a1, kind="money", description="资助", quantity=Decimal("10000"))
    hours_c = Commitment.objects.create(
        agreement=a1, kind="volunteer_hours", description="志愿服务", quantity=Decimal("100")
    )
    old_c = Commitment.objects.create(agreement=a2, kind="money", description="旧资助", quantity=Decimal("800"))
    # Money: 3000.50 on the first day + 7000 on the last day = 10000.50 (≥ 10000: fully delivered);
    # 200 the day after the period and 800 the day before it do not count.
    Delivery.objects.create(commitment=money_c, delivered_on=START, quantity=Decimal("3000.50"))
    Delivery.objects.create(commitment=money_c, delivered_on=END, quantity=Decimal("7000"))
    Delivery.objects.create(commitment=money_c, delivered_on=D(2027, 1, 1), quantity=Decimal("200"))
    Delivery.objects.create(commitment=old_c, delivered_on=D(2025, 12, 31), quantity=Decimal("800"))
    # Volunteer hours delivered: 20 entered + 15 written by a project = 35 of 100 (not fully delivered).
    Delivery.objects.create(commitment=hours_c, delivered_on=D(2026, 3, 1), quantity=Decimal("20"))
    Delivery.objects.create(
        commitment=hours_c, delivered_on=D(2026, 6, 1), quantity=Decimal("15"), source="project", source_id=1
    )
    # Projects.
    _project(
        world, jia, world.unit, "p1 completed in the period", state="completed", claimed_at=at(D(2026, 2, 1)),
        completed_on=D(2026, 5, 10), volunteer_hours=Decimal("12.5"), people_served=40,
    )  # fmt: skip
    _project(
        world, jia, third, "p2 in progress", state="in_progress", claimed_at=at(D(2026, 3, 1)),
        started_on=D(2026, 3, 5),
    )  # fmt: skip
    _project(
        world, jia, world.unit, "p3 completed before the period", state="completed",
        claimed_at=at(D(2025, 11, 1)), completed_on=D(2025, 12, 31), volunteer_hours=Decimal("7"), people_served=99,
    )  # fmt: skip
    _project(world, yi, world.other_unit, "p4 claimed on the last evening", state="claimed",
             claimed_at=at(END, 23, 30))  # fmt: skip
    need = Need.objects.create(community=jia, category="elderly", title="p5", status="claimed")
    Project.objects.create(
        need=need, community=jia, member=world.member1, title="p5 offered", state="proposed",
        claimed_at=at(D(2026, 4, 1)),
    )  # fmt: skip
    # Bookings of a hall in 甲: approved 09:00–11:30 (2.5 h) counts; refused, requested, and an
    # approved one the day before the period do not.
    hall = Resource.objects.create(
        community=jia, unit=world.unit, kind="venue", name="礼堂", bookable=True,
        opens_at=datetime.time(8), closes_at=datetime.time(20),
    )  # fmt: skip
    for day, status, end_h, end_m in [
        (D(2026, 4, 1), "approved", 11, 30),
        (D(2026, 4, 2), "refused", 10, 0),
        (D(2026, 4, 3), "requested", 10, 0),
        (D(2025, 12, 31), "approved", 10, 0),
    ]:
        Booking.objects.create(
            resource=hall, starts_at=at(day), ends_at=at(day, end_h, end_m), user_group="老年协会",
            purpose="活动", status=status,
        )  # fmt: skip
    return world


def test_every_figure_against_the_hand_made_set(data: Any) -> None:
    node = data.subdistrict
    figs = f.all_figures(node, START, END)
    jia, yi = data.community.path, data.other_community.path
    assert figs.units.total() == 3  # 示范医院, 第三单位 (甲), 乙社区超市 (乙)
    assert (figs.units.under(jia), figs.units.under(yi)) == (2, 1)
    assert figs.agreements.total() == 1  # a1; a2 ended 2025-12-31, a3 is a draft
    assert figs.agreements.under(yi) == 0
    # Commitments of a1: money 10000.50 ≥ 10000 (full), volunteer hours 35 < 100 → 1 of 2.
    assert (figs.commitments.fully_delivered.total(), figs.commitments.total.total()) == (1, 2)
    kinds = {k.kind: (k.promised, k.delivered, k.measure) for k in figs.commitments.kinds}
    # Delivered up to the period's end: 3000.50 + 7000 (the 2027 delivery is after it).
    assert kinds["money"][:2] == (Decimal("10000"), Decimal("10000.50"))
    assert kinds["volunteer_hours"][:2] == (Decimal("100"), Decimal("35"))
    assert kinds["money"][2] and kinds["volunteer_hours"][2]
    # Claimed in the period: p1 (2-1), p2 (3-1), p4 (12-31 23:30 Beijing time) = 3; p3 in 2025, p5 only offered.
    assert figs.projects.claimed.total() == 3
    assert (figs.projects.claimed.under(jia), figs.projects.claimed.under(yi)) == (2, 1)
    assert figs.projects.in_progress.total() == 1  # p2
    assert figs.projects.completed.total() == 1  # p1; p3 was completed 2025-12-31
    # Bookings: one approved in the period, 09:00–11:30 = 2.5 hours, one hall.
    assert figs.resources.bookings.total() == 1
    assert figs.resources.hours.total() == Decimal("2.5")
    assert figs.resources.resources.total() == 1
    assert figs.money.total() == Decimal("10000.50")  # 3000.50 (first day) + 7000 (last day)
    # Volunteer hours: 20 entered (the 15 a project wrote are its own) + p1's 12.5 = 32.5.
    assert figs.volunteer_hours.total() == Decimal("32.5")
    assert figs.people_served.total() == 40  # p1; p3's 99 were served in 2025


def test_the_period_edges(data: Any) -> None:
    node = data.subdistrict
    # Only the first day: the 3000.50 delivered then; only the last day: the 7000 and p4's claim.
    assert f.money(node, START, START).total() == Decimal("3000.50")
    assert f.money(node, END, END).total() == Decimal("7000")
    assert f.projects(node, END, END).claimed.total() == 1
    # The day before the period: the 800 of the ended agreement and p3's completion.
    before = D(2025, 12, 31)
    assert f.money(node, before, before).total() == Decimal("800")
    assert f.people_served(node, before, before).total() == 99


def test_a_community_counts_its_own(data: Any) -> None:
    figs = f.all_figures(data.other_community, START, END)
    assert (figs.units.total(), figs.agreements.total(), figs.projects.claimed.total()) == (1, 0, 1)
    assert figs.money.total() == Decimal("0")


def test_the_page_shows_the_figures_and_the_table_per_community(client: Any, data: Any, street_officer: Any) -> None:
    client.force_login(street_officer)
    url = reverse("cobuilding:figures")
    response = client.get(url, {"node": data.subdistrict.pk, "start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "¥10,000.50" in page
    rows = [r["area"] for r in response.context["rows"]]
    # The subdistrict's communities in the tree's order.
    assert rows == sorted(rows, key=lambda a: (a.sort_order, a.path))
    assert {a.pk for a in rows} >= {data.community.pk, data.other_community.pk}
    headline = {c["key"]: c["text"] for c in response.context["headline"]}
    assert headline["commitments"] == "1 / 2"
    assert headline["claimed"] == 3
    assert "cobuilding-chart-data" in page and "echarts" in page


def test_bad_dates_are_a_message(client: Any, data: Any, street_officer: Any) -> None:
    client.force_login(street_officer)
    url = reverse("cobuilding:figures")
    response = client.get(url, {"start": "2026-13-01"})
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client.get(url, {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_scope(client: Any, data: Any, grid_worker: Any, secretary: Any) -> None:
    url = reverse("cobuilding:figures")
    client.force_login(grid_worker)
    assert client.get(url).status_code == 403
    client.force_login(secretary)
    # The neighbouring community is not theirs: it does not exist for them.
    assert client.get(url, {"node": data.other_community.pk}).status_code == 404
    assert client.get(url, {"node": data.community.pk}).status_code == 200


def _grow(world: Any, first: int, n: int) -> None:
    for i in range(first, first + n):
        unit = ResidentUnit.objects.create(name=f"单位{i}", credit_code=f"9111000060003{i:04d}X", area=world.community)
        a = _agreement(unit, world.community, 2026, status="signed", signed_on=D(2026, 1, 1))
        c = Commitment.objects.create(agreement=a, kind="money", description="x", quantity=Decimal("10"))
        Delivery.objects.create(commitment=c, delivered_on=D(2026, 2, 1), quantity=Decimal("5"))
        _project(world, world.community, unit, f"p{i}", state="claimed", claimed_at=at(D(2026, 2, 1)))


def test_a_fixed_number_of_queries(client: Any, world: Any, street_officer: Any) -> None:
    client.force_login(street_officer)
    url = reverse("cobuilding:figures")
    counts = []
    for first, n in ((0, 2), (2, 10)):
        _grow(world, first, n)
        client.get(url)  # warm the session and the scope
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"start": "2026-01-01", "end": "2026-12-31"})
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
