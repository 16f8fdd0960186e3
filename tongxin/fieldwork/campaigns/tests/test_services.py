"""Campaign services: targets generated per kind of place and target, checked on the ground, a
problem becoming a case in one step, no check after close, the closing counts, and points."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tongxin.fieldwork.campaigns import services
from tongxin.fieldwork.campaigns.models import Campaign, Target
from tongxin.fieldwork.campaigns.tests.support import campaign, grate, staff
from tongxin.grid.cases.models import Case
from tongxin.platform.core.exceptions import DomainError, Forbidden
from tongxin.platform.core.tree_ops import node_insert
from tongxin.registry.areas.models import Area, Household, Level

pytestmark = pytest.mark.django_db


def _area(parent: Any, level: str, name: str) -> Area:
    made = node_insert(Area(parent=parent, level=level, name=name))
    assert isinstance(made, Area)
    return made


def test_a_household_sweep_has_a_target_per_household_in_its_grid(world: Any) -> None:
    c = campaign(world.community)
    targets = {t.household_id: t for t in c.targets.all()}
    assert set(targets) == {world.household1.pk, world.household2.pk}
    assert targets[world.household1.pk].grid_id == world.grid1.pk
    assert targets[world.household1.pk].place_id == world.building1.pk
    assert targets[world.household1.pk].label == "1号楼 101"
    assert targets[world.household2.pk].grid_id == world.grid2.pk


def test_a_sweep_of_one_grid_and_of_buildings_and_entrances(world: Any) -> None:
    entrance = _area(world.building1, Level.ENTRANCE, "2单元")
    Household.objects.create(area=entrance, grid=world.grid1, number="502")
    one_grid = campaign(world.grid1)
    assert sorted(t.label for t in one_grid.targets.all()) == ["1号楼 101", "1号楼 2单元 502"]
    buildings = campaign(world.community, kind="other")
    assert sorted(t.label for t in buildings.targets.all()) == ["1号楼", "2号楼"]
    entrances = campaign(world.community, kind="other", target_kind="entrance")
    assert [t.label for t in entrances.targets.all()] == ["1号楼 2单元"]
    assert entrances.community_id == world.community.pk


def test_targets_are_written_in_the_same_queries_whatever_the_size(world: Any) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            campaign(world.community, start=False)
        return len(ctx.captured_queries)

    staff()  # the acting account exists before counting
    small = queries()
    for i in range(30):
        Household.objects.create(area=world.building2, grid=world.grid2, number=f"9{i:02d}")
    assert queries() == small


def test_a_flood_campaign_checks_the_active_rain_grates_of_the_place(world: Any) -> None:
    grate(world.community, world.grid1, "YS-001", world.building1)
    grate(world.community, world.grid2, "YS-002")
    retired = grate(world.community, world.grid2, "YS-003")
    services.point_save(
        actor=staff(), point=retired, kind="rain_grate", name="YS-003", latitude="30.5", longitude="114.3",
        grid=world.grid2, is_active=False,
    )  # fmt: skip
    c = campaign(world.community, kind="flood")
    assert c.target_kind == "point" and c.point_kind == "rain_grate"
    assert sorted(t.label for t in c.targets.all()) == ["YS-001（1号楼）", "YS-002"]
    only_grid1 = campaign(world.grid1, kind="flood")
    assert [t.point.name for t in only_grid1.targets.all()] == ["YS-001"]


def test_nothing_to_check_is_refused_and_nothing_is_saved(world: Any) -> None:
    with pytest.raises(DomainError):
        campaign(world.community, kind="flood")
    assert not Campaign.objects.exists()


def test_only_the_office_sets_up_a_campaign(world: Any, street_officer: Any, grid_worker: Any, secretary: Any) -> None:
    today = timezone.localdate()
    for actor in (street_officer, grid_worker):
        with pytest.raises(Forbidden):
            services.campaign_create(actor=actor, place=world.community, kind="census", starts_on=today, ends_on=today)
    with pytest.raises(Forbidden):
        services.campaign_create(
            actor=secretary, place=world.other_community, kind="census", starts_on=today, ends_on=today
        )
    made = services.campaign_create(
        actor=secretary, place=world.community, kind="census", starts_on=today, ends_on=today
    )
    assert made.name and made.targets.count() == 2


def test_a_check_records_the_result_and_a_problem_becomes_a_case(world: Any, grid_worker: Any) -> None:
    c = campaign(world.community)
    t1 = c.targets.get(household=world.household1)
    services.target_check(actor=grid_worker, target=t1, result="ok")
    t1.refresh_from_db()
    assert t1.result == "ok" and t1.checked_by == grid_worker and t1.checked_at is not None and t1.case is None
    checked = services.target_check(actor=grid_worker, target=t1, result="problem", note="楼道堆放杂物")
    case = checked.case
    assert case is not None
    assert case.area_id == world.building1.pk and case.household_id == world.household1.pk
    assert case.category.code == "safety"
    assert "楼道堆放杂物" in case.description and c.name in case.description
    # A second problem while the case is open adds no second case.
    again = services.target_check(actor=grid_worker, target=t1, result="problem", note="仍未清理")
    assert again.case_id == case.pk and Case.objects.count() == 1


def test_a_problem_at_a_point_is_placed_at_the_point(world: Any, grid_worker: Any) -> None:
    grate(world.community, world.grid1, "YS-001")
    c = campaign(world.community, kind="flood")
    t = services.target_check(actor=grid_worker, target=c.targets.get(), result="problem", note="篦子堵塞")
    assert t.case is not None and t.case.area_id == world.grid1.pk
    assert str(t.case.latitude) == "30.500000" and t.case.category.code == "blocked_drain"


def test_a_problem_needs_a_note_and_a_result_from_the_list(world: Any, grid_worker: Any) -> None:
    t = campaign(world.community).targets.get(household=world.household1)
    with pytest.raises(DomainError):
        services.target_check(actor=grid_worker, target=t, result="problem", note="  ")
    with pytest.raises(DomainError):
        services.target_check(actor=grid_worker, target=t, result="maybe")
    with pytest.raises(DomainError):
        services.target_check(actor=grid_worker, target=t, result="ok", note="x" * 1001)
    t.refresh_from_db()
    assert t.checked_at is None and not Case.objects.exists()


def test_only_the_place_s_field_workers_check(
    world: Any, neighbour_grid_worker: Any, street_officer: Any, building_leader: Any
) -> None:
    c = campaign(world.community)
    t1 = c.targets.get(household=world.household1)
    for actor in (neighbour_grid_worker, street_officer):
        with pytest.raises(Forbidden):
            services.target_check(actor=actor, target=t1, result="ok")
    assert services.target_check(actor=building_leader, target=t1, result="ok").result == "ok"
    with pytest.raises(Forbidden):
        services.target_check(actor=building_leader, target=c.targets.get(household=world.household2), result="ok")


def test_no_check_before_the_start_or_after_the_close(world: Any, grid_worker: Any) -> None:
    draft = campaign(world.community, start=False)
    with pytest.raises(DomainError):
        services.target_check(actor=grid_worker, target=draft.targets.all()[0], result="ok")
    c = campaign(world.community)
    t1 = c.targets.get(household=world.household1)
    services.target_check(actor=grid_worker, target=t1, result="problem", note="灭火器过期")
    closed = services.campaign_close(actor=staff(), campaign=c, summary="全部排查完毕，发现隐患1处。")
    assert (closed.closed_targets, closed.closed_checked, closed.closed_problems, closed.closed_cases_open) == (
        2,
        1,
        1,
        1,
    )
    with pytest.raises(DomainError):
        services.target_check(actor=grid_worker, target=t1, result="ok")
    with pytest.raises(DomainError):
        services.campaign_close(actor=staff(), campaign=closed, summary="again")
    t1.refresh_from_db()
    assert t1.result == "problem"


def test_closing_needs_a_summary_and_the_office(world: Any, street_officer: Any) -> None:
    c = campaign(world.community)
    with pytest.raises(DomainError):
        services.campaign_close(actor=staff(), campaign=c, summary=" ")
    with pytest.raises(Forbidden):
        services.campaign_close(actor=street_officer, campaign=c, summary="x")
    assert Campaign.objects.get(pk=c.pk).status == "running"


def test_dates_and_kinds_are_checked(world: Any) -> None:
    today = timezone.localdate()
    bad: list[dict[str, Any]] = [
        {"kind": "nope", "starts_on": today, "ends_on": today},
        {"kind": "census", "starts_on": today, "ends_on": today - datetime.timedelta(days=1)},
        {"kind": "census", "starts_on": today, "ends_on": today + datetime.timedelta(days=400)},
        {"kind": "census", "starts_on": "2026-01-01", "ends_on": today},
        {"kind": "census", "starts_on": today, "ends_on": today, "target_kind": "planet"},
        {"kind": "census", "starts_on": today, "ends_on": today, "name": "名" * 101},
    ]
    for fields in bad:
        with pytest.raises(DomainError):
            services.campaign_create(actor=staff(), place=world.community, **fields)
    with pytest.raises(DomainError):
        services.campaign_create(actor=staff(), place=world.district, kind="census", starts_on=today, ends_on=today)
    assert not Campaign.objects.exists()


def test_a_point_finds_its_grid_from_its_building_and_refuses_a_foreign_one(world: Any) -> None:
    p = services.point_save(
        actor=staff(), community=world.community, kind="slope", name="BP-1", latitude="30.1", longitude="114.2",
        building=world.building2,
    )  # fmt: skip
    assert p.grid_id == world.grid2.pk
    for fields in (
        {"grid": world.other_grid},
        {"building": world.building2, "grid": world.grid1},
        {"latitude": "91"},
        {"longitude": "abc"},
        {"latitude": "NaN"},
        {"kind": "volcano"},
        {"name": ""},
        {},  # no grid, no building, no outline holding the point
    ):
        args = {"kind": "slope", "name": "BP-2", "latitude": "30.1", "longitude": "114.2", **fields}
        with pytest.raises(DomainError):
            services.point_save(actor=staff(), community=world.community, **args)
    with pytest.raises(DomainError):  # the same name twice
        services.point_save(
            actor=staff(), community=world.community, kind="slope", name="BP-1", latitude="30.1", longitude="114.2",
            grid=world.grid1,
        )  # fmt: skip


def test_the_grid_comes_from_the_outline_holding_the_point(world: Any) -> None:
    world.grid1.outline = {
        "type": "Polygon",
        "coordinates": [[[114.0, 30.0], [114.5, 30.0], [114.5, 30.5], [114.0, 30.5], [114.0, 30.0]]],
    }
    world.grid1.save()
    p = services.point_save(
        actor=staff(), community=world.community, kind="fire_exit", name="XF-1", latitude="30.2", longitude="114.2"
    )
    assert p.grid_id == world.grid1.pk


def test_a_target_is_one_object_once(world: Any) -> None:
    from django.db import IntegrityError, transaction

    c = campaign(world.community)
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            campaign=c, household=world.household1, place=world.building1, grid=world.grid1, label="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            campaign=c, area=world.building1, household=world.household2, place=world.building1, grid=world.grid1
        )
