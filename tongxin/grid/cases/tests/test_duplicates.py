"""Possible duplicates (same category, same place or within N metres, within N days) and merging."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tongxin.grid.cases import duplicates as dup
from tongxin.grid.cases import services
from tongxin.grid.cases.exceptions import CaseChanged, TransitionNotAllowed
from tongxin.grid.cases.figures import case_figures
from tongxin.grid.cases.models import Case, CaseCategory, CaseEvent
from tongxin.grid.cases.workflow import State
from tongxin.platform.core.exceptions import DomainError

SH = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.datetime(2026, 11, 16, 9, 0, tzinfo=SH)
# About 0.001° of latitude is 111 m; of longitude at 30° N, 96 m.
LAT, LON = Decimal("30.500000"), Decimal("114.300000")


@pytest.fixture
def lamp(db):
    return CaseCategory.objects.create(code="t_lamp", name_zh="路灯不亮", accept_limit=4, resolve_limit=2)


def report(actor, category, area, *, at=MONDAY, lat=None, lon=None, phone="", text="路灯不亮"):
    return services.case_report(
        actor=actor,
        category=category,
        description=text,
        area=area,
        at=at,
        latitude=lat,
        longitude=lon,
        reporter_phone=phone,
    )


def test_metres_between_is_right_to_a_metre():
    # One thousandth of a degree of latitude: 111.2 m on the mean sphere.
    assert round(dup.metres_between(LAT, LON, LAT + Decimal("0.001"), LON)) == 111
    assert round(dup.metres_between(LAT, LON, LAT, LON + Decimal("0.001"))) == 96
    assert dup.metres_between(LAT, LON, LAT, LON) == 0


def test_same_building_near_point_and_time_window(world, grid_worker, secretary, lamp):
    first = report(grid_worker, lamp, world.building1)
    same_building = report(grid_worker, lamp, world.building1, at=MONDAY + datetime.timedelta(days=2))
    # In the grid (no building) but 89 m away by the map: near enough (150 m by default).
    near = report(grid_worker, lamp, world.grid1, lat=LAT, lon=LON)
    near2 = report(grid_worker, lamp, world.grid1, lat=LAT + Decimal("0.0008"), lon=LON)
    far = report(grid_worker, lamp, world.grid1, lat=LAT + Decimal("0.004"), lon=LON)  # 445 m, 356 m from near2
    too_late = report(grid_worker, lamp, world.building1, at=MONDAY + datetime.timedelta(days=8))
    other_kind = services.case_report(
        actor=grid_worker,
        category=CaseCategory.objects.create(code="t_rubbish", name_zh="垃圾"),
        description="x",
        area=world.building1,
        at=MONDAY,
    )
    other_grid = report(secretary, lamp, world.building2)

    found = dup.possible_duplicates(first, secretary)
    assert [d.case for d in found] == [same_building]
    assert found[0].same_place and found[0].metres is None
    found = dup.possible_duplicates(near, secretary)
    assert [(d.case, d.metres) for d in found] == [(near2, 89)]
    assert far not in [d.case for d in dup.possible_duplicates(near, secretary)]
    assert [d.case for d in dup.possible_duplicates(far, secretary)] == []
    assert too_late not in [d.case for d in dup.possible_duplicates(first, secretary)]
    assert other_kind not in [d.case for d in dup.possible_duplicates(first, secretary)]
    assert other_grid not in [d.case for d in dup.possible_duplicates(first, secretary)]


def test_duplicates_respect_scope(world, grid_worker, neighbour_grid_worker, secretary, lamp):
    a = report(grid_worker, lamp, world.grid1, lat=LAT, lon=LON)
    b = report(neighbour_grid_worker, lamp, world.grid2, lat=LAT, lon=LON + Decimal("0.0005"))
    # Across the grid boundary: the secretary sees both; each grid worker only their own.
    assert [d.case for d in dup.possible_duplicates(a, secretary)] == [b]
    assert dup.possible_duplicates(a, grid_worker) == []


def test_merge_folds_the_duplicate_and_its_reporter_hears_the_result(
    world, grid_worker, secretary, lamp, outbox, django_capture_on_commit_callbacks
):
    main = report(grid_worker, lamp, world.building1)
    with django_capture_on_commit_callbacks(execute=True):
        copy = report(None, lamp, world.building1, at=MONDAY + datetime.timedelta(hours=3), phone="13912345678")
        copy = dup.case_merge(case=copy, into=main, actor=grid_worker)
    assert copy.state == State.MERGED and copy.merged_into == main
    assert main.tracking_code in copy.transitions.last().comment
    assert CaseEvent.objects.filter(case=main, kind="merged", key=copy.tracking_code).exists()
    assert [m.phone for m in outbox] == ["13912345678"] and copy.tracking_code in outbox[0].text
    # The work goes on in the main case; the duplicate's reporter hears its steps, under their own code.
    with django_capture_on_commit_callbacks(execute=True):
        main = services.case_transition(case=main, to_state=State.ACCEPTED, actor=grid_worker)
        main = services.case_transition(case=main, to_state=State.ASSIGNED, actor=secretary, assignee=grid_worker)
        main = services.case_transition(case=main, to_state=State.IN_PROGRESS, actor=grid_worker)
        main = services.case_transition(case=main, to_state=State.RESOLVED, actor=grid_worker)
    about_copy = [m for m in outbox if copy.tracking_code in m.text]
    assert len(about_copy) == 3  # merged, accepted, resolved


def test_merge_refusals(world, grid_worker, neighbour_grid_worker, building_leader, secretary, lamp):
    main = report(grid_worker, lamp, world.building1)
    copy = report(grid_worker, lamp, world.building1)
    with pytest.raises(DomainError, match="事件不能合并到它自己"):
        dup.case_merge(case=copy, into=copy, actor=grid_worker)
    with pytest.raises(TransitionNotAllowed, match="您的角色无权对该事件执行此操作"):
        dup.case_merge(case=copy, into=main, actor=building_leader)  # a building leader reports, not merges
    with pytest.raises(TransitionNotAllowed, match="您的角色无权对该事件执行此操作"):
        dup.case_merge(case=copy, into=main, actor=neighbour_grid_worker)
    other_kind = services.case_report(
        actor=grid_worker,
        category=CaseCategory.objects.create(code="t_other", name_zh="其他"),
        description="x",
        area=world.building1,
    )
    with pytest.raises(DomainError, match="只有同类事件才能合并"):
        dup.case_merge(case=copy, into=other_kind, actor=grid_worker)
    stale = Case.objects.get(pk=copy.pk)
    dup.case_merge(case=copy, into=main, actor=grid_worker)
    with pytest.raises(CaseChanged, match="其他人刚刚处理了该事件"):  # someone merged it a moment ago
        dup.case_merge(case=stale, into=main, actor=secretary)
    third = report(grid_worker, lamp, world.building1)
    with pytest.raises(DomainError, match="另一事件已经结束，请合并到办理中的事件"):  # never into a merged case
        dup.case_merge(case=third, into=Case.objects.get(pk=copy.pk), actor=grid_worker)
    started = services.case_transition(case=third, to_state=State.ACCEPTED, actor=grid_worker)
    started = services.case_transition(case=started, to_state=State.ASSIGNED, actor=secretary, assignee=grid_worker)
    # Work has started: no merging any more.
    with pytest.raises(TransitionNotAllowed, match="只有还没开始办理的事件才能合并"):
        dup.case_merge(case=started, into=main, actor=secretary)


def test_merged_cases_do_not_count_twice_in_the_figures(world, grid_worker, secretary, lamp):
    main = report(grid_worker, lamp, world.building1)
    copy = report(grid_worker, lamp, world.building1)
    dup.case_merge(case=copy, into=main, actor=grid_worker)
    rows = case_figures(
        secretary,
        node=world.community,
        start=datetime.date(2026, 11, 1),
        end=datetime.date(2026, 11, 30),
        group_level="grid",
    )
    assert rows[-1].is_total and rows[-1].received == 1


def test_case_page_shows_duplicates_and_merges(client, world, grid_worker, lamp):
    main = report(grid_worker, lamp, world.building1)
    copy = report(grid_worker, lamp, world.building1)
    client.force_login(grid_worker)
    page = client.get(reverse("cases:detail", args=[copy.pk])).content.decode()
    assert main.tracking_code in page and reverse("cases:merge", args=[copy.pk]) in page
    r = client.post(reverse("cases:merge", args=[copy.pk]), {"into": main.pk})
    assert r.status_code == 302 and r["Location"] == reverse("cases:detail", args=[main.pk])
    copy.refresh_from_db()
    assert copy.state == State.MERGED
    # Hostile and stale input: never a 500.
    assert client.post(reverse("cases:merge", args=[copy.pk]), {"into": main.pk}).status_code == 302
    assert client.post(reverse("cases:merge", args=[main.pk]), {"into": "x"}).status_code == 404
    assert client.post(reverse("cases:merge", args=[main.pk]), {}).status_code == 404
