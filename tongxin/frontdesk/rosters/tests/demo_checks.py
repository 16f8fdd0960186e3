"""Checks of the seeded demo's rosters (collected by tongxin/interfaces/demo/tests/test_seed_demo.py)."""

from __future__ import annotations

import datetime

from django.utils.timezone import localtime

from tongxin.frontdesk.rosters.models import Assignment, Rota, Shift, Swap
from tongxin.frontdesk.rosters.queries import shift_rows
from tongxin.platform.access.models import RoleAssignment

TODAY = datetime.date(2026, 11, 23)
NEXT_MONDAY = TODAY + datetime.timedelta(days=7 - TODAY.weekday())


def _secretarys_community() -> int:
    return int(RoleAssignment.objects.get(user__username="secretary", role="community").node_id or 0)


def test_two_communities_have_a_front_desk_and_a_night_checkpoint_rota() -> None:
    assert Rota.objects.filter(kind="front_desk").values("community").distinct().count() == 2
    assert Rota.objects.filter(kind="checkpoint").values("community").distinct().count() == 2
    assert Rota.objects.filter(community_id=_secretarys_community()).count() == 2


def test_this_months_weekday_shifts_with_two_people_mostly_checked_in() -> None:
    desk = Shift.objects.filter(rota__kind="front_desk", rota__community_id=_secretarys_community())
    month = desk.filter(date__gte=TODAY.replace(day=1), date__lte=TODAY)
    assert month.count() == 16  # the weekdays of 1–23 November 2026
    assert not desk.filter(date__week_day__in=[1, 7]).exists()  # no Saturday or Sunday
    past = Assignment.objects.filter(shift__in=month.filter(date__lt=TODAY))
    checked = past.filter(checked_in_at__isnull=False).count()
    assert 0.75 * past.count() <= checked < past.count()
    assert all(s.needed == 2 for s in month)


def test_one_gap_next_week_and_a_night_shift_ending_the_next_morning() -> None:
    for community in Rota.objects.values_list("community_id", flat=True).distinct():
        week = shift_rows(
            Shift.objects.filter(
                rota__community_id=community,
                rota__kind="front_desk",
                date__gte=NEXT_MONDAY,
                date__lt=NEXT_MONDAY + datetime.timedelta(days=7),
            )
        )
        assert [s.date for s in week if getattr(s, "assigned", 0) < s.needed] == [
            NEXT_MONDAY + datetime.timedelta(days=2)
        ]
    night = Shift.objects.filter(rota__kind="checkpoint").first()
    assert night is not None and night.overnight and localtime(night.ends).date() > localtime(night.starts).date()


def test_a_swap_waits_for_approval() -> None:
    waiting = Swap.objects.filter(status="accepted")
    assert waiting.count() == 2
    for swap in waiting:
        assert swap.to_user_id != swap.from_user_id
        assert swap.assignment.shift.date > TODAY
