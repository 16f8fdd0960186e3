"""The demo's honours, seeded with the tiny demo: last year's three awards conferred, this
year's families in publicity, the wall's four boards with photos not all consented.

The checks read the one tiny demo seeded for them all, and are collected by
tongxin/interfaces/demo/tests/test_seed_demo.py (seeding is 10–20 s: once, not once a module)."""

from __future__ import annotations

import time

from tongxin.council.honours.demo import seed_honours
from tongxin.council.honours.models import (
    Award,
    AwardState,
    Deed,
    Nomination,
    NominationObjection,
    NominationSource,
    NominationState,
    WallBoard,
)
from tongxin.interfaces.demo.tests.support import TODAY
from tongxin.registry.areas.models import Area, Level


def community() -> Area:
    return Area.objects.get(name="同心社区", level=Level.COMMUNITY)


def test_last_year_the_ten_families_were_chosen_from_sixteen_some_nominated_on_the_public_page() -> None:
    award = Award.objects.get(area=community(), year=TODAY.year - 1, name="十佳孝老爱亲和谐家庭")
    assert award.state == AwardState.AWARDED
    nominations = list(award.nominations.all())
    assert len(nominations) == 16
    assert sum(n.state == NominationState.WINNER for n in nominations) == 10
    assert all(n.decline_reason for n in nominations if n.state == NominationState.DECLINED)
    assert sum(n.source == NominationSource.PUBLIC for n in nominations) >= 4
    assert all(n.display_name.endswith("家") and not any(c.isdigit() for c in n.display_name) for n in nominations)
    # The one objection was answered before the award.
    assert NominationObjection.objects.filter(nomination__award=award).exclude(answer="").count() == 1


def test_members_and_volunteers_conferred_last_year_and_this_years_families_in_publicity() -> None:
    last = {a.name: a for a in Award.objects.filter(area=community(), year=TODAY.year - 1)}
    assert last["优秀党员"].state == last["优秀志愿者"].state == AwardState.AWARDED
    assert Nomination.objects.filter(award=last["优秀党员"], source=NominationSource.BRANCH).exists()
    now = Award.objects.get(area=community(), year=TODAY.year, name="十佳孝老爱亲和谐家庭")
    assert now.state == AwardState.PUBLICITY
    assert now.publicity_starts is not None and now.publicity_starts.date() < TODAY < now.publicity_ends.date()
    volunteers = Award.objects.get(area=community(), year=TODAY.year, name="优秀志愿者")
    assert volunteers.nominations.filter(state=NominationState.SUBMITTED).count() == 2


def test_the_wall_has_four_boards_of_six_some_photos_without_consent() -> None:
    deeds = list(Deed.objects.filter(area=community()))
    assert {d.board for d in deeds} == set(WallBoard.values)
    assert all(sum(d.board == b for d in deeds) == 6 for b in WallBoard.values)
    assert any(d.photo and d.photo_consent for d in deeds)
    assert any(d.photo and not d.photo_consent for d in deeds)
    assert all(d.happened_on < TODAY for d in deeds)


def test_a_second_call_adds_nothing_and_a_first_is_quick() -> None:
    before = Nomination.objects.count()
    assert seed_honours([community().path], today=TODAY, seed=0) == {}
    assert Nomination.objects.count() == before
    # Written again from nothing (inside the module's transaction): under two seconds of this
    # process's time (CPU time: other processes on a busy machine do not count against it).
    Award.objects.filter(area=community()).delete()
    Deed.objects.filter(area=community()).delete()
    started = time.process_time()
    counts = seed_honours([community().path], today=TODAY, seed=0)
    assert time.process_time() - started < 2
    assert counts["awards"] == 5 and counts["deeds"] == 24 and Nomination.objects.count() == before
