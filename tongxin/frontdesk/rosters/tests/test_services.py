"""The rosters' rules: shifts (a night shift ends the next morning), a period from a weekly pattern
in one bulk write, check-in within the window and only by the person, swaps asked, accepted and
approved, gaps and missed check-ins."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tongxin.frontdesk.rosters import services
from tongxin.frontdesk.rosters.models import Assignment, Shift, Swap
from tongxin.frontdesk.rosters.queries import gaps, missed, on_duty, swaps_for_me
from tongxin.frontdesk.rosters.tests.support import person, rota, shift_at, staff
from tongxin.platform.calendar import SHANGHAI
from tongxin.platform.core.exceptions import DomainError, Forbidden

pytestmark = pytest.mark.django_db


def test_a_night_shift_ends_the_next_morning(world: Any) -> None:
    r = rota(world.community, kind="checkpoint", name="夜班值守")
    s = services.shift_add(
        actor=staff(), rota=r, date=datetime.date(2026, 3, 2), start_time=datetime.time(22), end_time=datetime.time(6)
    )
    assert s.overnight
    assert s.ends - s.starts == datetime.timedelta(hours=8)
    assert timezone.localtime(s.ends, SHANGHAI).date() == datetime.date(2026, 3, 3)


def test_a_period_from_a_weekly_pattern_in_one_bulk_write(world: Any) -> None:
    r = rota(world.community)
    a, b, c = (person(f"t_p{i}", world.community) for i in range(3))
    with CaptureQueriesContext(connection) as ctx:
        created = services.shifts_generate(
            actor=staff(),
            rota=r,
            starts_on=datetime.date(2026, 3, 2),  # a Monday
            ends_on=datetime.date(2026, 3, 15),
            weekdays=[0, 2, 4],
            start_time=datetime.time(8, 30),
            end_time=datetime.time(17, 30),
            needed=2,
            people=[a, b, c],
        )
    assert [s.date.day for s in created] == [2, 4, 6, 9, 11, 13]
    inserts = [q for q in ctx.captured_queries if q["sql"].startswith("INSERT") and "rosters_" in q["sql"]]
    assert len(inserts) == 2  # the shifts, then the assignments
    # Two people each, in turn: a b, c a, b c …
    first = [sorted(x.user.username for x in s.assignments.all()) for s in Shift.objects.filter(rota=r)[:3]]
    assert first == [["t_p0", "t_p1"], ["t_p0", "t_p2"], ["t_p1", "t_p2"]]
    # Generating again leaves the existing days alone.
    again = services.shifts_generate(
        actor=staff(), rota=r, starts_on=datetime.date(2026, 3, 2), ends_on=datetime.date(2026, 3, 16),
        weekdays=[0], start_time=datetime.time(8, 30), end_time=datetime.time(17, 30),
    )  # fmt: skip
    assert [s.date.day for s in again] == [16]


def test_generating_refuses_outsiders_and_bad_patterns(world: Any) -> None:
    r = rota(world.community)
    stranger = person("t_far", world.other_community)
    args: dict[str, Any] = {
        "actor": staff(), "rota": r, "starts_on": datetime.date(2026, 3, 2), "ends_on": datetime.date(2026, 3, 8),
        "start_time": datetime.time(8), "end_time": datetime.time(12),
    }  # fmt: skip
    with pytest.raises(DomainError):
        services.shifts_generate(weekdays=[], **args)
    with pytest.raises(DomainError):
        services.shifts_generate(weekdays=[0], people=[stranger], **args)
    with pytest.raises(DomainError):
        services.shifts_generate(weekdays=[0], needed="many", **args)
    with pytest.raises(DomainError):
        services.shifts_generate(weekdays=[0], **{**args, "ends_on": datetime.date(2027, 3, 8)})
    assert not Shift.objects.exists()


def test_only_the_community_office_keeps_the_rota(world: Any, street_officer: Any, grid_worker: Any) -> None:
    for who in (street_officer, grid_worker):
        with pytest.raises(Forbidden):
            services.rota_save(actor=who, community=world.community, kind="front_desk", name="窗口")


def test_check_in_within_the_window_by_the_person_only(world: Any) -> None:
    worker = person("t_worker", world.community)
    other = person("t_other", world.community)
    now = timezone.now()
    s = shift_at(rota(world.community), now + datetime.timedelta(minutes=20), people=(worker,))
    a = s.assignments.get()
    with pytest.raises(Forbidden):
        services.check_in(actor=other, assignment=a)
    with pytest.raises(DomainError):
        services.check_in(actor=worker, assignment=a, now=now - datetime.timedelta(minutes=30))
    services.check_in(actor=worker, assignment=a, now=now)
    a.refresh_from_db()
    assert a.checked_in_at == now
    # Twice is once.
    services.check_in(actor=worker, assignment=a, now=now + datetime.timedelta(minutes=5))
    a.refresh_from_db()
    assert a.checked_in_at == now
    with pytest.raises(DomainError):
        services.check_in(actor=worker, assignment=a, now=s.ends + datetime.timedelta(minutes=1))


def test_a_swap_asked_accepted_and_approved_moves_the_assignment(world: Any, secretary: Any) -> None:
    asker = person("t_asker", world.community)
    taker = person("t_taker", world.community)
    s = shift_at(rota(world.community), timezone.now() + datetime.timedelta(days=2), people=(asker,))
    a = s.assignments.get()
    swap = services.swap_ask(actor=asker, assignment=a, to_user=taker, note="家里有事")
    with pytest.raises(DomainError):
        services.swap_ask(actor=asker, assignment=a)  # one open swap at a time
    with pytest.raises(DomainError):
        services.swap_approve(actor=secretary, swap=swap)  # not accepted yet
    with pytest.raises(Forbidden):
        services.swap_accept(actor=secretary, swap=swap)  # asked of someone else
    assert list(swaps_for_me(taker, [world.community.path])) == [swap]
    services.swap_accept(actor=taker, swap=swap)
    with pytest.raises(Forbidden):
        services.swap_approve(actor=taker, swap=swap)
    services.swap_approve(actor=secretary, swap=Swap.objects.get(pk=swap.pk))
    a.refresh_from_db()
    assert a.user == taker
    assert Swap.objects.get(pk=swap.pk).status == "approved"


def test_an_offer_is_taken_by_any_of_the_staff(world: Any, secretary: Any, grid_worker: Any) -> None:
    asker = person("t_asker", world.community)
    s = shift_at(rota(world.community), timezone.now() + datetime.timedelta(days=2), people=(asker,))
    swap = services.swap_ask(actor=asker, assignment=s.assignments.get())
    stranger = person("t_far", world.other_community)
    assert not swaps_for_me(stranger, [world.other_community.path]).exists()
    with pytest.raises(Forbidden):
        services.swap_accept(actor=stranger, swap=swap)
    assert list(swaps_for_me(grid_worker, [world.grid1.path])) == [swap]
    services.swap_accept(actor=grid_worker, swap=swap)
    services.swap_approve(actor=secretary, swap=Swap.objects.get(pk=swap.pk))
    assert s.assignments.get().user == grid_worker


def test_gaps_ahead_and_missed_check_ins(world: Any, secretary: Any) -> None:
    worker = person("t_worker", world.community)
    r = rota(world.community)
    now = timezone.now()
    full = shift_at(r, now + datetime.timedelta(days=1), people=(worker,))
    short = shift_at(r, now + datetime.timedelta(days=3), needed=2, people=(worker,))
    shift_at(r, now + datetime.timedelta(days=9), needed=2)  # beyond 7 days
    late = shift_at(r, now - datetime.timedelta(minutes=45), people=(worker,))
    early = shift_at(r, now - datetime.timedelta(minutes=10), hours=4, people=(person("t_new", world.community),))
    assert [s.pk for s in gaps(secretary, now)] == [short.pk]
    assert [a.shift_id for a in missed(secretary, now)] == [late.pk]
    assert full.pk not in {s.pk for s in gaps(secretary, now)}
    assert early.pk in {s.pk for s in on_duty(secretary, timezone.localdate())}


def test_a_checked_in_person_stays_on_the_record(world: Any) -> None:
    worker = person("t_worker", world.community)
    s = shift_at(rota(world.community), timezone.now() - datetime.timedelta(minutes=5), people=(worker,))
    a = s.assignments.get()
    services.check_in(actor=worker, assignment=a)
    with pytest.raises(DomainError):
        services.unassign(actor=staff(), assignment=Assignment.objects.get(pk=a.pk))
    with pytest.raises(DomainError):
        services.shift_remove(actor=staff(), shift=s)
